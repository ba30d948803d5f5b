"""The XLSX people use: percent and number formats, widths, frozen header, autofilter,
human labels (是/否/不清楚, industry names, size classes), numbers as numbers, a 说明 sheet."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from surveys.models import Answer, Question, Response

from .test_exports import _export

pytestmark = pytest.mark.django_db


def test_xlsx_is_formatted_and_labelled(client, ds, reviewer):
    headcount = Question.objects.create(survey=ds.survey, position=6, text="贵单位职工人数", kind=Question.Kind.NUMBER)
    unsure = Question.objects.create(survey=ds.survey, position=7, text="是否发生过工伤？", kind=Question.Kind.YES_NO)
    resp = Response.objects.filter(status="current", enterprise__isnull=False).order_by("id").first()
    Answer.objects.create(response=resp, question=headcount, township=resp.township, number_value=Decimal("45.00"))
    Answer.objects.create(response=resp, question=unsure, township=resp.township, text_value="unsure")
    client.force_login(reviewer)
    wb = load_workbook(io.BytesIO(_export(client, ds, "xlsx")))

    for name in ("汇总", "题目", "明细"):
        ws = wb[name]
        assert ws.freeze_panes == "A2", name
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), name
        assert ws["A1"].font.bold, name
    summary = wb["汇总"]
    header = [c.value for c in summary[1]]
    coverage = summary.cell(row=2, column=header.index("覆盖率") + 1)
    assert isinstance(coverage.value, float) and coverage.number_format == "0.0%"
    assert summary.cell(row=2, column=header.index("平均得分") + 1).number_format == "0.00"
    assert summary.column_dimensions["B"].width >= 16  # 乡镇 names fit

    detail = wb["明细"]
    header = [c.value for c in detail[1]]
    row = next(r for r in detail.iter_rows(min_row=2, values_only=True) if r[0] == resp.pk)
    record = dict(zip(header, row, strict=True))
    assert record["6. 贵单位职工人数"] == 45 and isinstance(record["6. 贵单位职工人数"], int)
    assert record["7. 是否发生过工伤？"] == "不清楚"
    assert record["行业门类"] == "制造业" and record["企业规模"] in ("小型", "微型", "中型")
    assert record["计入统计"] in ("是", "否（非小微）") and record["达到知晓标准"] in ("是", "否")
    values = {c for r in detail.iter_rows(min_row=2, values_only=True) for c in r}
    assert not values & {"yes", "no", "unsure", "True", "False", "45.00"}
    assert not any(isinstance(v, bool) for v in values)
    notes = " ".join(r[0] for r in wb["说明"].iter_rows(values_only=True))
    assert "是/否/不清楚" in notes and "GB/T 4754" in notes and "筛选条件" in notes
