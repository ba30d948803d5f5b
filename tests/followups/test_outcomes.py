"""Done-when 1: a second monthly insured list in which 20 targets joined shows
"活动以来新参保 20", split by township and by respondent and contact status; importing the
same file again changes nothing."""

import re

import pytest

from django.urls import reverse

from campaigns.models import InsuredChange
from followups.models import FollowUp
from followups.outcomes import county_outcome, township_outcomes

from .conftest import answer, import_insured

pytestmark = pytest.mark.django_db

YAODU, DONGLIU = range(6, 31), range(31, 46)  # 25 + 15 targets
JOINED = [*range(6, 18), *range(31, 39)]  # 12 in 尧渡镇, 8 in 东流镇
ANSWERED = [*range(6, 14), 18, 19]  # 8 of them joined
CONTACTED = [31, 32, 33, 34, 39, 40]  # 4 of them joined


@pytest.fixture
def county(make_firm, campaign, reviewer):
    firms = {n: make_firm(n) for n in range(1, 6)}  # insured before the campaign
    firms |= {n: make_firm(n) for n in YAODU} | {n: make_firm(n, township="东流镇") for n in DONGLIU}
    for n in ANSWERED:
        answer(campaign, firms[n])
    for n in CONTACTED:
        FollowUp.objects.create(enterprise=firms[n], campaign=campaign, way="phone", contacted_on="2024-03-20")
    return firms


def cells(html: str, township: str) -> dict[str, str]:
    row = re.search(rf'<tr data-township="{township}"[^>]*>(.*?)</tr>', html, re.S).group(1)
    return {k: " ".join(v.split()) for k, v in re.findall(r'data-col="(\w+)">(.*?)</td>', row, re.S)}


def outcomes_page(client, campaign) -> str:
    page = client.get(reverse("followups:outcomes"), {"campaign": campaign.pk})
    assert page.status_code == 200
    return page.content.decode()


def test_second_monthly_list_shows_twenty_newly_insured(import_client, county, campaign):
    import_insured(import_client, range(1, 6), "2024-02-01", name="参保名单-2024-02.csv")
    assert "活动以来新参保 0" in outcomes_page(import_client, campaign)

    import_insured(import_client, [*range(1, 6), *JOINED], "2024-04-30", name="参保名单-2024-04.csv")
    html = outcomes_page(import_client, campaign)
    assert "活动以来新参保 20" in html
    yaodu, dongliu, total = cells(html, "尧渡镇"), cells(html, "东流镇"), cells(html, "全县")
    assert (yaodu["targets"], yaodu["newly_insured"], yaodu["answered"]) == ("25", "12", "10")
    assert (dongliu["targets"], dongliu["newly_insured"], dongliu["contacted"]) == ("15", "8", "6")
    assert total["newly_insured"] == "20" and total["rate1"].startswith("20 / 40 = 50.0%")
    assert total["rate2"].startswith("8 / 10 = 80.0%")  # respondents
    assert total["rate3"].startswith("12 / 30 = 40.0%")  # non-respondents
    assert total["rate4"].startswith("4 / 6 = 66.7%") and total["rate5"].startswith("16 / 34")  # contacted / not
    assert "2024-04：20" in html  # the monthly series

    rows = township_outcomes(campaign)
    county_row = county_outcome(rows)
    low, high = county_row.respondents.interval
    assert round(low, 4) == 0.4902 and round(high, 4) == 0.9433  # Wilson, 8/10, z = 1.96

    changes, figures = InsuredChange.objects.count(), html
    import_insured(import_client, [*range(1, 6), *JOINED], "2024-04-30", name="参保名单-2024-04.csv")
    assert InsuredChange.objects.count() == changes
    again = outcomes_page(import_client, campaign)
    assert cells(again, "全县") == cells(figures, "全县") and "活动以来新参保 20" in again


def test_an_officer_sees_only_their_townships_outcomes(client, import_client, officer_dongliu, county, campaign):
    import_insured(import_client, JOINED, "2024-04-30")
    client.force_login(officer_dongliu)
    html = outcomes_page(client, campaign)
    assert cells(html, "东流镇")["newly_insured"] == "8"
    assert 'data-township="尧渡镇"' not in html and 'data-township="全县"' not in html


def test_dashboard_and_method_point_to_the_outcomes(import_client, campaign):
    dashboard = import_client.get(reverse("reports:dashboard"), {"campaign": campaign.pk}).content.decode()
    assert reverse("followups:outcomes") in dashboard
    method = import_client.get(reverse("reports:method")).content.decode()
    assert 'id="outcomes"' in method and "新参保率" in method
