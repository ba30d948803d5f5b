"""The 通报 through HTTP: one click from the dashboard gives a draft's PDF; the header is
editable; issuing freezes the figures for good; the next bulletin ranks the townships
with the change since the issued one, names those behind target, states every
township's sign-off and numbers its pages. Checked with pdftotext and rendered to PNG."""

import datetime
import re
import subprocess

import pytest

from django.urls import reverse
from django.utils import timezone

from campaigns.models import Township
from reports.models import Bulletin, IssuedBulletinError
from reports.trend import weekly_series
from tests.browser.conftest import ARTIFACTS

from .dataset import add_response_to

pytestmark = pytest.mark.django_db


def _text(pdf: bytes, tmp_path, name="bulletin") -> str:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


def _edit(client, bulletin, **fields):
    data = {"number": bulletin.number, "bureau": bulletin.bureau, "title": bulletin.title,
            "period_start": bulletin.period_start.isoformat(), "period_end": bulletin.period_end.isoformat(),
            "issue_date": bulletin.issue_date.isoformat(), **fields}
    return client.post(reverse("reports:bulletin_edit", args=[bulletin.pk]), {f"b{bulletin.pk}-{k}": v for k, v in data.items()})


def _one_click(client, ds):
    response = client.post(reverse("reports:bulletin_new") + f"?campaign={ds.campaign.pk}", {"open": "pdf"})
    assert response.status_code == 302
    pdf = client.get(response["Location"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    return Bulletin.objects.filter(status="draft").get(), pdf.content


def test_bulletin_ranks_with_change_since_previous_and_freezes_when_issued(client, ds, reviewer, officer_yaodu, tmp_path):
    client.force_login(officer_yaodu)
    client.post(reverse("reports:township", args=[ds.towns["A"].pk]) + f"?campaign={ds.campaign.pk}", {"comment": "已核对"})
    client.force_login(reviewer)
    dashboard = client.get(reverse("reports:dashboard") + f"?campaign={ds.campaign.pk}").content.decode()
    assert "data-bulletin-button" in dashboard and reverse("reports:bulletin_new") in dashboard

    first, _pdf = _one_click(client, ds)
    assert first.bureau == "东至县人力资源和社会保障局" and re.fullmatch(r"东人社通〔\d{4}〕1号", first.number)
    _edit(client, first, number="东人社通〔2026〕7号", issue_date="2026-06-03", period_end="2026-06-09")
    client.post(reverse("reports:bulletin_issue", args=[first.pk]))
    first.refresh_from_db()
    assert first.is_issued and first.figures["county"]["responses"] == 8
    frozen = first.figures

    add_response_to(ds, "A")  # after the first bulletin: 尧渡镇 gains a response
    _edit(client, first, number="篡改")  # an issued bulletin cannot be edited …
    first.refresh_from_db()
    assert first.number == "东人社通〔2026〕7号" and first.figures == frozen
    with pytest.raises(IssuedBulletinError):
        first.delete()

    second, _pdf = _one_click(client, ds)
    _edit(client, second, number="东人社通〔2026〕8号", bureau="东至县人力资源和社会保障局", issue_date="2026-06-10")
    client.post(reverse("reports:bulletin_issue", args=[second.pk]))
    second.refresh_from_db()
    assert second.is_issued and second.figures["county"]["responses"] == 9
    pdf = client.get(reverse("reports:bulletin_pdf", args=[second.pk])).content
    text = _text(pdf, tmp_path)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "bulletin.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(ARTIFACTS / "bulletin.pdf"), str(ARTIFACTS / "bulletin-page")],
                   check=True)
    assert (ARTIFACTS / "bulletin-page-1.png").exists()

    assert "东至县人力资源和社会保障局" in text and "东人社通〔2026〕8号" in text
    assert "2026年6月10日" in text and "第 1 页 共" in text
    pages = int(re.search(r"第 1 页 共 (\d+) 页", text).group(1))
    assert f"第 {pages} 页 共 {pages} 页" in text
    assert "与上期通报（数据截至2026年6月9日）相比，覆盖率上升5.0个百分点" in text  # the summary compares with the first bulletin
    ranking = text[text.index("二、各乡镇排名"):text.index("三、进度滞后的乡镇")]
    for name in Township.objects.values_list("name", flat=True):
        assert len(re.findall(rf"(?<![\u4e00-\u9fff]){name}(?![\u4e00-\u9fff])", ranking)) == 1, name
    yaodu = next(line for line in ranking.splitlines() if "尧渡镇" in line)
    assert "已确认，有变动" in yaodu  # confirmed before the late response
    assert re.search(r"50\.0%\s+\+10\.0，升1位", yaodu), yaodu  # its coverage rose since the 7号: 40% → 50%
    assert "未确认" in next(line for line in ranking.splitlines() if "东流镇" in line)
    assert "（盖章）" in text and "签发人" in text and "统计方法说明" in text



def test_first_bulletin_says_there_is_no_previous_and_others_may_not_open_it(client, ds, reviewer, officer_yaodu,
                                                                              tmp_path):
    client.force_login(reviewer)
    bulletin, pdf = _one_click(client, ds)
    text = _text(pdf, tmp_path)
    assert "本期为首期通报" in text and "（草稿，未签发）" in text
    client.force_login(officer_yaodu)
    response = client.get(reverse("reports:bulletin_pdf", args=[bulletin.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def _trend_row(text: str, week: str) -> list[str]:
    """The 近期走势 table's row of the week (e.g. "2026年6月8日"): its figures as printed."""
    section = text[text.index("近期走势"):text.index("二、各乡镇排名")]
    line = next(line for line in section.splitlines() if line.strip().startswith(week))
    return line.split()[1:]


def _printed(point) -> list[str]:
    pct = lambda x: "—" if x is None else f"{x * 100:.1f}%"  # noqa: E731
    return [str(point["responses"]), str(point["cumulative"]), pct(point["coverage"]), pct(point["awareness"])]


def _week(iso: str) -> str:
    d = datetime.date.fromisoformat(iso)
    return f"{d.year}年{d.month}月{d.day}日"


def test_bulletin_states_the_recent_weekly_trend_and_freezes_it(client, ds, reviewer, tmp_path):
    client.force_login(reviewer)
    draft, pdf = _one_click(client, ds)
    text = _text(pdf, tmp_path)
    assert "近期走势" in text
    county, _towns = weekly_series(ds.campaign, today=timezone.localdate())
    latest = county.points[-1]
    assert latest["cumulative"] == 8
    assert _trend_row(text, _week(latest["week"].isoformat())) == _printed(latest)
    section = text[text.index("近期走势"):text.index("二、各乡镇排名")]
    assert sum(1 for line in section.splitlines() if re.match(r"\s*\d{4}年\d+月\d+日\s", line)) == min(8, len(county.points))

    _edit(client, draft, period_end=timezone.localdate().isoformat())
    client.post(reverse("reports:bulletin_issue", args=[draft.pk]))
    draft.refresh_from_db()
    frozen = draft.figures["trend"][-1]
    assert frozen["cumulative"] == 8
    add_response_to(ds, "A")  # after issuing: the trend moves, the issued bulletin does not
    assert weekly_series(ds.campaign, today=timezone.localdate())[0].points[-1]["cumulative"] == 9
    text = _text(client.get(reverse("reports:bulletin_pdf", args=[draft.pk])).content, tmp_path, "issued")
    assert _trend_row(text, _week(frozen["week"])) == _printed(frozen)

    old = {k: v for k, v in draft.figures.items() if k != "trend"}  # issued before the trend existed
    Bulletin.objects.filter(pk=draft.pk).update(figures=old)
    text = _text(client.get(reverse("reports:bulletin_pdf", args=[draft.pk])).content, tmp_path, "old")
    assert "近期走势" not in text and "二、各乡镇排名" in text
