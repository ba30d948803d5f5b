"""A city campaign's 通报 through HTTP: the city bureau's bulletin ranks its counties with the
city total (figures equal to the sums recomputed with pandas from raw rows), states how many
counties approved their figures, annexes every county's townships and freezes all of it
when issued. Only reviewers whose region contains the city draft or read it."""

import re
import subprocess

import pytest

from django.urls import reverse

from accounts import roles
from regions.models import Region
from reports.models import Bulletin
from tests.browser.conftest import ARTIFACTS

from .city_dataset import CITY, FANGCHENG, build_city, late_response, raw_county_figures, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(ds):
    return build_city(ds)


def _text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "city-bulletin.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


def _draft(client, city) -> tuple[Bulletin, bytes]:
    response = client.post(reverse("reports:bulletin_new") + f"?campaign={city.campaign.pk}", {"open": "pdf"})
    assert response.status_code == 302
    pdf = client.get(response["Location"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    return Bulletin.objects.get(campaign=city.campaign, status="draft"), pdf.content


def test_city_bulletin_ranks_counties_with_independently_recomputed_totals(client, city, make_user, tmp_path):
    nanyang = staff(make_user, roles.REVIEWER, region=city.regions[CITY])
    client.force_login(nanyang)
    client.post(reverse("reports:approve_region", args=[city.regions[FANGCHENG].pk]) + f"?campaign={city.campaign.pk}",
                {"comment": "同意上报", "override_reason": "乡镇未确认，已电话核实"})
    draft, pdf = _draft(client, city)
    assert draft.bureau == "南阳市人力资源和社会保障局" and re.fullmatch(r"南阳人社通〔\d{4}〕1号", draft.number)

    client.post(reverse("reports:bulletin_issue", args=[draft.pk]))
    draft.refresh_from_db()
    figures = draft.figures
    assert figures["level"] == "city" and figures["approved_counties"] == 1
    raw = raw_county_figures(city)
    counties = {c["name"]: c for c in figures["counties"]}
    assert sorted(counties) == sorted(raw.index) == ["唐河县", "方城县"]
    for name, expected in raw.iterrows():
        got = counties[name]
        assert (got["firms"], got["responses"], got["passed"]) == (expected["firms"], expected["responses"],
                                                                     expected["passed"]), name
        assert got["coverage"] == pytest.approx(expected["coverage"]) and got["awareness"] == pytest.approx(expected["awareness"])
    total = figures["county"]
    assert total["name"] == "南阳市"
    assert (total["firms"], total["responses"], total["passed"]) == tuple(int(raw[k].sum()) for k in ("firms", "responses",
                                                                                                     "passed"))
    assert total["coverage"] == pytest.approx(raw["responses"].sum() / raw["firms"].sum())
    assert counties["方城县"]["approval"] == "已审核" and counties["唐河县"]["approval"] == "未审核"
    assert {t["name"] for t in figures["townships"]} == {"广阳镇", "拐河镇", "滨河街道", "桐寨铺镇"}  # no Dongzhi township
    assert [f["answered"] for f in figures["facts"]] == [6, 6, 6]  # the city's answers only (Dongzhi shares the survey)
    assert figures["trend"][-1]["cumulative"] == 6 and figures["outcomes"]["targets"] == 11  # 14 firms, 3 insured

    late_response(city)  # after issuing: the bulletin never changes
    draft.refresh_from_db()
    assert draft.figures == figures
    pdf = client.get(reverse("reports:bulletin_pdf", args=[draft.pk])).content
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "bulletin-city.pdf").write_bytes(pdf)
    text = _text(pdf, tmp_path)
    assert "南阳市人力资源和社会保障局" in text and "各县（市、区）人力资源和社会保障局" in text
    flat = re.sub(r"\s+", "", text)  # sentences wrap across lines
    assert f"全市名录内小微企业{total['firms']}家，已有{total['responses']}家完成问卷" in flat
    assert "全市2个县（市、区）中" in flat and "1个县（市、区）已审核本县数据" in flat
    ranking = text[text.index("二、各县（市、区）排名"):text.index("三、进度滞后的县（市、区）")]
    for name in ("方城县", "唐河县"):
        assert len(re.findall(name, ranking)) == 1, name
    total_line = next(line for line in ranking.splitlines() if line.strip().startswith("全市合计"))
    assert total_line.split()[1:] == [str(total["responses"]), f"{total['coverage'] * 100:.1f}%",
                                      f"{total['awareness'] * 100:.1f}%"]
    assert "尧渡镇" not in text
    annex = text[text.index("各县（市、区）乡镇（街道）进展情况"):]
    assert annex.index("方城县") < annex.index("广阳镇") < annex.index("唐河县") < annex.index("桐寨铺镇")
    assert "0/2个乡镇（街道）已确认" in re.sub(r"\s+", "", annex)


def test_only_reviewers_of_the_whole_city_draft_its_bulletin_and_its_counties_read_the_issued_ones(
        client, city, make_user):
    nanyang = staff(make_user, roles.REVIEWER, region=city.regions[CITY])
    fangcheng = staff(make_user, roles.REVIEWER, region=city.regions[FANGCHENG])
    client.force_login(nanyang)
    draft, _pdf = _draft(client, city)
    client.force_login(fangcheng)
    home = reverse("wagtailadmin_home")
    listing = reverse("reports:bulletins") + f"?campaign={city.campaign.pk}"
    for response in (client.post(reverse("reports:bulletin_new") + f"?campaign={city.campaign.pk}"),
                     client.get(reverse("reports:bulletin_pdf", args=[draft.pk])),
                     client.post(reverse("reports:bulletin_edit", args=[draft.pk]), {f"b{draft.pk}-title": "改"}),
                     client.post(reverse("reports:bulletin_issue", args=[draft.pk]))):
        assert response.status_code == 302 and response["Location"] == home  # sees the campaign, may not issue: 403
    page = client.get(listing).content.decode()
    assert "data-bulletins-read-only" in page and draft.number not in page and "起草本期通报" not in page
    draft.refresh_from_db()
    assert not draft.is_issued
    # Once the city issues it, its counties read it (and still may not change it).
    client.force_login(nanyang)
    client.post(reverse("reports:bulletin_issue", args=[draft.pk]))
    client.force_login(fangcheng)
    page = client.get(listing).content.decode()
    assert draft.number in page and "data-bulletin-form" not in page and "起草本期通报" not in page
    issued = client.get(reverse("reports:bulletin_pdf", args=[draft.pk]))
    assert issued.status_code == 200 and issued["Content-Type"] == "application/pdf"
    assert client.post(reverse("reports:bulletin_edit", args=[draft.pk]))["Location"] == home
    dongzhi = staff(make_user, roles.REVIEWER, region=Region.objects.get(name="东至县"))
    client.force_login(dongzhi)  # does not see the city campaign at all: 404
    assert client.get(reverse("reports:bulletin_pdf", args=[draft.pk])).status_code == 404
    officer = staff(make_user, roles.OFFICER, township=city.towns["T1"])
    client.force_login(officer)
    assert client.get(reverse("reports:bulletin_pdf", args=[draft.pk]))["Location"] == home


def test_a_county_campaign_of_another_county_is_numbered_and_issued_by_that_county(client, city, make_user):
    """A 方城县 campaign in a deployment configured for 东至县: its draft 通报 is the county
    bureau's, numbered under the county's short name; 东至县's own keeps the setting."""
    import datetime

    from campaigns.models import Campaign

    fangcheng = city.regions[FANGCHENG]
    campaign = Campaign.objects.create(name="方城县扩面行动（测试）", starts_on=datetime.date(2026, 3, 1),
                                       ends_on=datetime.date(2026, 6, 30), survey=city.survey, region=fangcheng)
    client.force_login(staff(make_user, roles.REVIEWER, region=fangcheng))
    assert client.post(reverse("reports:bulletin_new") + f"?campaign={campaign.pk}", {"open": "pdf"}).status_code == 302
    draft = Bulletin.objects.get(campaign=campaign)
    assert draft.bureau == "方城县人力资源和社会保障局" and re.fullmatch(r"方城人社通〔\d{4}〕1号", draft.number)


def test_awareness_ranks_leave_out_too_small_samples():
    """A rate from fewer than MIN_RESPONSES answers is starred, not ranked (method page:
    不宜排名比较); coverage, a count of the whole population, is ranked whatever n."""
    from reports.bulletins import ranking

    rows = [{"region_id": i, "coverage": cov, "awareness": aw, "too_small": small}
            for i, cov, aw, small in ((1, 0.5, 0.9, True), (2, 0.4, 0.6, False), (3, 0.3, 0.7, False), (4, 0.0, None, True))]
    ranked = {r["region_id"]: r for r in ranking({"counties": rows, "ranking_rule": 2}, None, "counties")}
    assert [ranked[i]["coverage_rank"] for i in (1, 2, 3, 4)] == [1, 2, 3, 4]
    assert [ranked[i]["awareness_rank"] for i in (1, 2, 3, 4)] == [None, 2, 1, None]
    # A bulletin issued before the rule (its frozen figures carry none) keeps the ranks it was issued with.
    old = {r["region_id"]: r for r in ranking({"counties": rows}, None, "counties")}
    assert [old[i]["awareness_rank"] for i in (1, 2, 3, 4)] == [1, 3, 2, None]
