"""A city campaign for the sign-off chain and the bulletin above the county: 南阳市 with two
of its counties (方城县 411322, 唐河县 411328), two townships each, firms and responses, on
top of the Dongzhi dataset (tests/reports/dataset.py), whose campaign, townships and answers
must never leak into the city's figures. Staff bound to a region or a township."""

import datetime

import pandas as pd
from allauth.mfa.totp.internal.auth import TOTP

from accounts import roles
from campaigns.models import Campaign, Enterprise, SizeClass, Township
from regions.tree import load_reference_regions
from surveys.models import Response
from tests.conftest import TEST_TOTP_SECRET

from .dataset import DEADLINE, Dataset, _response

CITY, FANGCHENG, TANGHE = "411300000000", "411322000000", "411328000000"
TOWNS = {  # key → (12-digit code, name): F = 方城县, T = 唐河县
    "F1": ("411322100000", "广阳镇"), "F2": ("411322101000", "拐河镇"),
    "T1": ("411328001000", "滨河街道"), "T2": ("411328100000", "桐寨铺镇"),
}
# key → (small/micro firms, insured among them); responses by (town, firm index, questions right)
FIRMS = {"F1": (4, 1), "F2": (3, 0), "T1": (5, 2), "T2": (2, 0)}
ANSWERS = [("F1", 0, {1, 2, 3}), ("F1", 1, {1}), ("F2", 0, {1, 2}), ("T1", 0, {1, 2, 3}), ("T1", 1, {2, 3}),
           ("T1", 2, set())]


def build_city(ds: Dataset) -> Dataset:
    """The city campaign (same survey as Dongzhi's) with its towns, firms and answers."""
    regions = load_reference_regions(codes={FANGCHENG, TANGHE})
    towns = {key: Township.objects.create(code=code, name=name, kind="town") for key, (code, name) in TOWNS.items()}
    campaign = Campaign.objects.create(name="2026年南阳市小微企业参保扩面行动（测试）", starts_on=datetime.date(2026, 3, 1),
                                       ends_on=DEADLINE, deadline=DEADLINE, survey=ds.survey, region=regions[CITY])
    city = Dataset(campaign=campaign, survey=ds.survey, questions=ds.questions, towns=towns)
    city.regions = regions
    for key, (count, insured) in FIRMS.items():
        for i in range(count):
            [firm] = Enterprise.objects.bulk_create([Enterprise(
                name=f"南阳测试企业{key}-{i}", uscc=f"91411300CITY{len(city.enterprises):05d}X"[:18], township=towns[key],
                size_class=SizeClass.SMALL if i % 2 else SizeClass.MICRO, insured=i < insured, industry_section="C",
                contact_phone="13900000000")])
            city.enterprises[f"{key}-{i}"] = firm
    for n, (town, index, correct) in enumerate(ANSWERS, start=200):
        _response(city, n, town, correct, "no", "2026-06-01", firm=f"{town}-{index}")
    _response(city, 290, "T1", {1, 2, 3}, "yes", "2026-06-02")  # unregistered: counted apart, never in the rates
    return city


def late_response(city: Dataset, town: str = "T2", n: int = 300) -> Response:
    """A response after a sign-off: 桐寨铺镇's first firm answers."""
    return _response(city, n, town, {1, 2, 3}, "no", "2026-06-09", firm=f"{town}-0")


def staff(make_user, role, *, region=None, township=None):
    """A staff user bound to a region (reviewers) or a township (officers), with TOTP."""
    user = make_user(role, mfa=False)
    user.profile.region, user.profile.township = region, township
    user.profile.save()
    if roles.requires_mfa(user):
        TOTP.activate(user, TEST_TOTP_SECRET)
    return user


def raw_county_figures(city: Dataset) -> pd.DataFrame:
    """Per county, from raw rows with pandas (independent of reports.rollup / reports.levels):
    firms = small/micro firms of its townships; responses = current answers of those firms
    in their own township; passed = those with score ≥ pass mark."""
    firms = pd.DataFrame.from_records(
        Enterprise.objects.filter(township__in=city.towns.values())
        .values("id", "size_class", "township_id", "township__county__name"))
    firms = firms[firms["size_class"].isin(["small", "micro"])]
    answers = pd.DataFrame.from_records(
        Response.objects.filter(survey=city.survey, status="current").values("enterprise_id", "township_id", "score"))
    answers = answers.merge(firms, left_on=["enterprise_id", "township_id"], right_on=["id", "township_id"])
    answers["passed"] = answers["score"] >= city.survey.pass_mark
    out = pd.DataFrame({
        "firms": firms.groupby("township__county__name").size(),
        "responses": answers.groupby("township__county__name").size(),
        "passed": answers.groupby("township__county__name")["passed"].sum(),
    }).fillna(0).astype(int)
    out["coverage"] = out["responses"] / out["firms"]
    out["awareness"] = out["passed"] / out["responses"]
    return out
