"""Exports read back: XLSX with openpyxl, CSV with the csv module, PDF with pdftotext;
their numbers equal the dashboard's."""

import csv
import io
import subprocess

import pytest
from openpyxl import load_workbook

from django.urls import reverse

from reports.exports.cells import neutralise
from reports.exports.tables import QUESTION_COLUMNS, SUMMARY_COLUMNS
from reports.models import ExportLog

from .dataset import TEXT_ANSWER

pytestmark = pytest.mark.django_db
SUMMARY_KEYS = [k for k, _ in SUMMARY_COLUMNS]


def _dashboard_rows(client, ds, query=""):
    response = client.get(reverse("reports:dashboard") + f"?campaign={ds.campaign.pk}{query}")
    assert response.status_code == 200
    return response.context["rows"] + [response.context["county"]]


def _export(client, ds, fmt, **data):
    response = client.post(reverse("reports:export", args=[fmt]), {"campaign": ds.campaign.pk, **data}, follow=True)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    return response.content


def _as_dashboard(key, value):
    if value is None:
        return None
    if isinstance(value, float):
        return round(value, 4)
    return value


def test_neutralise():
    assert [neutralise(v) for v in ["=1+1", "+86", "-5", "@SUM", "普通", 5, None]] == \
        ["'=1+1", "'+86", "'-5", "'@SUM", "普通", 5, None]


def test_xlsx_read_back_equals_dashboard(client, ds, reviewer):
    client.force_login(reviewer)
    rows = _dashboard_rows(client, ds)
    wb = load_workbook(io.BytesIO(_export(client, ds, "xlsx")))
    assert wb.sheetnames == ["汇总", "题目", "明细", "参保成效", "说明"]
    summary = list(wb["汇总"].iter_rows(values_only=True))
    assert list(summary[0]) == [h for _, h in SUMMARY_COLUMNS]
    assert len(summary) == 1 + 17 + 1  # header, townships, county
    by_name = {r[1]: dict(zip(SUMMARY_KEYS, r, strict=True)) for r in summary[1:]}
    for row in rows:
        exported = by_name[row["name"]]
        for key in ("firms", "uninsured", "scans", "responses", "out_of_population", "unregistered", "not_small_micro",
                    "passed", "coverage", "awareness", "awareness_low", "awareness_high", "mean_score", "insured_share",
                    "margin", "target"):
            assert exported[key] == _as_dashboard(key, row[key]), (row["name"], key)
    assert by_name["尧渡镇"]["awareness_low"] == 0.1876 and by_name["全县"]["margin"] == 0.2754
    assert (by_name["尧渡镇"]["out_of_population"], by_name["全县"]["out_of_population"]) == (2, 2)
    assert (by_name["胜利镇"]["census"], by_name["尧渡镇"]["census"]) == ("是", "否")
    questions = list(wb["题目"].iter_rows(values_only=True))
    assert list(questions[0]) == [h for _, h in QUESTION_COLUMNS]
    county_q = [r for r in questions[1:] if r[4] == "全县"]
    assert [(r[0], r[5], r[6], r[7]) for r in county_q] == [(1, 8, 4, 0.5), (2, 8, 6, 0.75), (3, 8, 7, 0.875)]
    detail = list(wb["明细"].iter_rows(values_only=True))
    assert len(detail) == 1 + 10  # current responses only, those apart included and marked
    counted = [r[detail[0].index("计入统计")] for r in detail[1:]]
    assert (counted.count("是"), counted.count("否（名录外）"), counted.count("否（非小微）")) == (8, 1, 1)
    assert "企业名称" not in detail[0] and "统一社会信用代码" not in detail[0]  # no personal data by default
    cells = {c for r in detail for c in r}
    assert "'" + TEXT_ANSWER in cells and "'+86 电话联系" in cells and "'-减少手续 @办事处" in cells
    assert not any(isinstance(c, str) and "测试企业" in c for c in cells)
    method = " ".join(r[0] for r in wb["说明"].iter_rows(values_only=True))
    assert "知晓率" in method and "不计入答卷" in method and "名录外" in method and "z 同样乘以 √f" in method
    log = ExportLog.objects.get()
    assert (log.user, log.format, log.status, log.progress, log.rows) == (reviewer, "xlsx", "done", 100, 10)


def test_xlsx_personal_data_only_when_asked_and_allowed(client, ds, reviewer):
    client.force_login(reviewer)
    wb = load_workbook(io.BytesIO(_export(client, ds, "xlsx", personal="1")))
    header = next(wb["明细"].iter_rows(values_only=True))
    assert "企业名称" in header and "统一社会信用代码" in header
    assert ExportLog.objects.get().include_personal


def test_csv_read_back_with_bom_and_neutralised_text(client, ds, reviewer):
    client.force_login(reviewer)
    content = _export(client, ds, "csv", table="responses")
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["答卷编号", "乡镇"] and len(rows) == 11
    cells = {c for r in rows for c in r}
    assert "'" + TEXT_ANSWER in cells and "'+86 电话联系" in cells and "'-减少手续 @办事处" in cells
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)
    summary = list(csv.reader(io.StringIO(_export(client, ds, "csv", table="summary", channel_kind="poster")
                                          .decode("utf-8-sig"))))
    dashboard = {r["name"]: r for r in _dashboard_rows(client, ds, "&channel_kind=poster")}
    for line in summary[1:]:
        record = dict(zip(SUMMARY_KEYS, line, strict=True))
        expected = dashboard[record["name"]]
        assert int(record["responses"]) == expected["responses"]
        assert int(record["out_of_population"]) == expected["out_of_population"]
        assert record["awareness"] == ("" if expected["awareness"] is None else str(round(expected["awareness"], 4)))
    assert ExportLog.objects.filter(format="csv", filters={"channel_kind": "poster"}).count() == 1


def test_pdf_has_chinese_names_and_dashboard_numbers(client, ds, reviewer, tmp_path):
    client.force_login(reviewer)
    path = tmp_path / "report.pdf"
    path.write_bytes(_export(client, ds, "pdf"))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout
    for name in ("尧渡镇", "东流镇", "胜利镇", "香隅镇", "全县", "统计方法说明"):
        assert name in text
    rows = {r["name"]: r for r in _dashboard_rows(client, ds)}
    assert f"{rows['尧渡镇']['awareness'] * 100:.1f}%" in text  # 50.0%
    assert f"{rows['全县']['awareness_low'] * 100:.1f}%" in text  # 47.5%
    assert "18.8%–81.2%" in text  # 尧渡镇: Wilson(2, 4) with the finite-population factor 6/9
    assert "不计入" in text and "普查" in text and "有限总体修正" in text


def test_export_runs_as_background_task_with_progress(client, ds, reviewer, settings):
    """With a queueing backend the export waits on a progress page until a worker runs it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client.force_login(reviewer)
    response = client.post(reverse("reports:export", args=["xlsx"]), {"campaign": ds.campaign.pk})
    log = ExportLog.objects.get()
    assert response["Location"] == reverse("reports:export_status", args=[log.pk])
    page = client.get(response["Location"]).content.decode()
    assert "排队中" in page and 'http-equiv="refresh"' in page
    assert client.get(reverse("private_export_file", args=[log.pk])).status_code == 302
    from reports.exports.jobs import build_export

    build_export(log.pk)  # what the worker does
    log.refresh_from_db()
    assert (log.status, log.progress) == ("done", 100)
    assert "下载" in client.get(reverse("reports:export_status", args=[log.pk])).content.decode()


def test_export_file_is_named_in_local_time(client, ds, reviewer):
    """Made at 01:34 UTC, the file says 0934 (Asia/Shanghai), as the pages show the time."""
    import datetime
    from unittest import mock

    client.force_login(reviewer)
    made = datetime.datetime(2026, 6, 1, 1, 34, tzinfo=datetime.UTC)
    with mock.patch("django.utils.timezone.now", return_value=made):
        response = client.post(reverse("reports:export", args=["csv"]), {"campaign": ds.campaign.pk}, follow=True)
    assert response["Content-Disposition"].endswith('-20260601-0934.csv"'), response["Content-Disposition"]
