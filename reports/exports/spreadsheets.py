"""XLSX (sheets 汇总, 题目, 明细, 参保成效, 说明; XlsxWriter in constant-memory mode) and CSV (UTF-8 with
BOM, written as it is read) writers."""

from __future__ import annotations

import csv
import io

from .cells import neutralise_row
from .outcome_sheet import outcome_columns, outcome_rows
from .tables import (
    QUESTION_COLUMNS,
    SUMMARY_COLUMNS,
    method_lines,
    question_rows,
    response_headers,
    response_rows,
    summary_rows,
)

# Number formats per summary / question column; others are text or whole numbers.
PERCENT_KEYS = {"coverage", "awareness", "awareness_low", "awareness_high", "insured_share", "margin", "rate", "low", "high"}
DECIMAL_KEYS = {"mean_score"}
WIDE_KEYS = {"name": 16, "text": 40, "policy_title": 28, "policy_url": 36, "status": 16, "township": 12}
LABEL_NOTES = [
    "明细表中：是/否/不清楚为企业的回答；“计入统计”为“是”的答卷才参与比率计算。",
    "行业为国民经济行业分类（GB/T 4754-2017）门类名称；企业规模按《统计上大中小微型企业划分办法》。",
    "比率列以百分比显示，单元格中为数值（如 50.0% 即 0.5），可直接计算；职工人数等数字题为数值。",
]


class _Sheet:
    """One worksheet written row by row (constant memory): bold frozen header, widths,
    a number format per column and an autofilter over what was written."""

    def __init__(self, wb, formats, title: str, headers: list[str], kinds: list[str], widths: list[float]):
        self.ws = wb.add_worksheet(title)
        self.formats, self.kinds, self.rows = formats, kinds, 0
        for col, width in enumerate(widths):
            self.ws.set_column(col, col, width, formats.get(kinds[col]))
        self.ws.freeze_panes(1, 0)
        self.ws.write_row(0, 0, headers, formats["header"])
        self.width = len(headers)

    def append(self, row) -> None:
        self.rows += 1
        ws, r = self.ws, self.rows
        for col, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, bool):
                ws.write_string(r, col, "是" if value else "否")
            elif isinstance(value, int | float):
                ws.write_number(r, col, value, self.formats.get(self.kinds[col]) if col < self.width else None)
            else:
                ws.write_string(r, col, str(value))

    def close(self) -> int:
        self.ws.autofilter(0, 0, max(self.rows, 1), self.width - 1)
        return self.rows


def _keyed(columns) -> tuple[list[str], list[str], list[float]]:
    headers = [h for _, h in columns]
    kinds = ["pct" if k in PERCENT_KEYS else "dec" if k in DECIMAL_KEYS else "int" for k, _ in columns]
    widths = [WIDE_KEYS.get(k, max(10, len(h) * 2 + 2)) for k, h in columns]
    return headers, kinds, widths


def build_xlsx(job, progress=None) -> tuple[bytes, int]:
    """The whole report as one workbook (汇总, 题目, 明细, 参保成效, 说明), streamed to a temporary
    file row by row so that 100,000 responses stay within memory."""
    import xlsxwriter

    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
                                   "strings_to_urls": False})
    formats = {"header": wb.add_format({"bold": True, "bg_color": "#E8EEF5", "text_wrap": True, "valign": "top",
                                        "border": 1}),
               "pct": wb.add_format({"num_format": "0.0%"}), "dec": wb.add_format({"num_format": "0.00"}),
               "int": wb.add_format({"num_format": "0"})}

    def write(sheet: _Sheet, rows) -> int:
        for row in rows:
            sheet.append(neutralise_row(row))
        return sheet.close()

    write(_Sheet(wb, formats, "汇总", *_keyed(SUMMARY_COLUMNS)),
          summary_rows(job.campaign, job.filters_obj, job.townships, job.today, job.with_county))
    write(_Sheet(wb, formats, "题目", *_keyed(QUESTION_COLUMNS)),
          question_rows(job.campaign, job.filters_obj, job.townships, job.with_county))
    headers, questions = response_headers(job.campaign, job.include_personal)
    fixed = len(headers) - len(questions)
    widths = [10, 10] + ([30, 22] if job.include_personal else []) + [12, 17, 22, 10, 14, 8, 8, 12, 10]
    widths = (widths + [12] * fixed)[:fixed] + [24] * len(questions)
    n = write(_Sheet(wb, formats, "明细", headers, [""] * len(headers), widths),
              response_rows(job.campaign, job.filters_obj, job.townships, job.include_personal, progress))
    write(_Sheet(wb, formats, "参保成效", *outcome_columns()), outcome_rows(job))
    notes = _Sheet(wb, formats, "说明", ["统计方法说明"], [""], [120])
    write(notes, [[line] for line in method_lines() + LABEL_NOTES] + [[f"筛选条件：{job.filter_text}"]])
    wb.close()
    return out.getvalue(), n


def build_csv(job, progress=None) -> tuple[bytes, int]:
    """One table (summary, questions or responses) as CSV in UTF-8 with BOM."""
    out = io.StringIO()
    writer = csv.writer(out)
    if job.table == "summary":
        headers, rows = [h for _, h in SUMMARY_COLUMNS], summary_rows(job.campaign, job.filters_obj, job.townships,
                                                                        job.today, job.with_county)
    elif job.table == "questions":
        headers, rows = [h for _, h in QUESTION_COLUMNS], question_rows(job.campaign, job.filters_obj, job.townships,
                                                                          job.with_county)
    else:
        headers, _ = response_headers(job.campaign, job.include_personal)
        rows = response_rows(job.campaign, job.filters_obj, job.townships, job.include_personal, progress)
    writer.writerow(headers)
    count = 0
    for row in rows:
        writer.writerow(["" if v is None else v for v in neutralise_row(row)])
        count += 1
    return ("\ufeff" + out.getvalue()).encode("utf-8"), count
