"""XLSX (sheets 汇总, 题目, 明细, 说明) and CSV (UTF-8 with BOM) writers."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from .cells import neutralise_row
from .tables import (
    QUESTION_COLUMNS,
    SUMMARY_COLUMNS,
    method_lines,
    question_rows,
    response_headers,
    response_rows,
    summary_rows,
)


def build_xlsx(job, progress=None) -> tuple[bytes, int]:
    """The whole report as one workbook; returns (content, number of response rows)."""
    wb = Workbook(write_only=True)
    bold = Font(bold=True)

    def sheet(title, headers, rows):
        ws = wb.create_sheet(title)
        from openpyxl.cell import WriteOnlyCell

        header_cells = []
        for h in headers:
            cell = WriteOnlyCell(ws, value=h)
            cell.font = bold
            header_cells.append(cell)
        ws.append(header_cells)
        count = 0
        for row in rows:
            ws.append(neutralise_row(row))
            count += 1
        return count

    sheet("汇总", [h for _, h in SUMMARY_COLUMNS],
          summary_rows(job.campaign, job.filters_obj, job.townships, job.today, job.with_county))
    sheet("题目", [h for _, h in QUESTION_COLUMNS], question_rows(job.campaign, job.filters_obj, job.townships, job.with_county))
    headers, _ = response_headers(job.campaign, job.include_personal)
    n = sheet("明细", headers, response_rows(job.campaign, job.filters_obj, job.townships, job.include_personal, progress))
    sheet("说明", ["统计方法说明"], [[line] for line in method_lines()] + [[f"筛选条件：{job.filter_text}"]])
    out = io.BytesIO()
    wb.save(out)
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
