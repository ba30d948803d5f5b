"""XLSX (sheets 汇总, 题目, 明细, 参保成效, 说明; XlsxWriter in constant-memory mode) and CSV (UTF-8 with
BOM, written as it is read) writers."""

from __future__ import annotations

import csv
import io
import re

import xlsxwriter
from xlsxwriter.utility import _preserve_whitespace, _utf16_len, _utf16_truncate, xl_col_to_name
from xlsxwriter.xmlwriter import XMLwriter

from .cells import neutralise_row
from .levels import summary_columns, summary_tables, township_columns
from .outcome_sheet import outcome_columns, outcome_rows
from .tables import (
    QUESTION_COLUMNS,
    SUMMARY_COLUMNS,
    method_lines,
    question_rows,
    response_headers,
    response_rows,
    table_values,
)

# Number formats per summary / question column; others are text or whole numbers.
PERCENT_KEYS = {"coverage", "awareness", "awareness_low", "awareness_high", "insured_share", "margin", "rate", "low", "high"}
DECIMAL_KEYS = {"mean_score"}
WIDE_KEYS = {"name": 16, "county": 14, "text": 40, "policy_title": 28, "policy_url": 36, "status": 16, "township": 12}
LABEL_NOTES = [
    "明细表中：是/否/不清楚为企业的回答；“计入统计”为“是”的答卷才参与比率计算。",
    "行业为国民经济行业分类（GB/T 4754-2017）门类名称；企业规模按《统计上大中小微型企业划分办法》。",
    "比率列以百分比显示，单元格中为数值（如 50.0% 即 0.5），可直接计算；职工人数等数字题为数值。",
]


class _Sheet:
    """One worksheet written row by row (constant memory): bold frozen header, widths,
    a number format per column and an autofilter over what was written.

    The header goes through XlsxWriter; data rows are written as the <row> XML that
    XlsxWriter's constant-memory mode itself writes (inline strings, numbers as %.16G, the
    column's format index), straight into the worksheet's row-data file: XlsxWriter's
    per-cell path (a dict per row, a tuple per cell, attribute lists) cost ~12 µs a cell,
    65 s for 100,000 responses; this costs about a tenth. It uses two internals of
    XlsxWriter (pinned in requirements.txt): the row-data file handle ``fh`` and
    ``_write_single_row``/``_check_dimensions``; tests/reports/test_spreadsheets.py reads
    the result back with openpyxl."""

    def __init__(self, wb, formats, title: str, headers: list[str], kinds: list[str], widths: list[float]):
        self.ws = wb.add_worksheet(title)
        self.formats, self.kinds, self.rows = formats, kinds, 0
        for col, width in enumerate(widths):
            self.ws.set_column(col, col, width, formats.get(kinds[col]))
        self.ws.freeze_panes(1, 0)
        self.ws.write_row(0, 0, headers, formats["header"])
        self.width = len(headers)
        self.max_col = self.width - 1
        self.ws._write_single_row(1)  # flush the header row; data rows follow in the same file
        styles = [formats.get(kind) for kind in kinds]
        self.styles = [f' s="{fmt._get_xf_index()}"' if fmt is not None else "" for fmt in styles]
        self.letters = [xl_col_to_name(col) for col in range(max(self.width, 1))]

    def _column(self, col: int) -> tuple[str, str]:
        while col >= len(self.letters):
            self.letters.append(xl_col_to_name(len(self.letters)))
        return self.letters[col], self.styles[col] if col < self.width else ""

    def append(self, row) -> None:
        self.rows += 1
        r = self.rows + 1
        cells = [f'<row r="{r}">']
        add = cells.append
        for col, value in enumerate(row):
            if value is None or value == "":
                continue
            letter, style = self._column(col)
            if isinstance(value, bool):
                value = "是" if value else "否"
            elif isinstance(value, int | float):
                add(f'<c r="{letter}{r}"{style}><v>{value:.16G}</v></c>')
                continue
            add(f'<c r="{letter}{r}"{style} t="inlineStr"><is>{_inline_text(str(value))}</is></c>')
        if len(row) > self.width:
            self.max_col = max(self.max_col, len(row) - 1)
        if len(cells) > 1:
            self.ws.fh.write("".join(cells) + "</row>")

    def close(self) -> int:
        if self.rows:
            self.ws._check_dimensions(self.rows, self.max_col)
            self.ws.previous_row = self.rows + 1
        self.ws.autofilter(0, 0, max(self.rows, 1), self.width - 1)
        return self.rows


_XML_SPECIAL = re.compile("[&<>\x00-\x08\x0b-\x1f]|_x[0-9a-fA-F]{4}_")


def _inline_text(text: str) -> str:
    """<t> of an inline string as XlsxWriter writes it: truncated to Excel's 32,767 units,
    control characters as _xHHHH_, & < > escaped, leading/trailing space preserved."""
    if len(text) > 16383 and _utf16_len(text) > 32767:
        text = _utf16_truncate(text, 32767)
    if _XML_SPECIAL.search(text):
        text = XMLwriter._escape_control_characters(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if _preserve_whitespace(text):
        return f'<t xml:space="preserve">{text}</t>'
    return f"<t>{text}</t>"


def _keyed(columns) -> tuple[list[str], list[str], list[float]]:
    headers = [h for _, h in columns]
    kinds = ["pct" if k in PERCENT_KEYS else "dec" if k in DECIMAL_KEYS else "int" for k, _ in columns]
    widths = [WIDE_KEYS.get(k, max(10, len(h) * 2 + 2)) for k, h in columns]
    return headers, kinds, widths


def build_xlsx(job, progress=None) -> tuple[bytes, int]:
    """The whole report as one workbook (汇总, 题目, 明细, 参保成效, 说明), streamed to a temporary
    file row by row so that 100,000 responses stay within memory."""
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

    tables = summary_tables(job.campaign, job.filters_obj, job.townships, job.today, job.with_county, job.region)
    write(_Sheet(wb, formats, "汇总", *_keyed(summary_columns(SUMMARY_COLUMNS, tables.level))),
          table_values(tables.summary, SUMMARY_COLUMNS))
    if tables.by_level:  # a city's (province's) export: its counties (cities) above, every township here
        columns = township_columns(SUMMARY_COLUMNS)
        write(_Sheet(wb, formats, "乡镇汇总", *_keyed(columns)), table_values(tables.townships, columns))
    write(_Sheet(wb, formats, "题目", *_keyed(QUESTION_COLUMNS)),
          question_rows(job.campaign, job.filters_obj, job.townships, job.with_county, job.total_name))
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
    if job.table in ("summary", "townships"):
        tables = summary_tables(job.campaign, job.filters_obj, job.townships, job.today, job.with_county, job.region)
        if job.table == "summary":
            columns = summary_columns(SUMMARY_COLUMNS, tables.level)
            rows = table_values(tables.summary, columns)
        else:  # every township with its county
            columns = township_columns(SUMMARY_COLUMNS)
            rows = table_values(tables.townships, columns)
        headers = [h for _, h in columns]
    elif job.table == "questions":
        headers, rows = [h for _, h in QUESTION_COLUMNS], question_rows(job.campaign, job.filters_obj, job.townships,
                                                                          job.with_county, job.total_name)
    else:
        headers, _ = response_headers(job.campaign, job.include_personal)
        rows = response_rows(job.campaign, job.filters_obj, job.townships, job.include_personal, progress)
    writer.writerow(headers)
    count = 0
    for row in rows:
        writer.writerow(["" if v is None else v for v in neutralise_row(row)])
        count += 1
    return ("\ufeff" + out.getvalue()).encode("utf-8"), count
