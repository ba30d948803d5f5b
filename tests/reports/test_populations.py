"""Issue 10, done-when 2 and 3, through HTTP: every figure over one population, the
answers outside it counted apart, and website answers in the township they picked."""

import datetime

import pytest

from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign, Channel, Enterprise
from campaigns.uscc import make_uscc
from surveys.awareness import build_awareness_survey
from surveys.models import ConsultationRequest, Response

from ..surveys.conftest import form_token, valid_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(townships):
    today = timezone.localdate()
    return Campaign.objects.create(name="扩面行动（口径测试）", starts_on=today - datetime.timedelta(days=30),
                                   ends_on=today + datetime.timedelta(days=30),
                                   deadline=today + datetime.timedelta(days=30), survey=build_awareness_survey())


def firm(townships, n, township, size="micro"):
    employees, revenue = {"micro": (5, 50), "medium": (150, 5000)}[size]
    return Enterprise.objects.create(name=f"测试企业{n}", uscc=make_uscc("91341721", f"MA{n:06d}"),
                                     township=townships[township], industry_code="5211", employees=employees,
                                     revenue=revenue)


def answer(client, campaign, channel, uscc, township=None, correct=True):
    html = client.get(f"/s/{channel.code}/").content.decode()
    data = valid_answers(campaign.survey, uscc=uscc, correct=correct) | {"form_token": form_token(html)}
    if township is not None:
        data["township"] = str(township.pk)
    return client.post(f"/s/{channel.code}/", data)


def unregistered(n):
    return make_uscc("91341721", f"NR{n:06d}")


def dashboard(client, campaign):
    response = client.get(reverse("reports:dashboard") + f"?campaign={campaign.pk}")
    assert response.status_code == 200
    return {row["name"]: row for row in response.context["rows"]}, response.context["county"], response.content.decode()


def test_margin_is_zero_only_for_a_census_and_coverage_never_exceeds_100(client, campaign, townships, reviewer):
    poster = {name: Channel.objects.create(campaign=campaign, township=townships[name], kind=Channel.Kind.POSTER)
              for name in ("尧渡镇", "东流镇", "胜利镇")}
    yaodu = [firm(townships, i, "尧渡镇") for i in range(3)]
    firm(townships, 10, "尧渡镇", size="medium")
    dongliu = firm(townships, 20, "东流镇")  # N = 1
    shengli = [firm(townships, 30 + i, "胜利镇") for i in range(2)]  # N = 2
    for f in yaodu[:2]:
        assert answer(client, campaign, poster["尧渡镇"], f.uscc).status_code == 302
    # More answers than firms: the same firm again is refused, strangers and the medium firm count apart.
    assert answer(client, campaign, poster["尧渡镇"], yaodu[0].uscc).status_code == 409
    for n in range(6):
        assert answer(client, campaign, poster["尧渡镇"], unregistered(n)).status_code == 302
    assert answer(client, campaign, poster["尧渡镇"], make_uscc("91341721", f"MA{10:06d}")).status_code == 302
    assert answer(client, campaign, poster["东流镇"], dongliu.uscc).status_code == 302
    assert answer(client, campaign, poster["胜利镇"], shengli[0].uscc, correct=False).status_code == 302
    assert Response.objects.count() == 11

    client.force_login(reviewer)
    rows, county, page = dashboard(client, campaign)
    a, b, c = rows["尧渡镇"], rows["东流镇"], rows["胜利镇"]
    assert (a["firms"], a["responses"], a["out_of_population"], a["unregistered"], a["not_small_micro"]) == (3, 2, 7, 6, 1)
    assert a["coverage"] == pytest.approx(2 / 3) and a["margin"] > 0 and not a["census"]
    assert (b["firms"], b["responses"], b["margin"], b["census"]) == (1, 1, 0.0, True)  # N = 1 answered: a census
    assert (b["awareness_low"], b["awareness_high"]) == (1.0, 1.0)
    assert (c["firms"], c["responses"], c["census"]) == (2, 1, False) and c["margin"] == pytest.approx(0.98)
    for row in [*rows.values(), county]:
        assert row["responses"] <= row["firms"]
        assert row["coverage"] is None or row["coverage"] <= 1
        if 0 < row["responses"] < row["firms"]:
            assert row["margin"] > 0 and row["awareness_high"] > row["awareness_low"], row["name"]
    assert county["out_of_population"] == 7 and county["responses"] == 4 and county["margin"] > 0
    # Shown as their own column, beside the counted answers.
    assert '<td data-col="out_of_population">7</td>' in page and "不计入" in page and "普查" in page
    township = client.get(reverse("reports:township", args=[townships["尧渡镇"].pk]) + f"?campaign={campaign.pk}")
    assert 'data-figure="out_of_population"' in township.content.decode()
    assert "名录外 6 份，非小微企业 1 份" in township.content.decode()


def test_website_answer_choosing_dongliu_lands_in_dongliu(client, campaign, townships, reviewer, officer_yaodu,
                                                         officer_dongliu):
    Channel.objects.create(campaign=campaign, township=townships["尧渡镇"], kind=Channel.Kind.POSTER)
    website = Channel.objects.create(campaign=campaign, township=None, kind=Channel.Kind.WEBSITE)
    registered = firm(townships, 1, "东流镇")
    from cms.services import current_campaign_links

    assert current_campaign_links()["survey_url"] == f"/q/{website.code}"  # what the home page links
    assert client.get(f"/q/{website.code}").status_code == 200  # a scan of the county-wide channel
    done = answer(client, campaign, website, registered.uscc, township=townships["东流镇"])
    assert done.status_code == 302
    client.post(done.url + "consult/", {"phone": "13912345678", "preferred_time": "上午"})
    stranger = answer(client, campaign, website, unregistered(1), township=townships["东流镇"])
    client.post(stranger.url + "consult/", {"phone": "13912345679", "preferred_time": ""})
    assert set(ConsultationRequest.objects.values_list("township__name", flat=True)) == {"东流镇"}

    client.force_login(reviewer)
    rows, county, _ = dashboard(client, campaign)
    assert (rows["东流镇"]["responses"], rows["东流镇"]["out_of_population"]) == (1, 1)
    assert (rows["尧渡镇"]["responses"], rows["尧渡镇"]["out_of_population"]) == (0, 0)
    # The website scan belongs to no township: only the county total shows it.
    assert all(row["scans"] == 0 for row in rows.values()) and county["scans"] == 1

    client.force_login(officer_dongliu)
    rows, county, _ = dashboard(client, campaign)
    assert list(rows) == ["东流镇"] and rows["东流镇"]["responses"] == 1 and county is None
    follow_up = client.get("/admin/surveys/consultations/").content.decode()
    assert registered.uscc in follow_up and unregistered(1) in follow_up  # both on 东流镇's follow-up list
    assert ConsultationRequest.objects.filter(township=townships["东流镇"]).count() == 2
    client.force_login(officer_yaodu)
    rows, _, _ = dashboard(client, campaign)
    assert rows["尧渡镇"]["responses"] == 0 and rows["尧渡镇"]["out_of_population"] == 0
    follow_up = client.get("/admin/surveys/consultations/").content.decode()
    assert registered.uscc not in follow_up and unregistered(1) not in follow_up and "暂无咨询请求" in follow_up
