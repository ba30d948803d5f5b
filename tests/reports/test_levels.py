"""Roll-ups above the county, checked independently: every township, county and city figure
of a city campaign (tests/reports/levels_world.py, answers sent through the public survey)
recomputed from the raw rows that were sent, with pandas and statsmodels' Wilson interval
(z = 1.96·√f for the finite-population factor f, as in test_independent_check), and
compared to the dashboard (county rows + city total) and the county pages (township rows +
county total) to 1e-9."""


import pandas as pd
import pytest

from django.urls import reverse

from accounts import roles

from .levels_world import COUNTY_TARGETS, FANGCHENG, NANYANG, PLAN, TANGHE, TOWNSHIP_TARGETS, build_city
from .test_independent_check import assert_same, row_figures

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(townships, settings):
    return build_city(settings)


@pytest.fixture
def city_reviewer(make_user, city):
    user = make_user(roles.REVIEWER)
    user.profile.region = city.regions[NANYANG]
    user.profile.save()
    return user


def expected(city):
    """Township, county and city rows recomputed from what was sent."""
    registry = city.firms.set_index("uscc")
    sent = city.sent.copy()
    sent["registered"] = sent["uscc"].isin(registry.index)
    sent["township"] = sent["uscc"].map(registry["township"]).where(sent["registered"], sent["fallback"])
    sent["counted"] = sent["registered"] & sent["uscc"].map(registry["size"]).isin(["small", "micro"])
    sent["passed"] = sent["score"] >= city.campaign.survey.pass_mark
    county_of = {name: plan[1] for name, plan in PLAN.items()}
    sent["county"] = sent["township"].map(county_of)
    population = city.firms[city.firms["size"].isin(["small", "micro"])].copy()
    population["county"] = population["township"].map(county_of)
    towns = {name: row_figures(name, sent[sent["township"] == name], population[population["township"] == name],
                           city.scans.get(name, 0), TOWNSHIP_TARGETS.get(name)) for name in PLAN}
    counties = {}
    for code in (FANGCHENG, TANGHE):
        names = [name for name in PLAN if county_of[name] == code]
        target = COUNTY_TARGETS.get(code, sum(towns[name]["target"] or 0 for name in names) or None)
        scans = sum(towns[name]["scans"] for name in names) + city.scans.get(code, 0)
        counties[code] = row_figures(city.regions[code].name, sent[sent["county"] == code],
                                 population[population["county"] == code], scans, target, default_target=False)
    city_target = sum(row["target"] or 0 for row in counties.values()) or None
    total = row_figures("南阳市", sent, population, sum(city.scans.values()), city_target, default_target=False)
    return towns, counties, total


def test_city_dashboard_and_county_pages_recomputed_independently(client, city, city_reviewer):
    towns, counties, total = expected(city)
    assert 50 <= len(city.sent) <= 120
    client.force_login(city_reviewer)
    page = client.get(reverse("reports:dashboard") + f"?campaign={city.campaign.pk}")
    assert page.status_code == 200
    rows = {row["name"]: row for row in page.context["rows"]}
    assert list(rows) == ["方城县", "唐河县"]  # code order, one row per county
    for want in counties.values():
        assert_same(rows[want["name"]], want)
    assert_same(page.context["total"], total)
    for code, want in counties.items():
        region = city.regions[code]
        page = client.get(reverse("reports:region", args=[region.pk]) + f"?campaign={city.campaign.pk}")
        assert page.status_code == 200
        assert_same(page.context["total"], want)
        shown = {row["name"]: row for row in page.context["rows"]}
        assert set(shown) == {name for name, plan in PLAN.items() if plan[1] == code}
        for name, row in shown.items():
            assert_same(row, towns[name])
    # The cases the world was built for, as they came out of the seed.
    assert towns["释之乡"]["census"] and towns["杨集镇"]["responses"] == 0
    assert counties[TANGHE]["target"] == COUNTY_TARGETS[TANGHE]
    assert counties[FANGCHENG]["scans"] == 3 + 4 and total["scans"] == 3 + 2 + 4 + 5


def test_city_export_carries_counties_and_city_total(client, city, city_reviewer):
    import io

    from openpyxl import load_workbook

    _towns, counties, total = expected(city)
    client.force_login(city_reviewer)
    response = client.post(reverse("reports:export", args=["xlsx"]), {"campaign": city.campaign.pk}, follow=True)
    wb = load_workbook(io.BytesIO(response.content), read_only=True)
    assert wb.sheetnames[:3] == ["汇总", "乡镇汇总", "题目"]
    summary = pd.DataFrame(list(wb["汇总"].values)[1:], columns=next(wb["汇总"].values))
    assert list(summary["县（市、区）"]) == ["方城县", "唐河县", "南阳市"]
    by_name = summary.set_index("县（市、区）")
    for want in [*counties.values(), total]:
        assert by_name.loc[want["name"], "有效答卷"] == want["responses"]
        assert abs(by_name.loc[want["name"], "知晓率下限(95%)"] - round(want["awareness_low"], 4)) < 1e-9
    towns = pd.DataFrame(list(wb["乡镇汇总"].values)[1:], columns=next(wb["乡镇汇总"].values))
    assert dict(zip(towns["乡镇"], towns["所属县（市、区）"], strict=True)) == {
        name: city.regions[plan[1]].name for name, plan in PLAN.items()}


def test_a_province_campaign_lists_a_county_directly_under_the_province(client, city, make_user):
    """A county-level city directly under its province (省直辖县级, as 济源市 under 河南省) is a
    row of its own in a province campaign's city list, so the rows add up to the total; its
    row is recomputed from what was sent."""
    import random

    from campaigns.models import Channel, Enterprise, SizeClass, Township
    from campaigns.uscc import make_uscc
    from regions.models import Region

    from .test_independent_check import Generator, row_figures

    henan = Region.objects.get(code="410000000000")
    jiyuan = Region.objects.create(code="419001000000", name="济源市", level=Region.Level.COUNTY, parent=henan)
    town = Township.objects.create(code="419001001000", name="沁园街道", kind=Township.Kind.SUBDISTRICT)
    assert town.county == jiyuan
    city.campaign.region = henan
    city.campaign.save()
    # The city's website channel served the campaign's whole region: now it serves 南阳市.
    Channel.objects.filter(campaign=city.campaign, township=None, region=None).update(region=city.regions[NANYANG])
    firms = pd.DataFrame([{"uscc": make_uscc("91419001", f"JY{i:06d}"), "township": town.name,
                           "size": str(SizeClass.SMALL if i % 2 else SizeClass.MICRO), "insured": i % 3 == 0}
                          for i in range(8)])
    Enterprise.objects.bulk_create([Enterprise(name=f"济源企业{i}", uscc=f.uscc, township=town, size_class=f.size,
                                               insured=f.insured, industry_section="C")
                                    for i, f in enumerate(firms.itertuples())])
    poster = Channel.objects.create(campaign=city.campaign, township=town, kind=Channel.Kind.POSTER)
    gen = Generator(city.campaign, {town.name: town}, random.Random(7))
    gen.n = 10_000  # other client addresses than the city's answers
    for uscc in firms["uscc"][:5]:
        gen.submit(poster, uscc, 0.6)
    reviewer = make_user(roles.REVIEWER)
    reviewer.profile.region = henan
    reviewer.profile.save()
    client.force_login(reviewer)
    page = client.get(reverse("reports:dashboard") + f"?campaign={city.campaign.pk}")
    assert page.status_code == 200
    rows = {row["name"]: row for row in page.context["rows"]}
    assert list(rows) == ["南阳市", "济源市"]
    sent = pd.DataFrame(gen.sent)
    sent["registered"] = sent["counted"] = True
    sent["passed"] = sent["score"] >= city.campaign.survey.pass_mark
    # One township: the county's target is that township's (the sample size for its firms).
    want = row_figures("济源市", sent, firms, 0, None)
    assert_same(rows["济源市"], want)
    total = page.context["total"]
    for column in ("firms", "uninsured", "responses", "passed", "scans", "out_of_population", "unregistered"):
        assert sum(row[column] for row in rows.values()) == total[column], column
    _towns, _counties, nanyang = expected(city)
    assert_same(rows["南阳市"], nanyang)
