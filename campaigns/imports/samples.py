"""Registry lists shaped like the ones offices send — a title row, a two-row header under
merged labels (规模信息 over 从业人员/营业收入/资产总额), a footer — written in every
format the import reads. The test fixtures and `bench import --format` are made with it.

XLSX and ODS are written as plain XML in a zip (fast, constant memory for 50,000 rows);
.xls needs xlwt, a test-and-tooling dependency, imported only when asked for."""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape

FORMATS = ("xlsx", "xls", "ods", "csv", "csv-utf8")


def registry_layout(title: str, labels: Sequence[str], group: tuple[str, int, int] | None):
    """The header rows and merged ranges of a list: row 1 the title across every column,
    rows 2-3 the header; `group` = (parent label, first column, last column) spans the
    parent over its children on row 2, every other label spans rows 2-3.
    Returns (rows, merges) with merges as (first row, first col, last row, last col), 0-based."""
    width = len(labels)
    top = list(labels)
    bottom: list = [None] * width
    merges = [(0, 0, 0, width - 1)]
    for col in range(width):
        if group and group[1] <= col <= group[2]:
            top[col] = group[0] if col == group[1] else None
            bottom[col] = labels[col]
        else:
            merges.append((1, col, 2, col))
    if group:
        merges.append((1, group[1], 1, group[2]))
    return [[title] + [None] * (width - 1), top, bottom], merges


def write_sheet(fmt: str, rows: Iterable[Sequence], merges: Sequence[tuple[int, int, int, int]] = ()) -> bytes:
    """Rows (str, int, float, date or None cells) as a file of format `fmt`."""
    if fmt == "xlsx":
        return _xlsx(rows, merges)
    if fmt == "ods":
        return _ods(rows, merges)
    if fmt == "xls":
        return _xls(rows, merges)
    if fmt in ("csv", "csv-gbk"):
        return _csv(rows).encode("gb18030")
    if fmt == "csv-utf8":
        return _csv(rows).encode("utf-8-sig")
    raise ValueError(fmt)


def _csv(rows) -> str:
    out = io.StringIO()
    csv.writer(out).writerows([["" if v is None else v for v in row] for row in rows])
    return out.getvalue()


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_EXCEL_EPOCH = datetime.date(1899, 12, 30)


def _xlsx(rows, merges) -> bytes:
    parts = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(row):
            ref = f"{_column_letters(c)}{r}"
            if value is None or value == "":
                continue
            if isinstance(value, datetime.date):
                cells.append(f'<c r="{ref}" s="1"><v>{(value - _EXCEL_EPOCH).days}</v></c>')
            elif isinstance(value, int | float):
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            else:
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>')
        parts.append(f'<row r="{r}">{"".join(cells)}</row>')
    merged = "".join(
        f'<mergeCell ref="{_column_letters(c1)}{r1 + 1}:{_column_letters(c2)}{r2 + 1}"/>' for r1, c1, r2, c2 in merges
    )
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + "".join(parts) + "</sheetData>"
        + (f'<mergeCells count="{len(merges)}">{merged}</mergeCells>' if merges else "") + "</worksheet>"
    )
    ns = "http://schemas.openxmlformats.org"
    files = {
        "[Content_Types].xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{ns}/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{ns}/spreadsheetml/2006/main" '
            f'xmlns:r="{ns}/officeDocument/2006/relationships"><sheets><sheet name="名录" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{ns}/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            "</Relationships>"
        ),
        "xl/styles.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{ns}/spreadsheetml/2006/main">'
            '<fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders>'
            '<cellStyleXfs count="1"><xf/></cellStyleXfs>'
            '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>'
        ),
        "xl/worksheets/sheet1.xml": sheet,
    }
    return _zip(files)


def _zip(files: dict[str, str], stored_first: tuple[str, str] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        if stored_first:
            archive.writestr(stored_first[0], stored_first[1], compress_type=zipfile.ZIP_STORED)
        for name, text in files.items():
            archive.writestr(name, text.encode("utf-8"))
    return out.getvalue()


def _ods_cell(value, span: tuple[int, int] | None) -> str:
    attrs = f' table:number-rows-spanned="{span[0]}" table:number-columns-spanned="{span[1]}"' if span else ""
    if value is None or value == "":
        return f"<table:table-cell{attrs}/>"
    if isinstance(value, datetime.date):
        return f'<table:table-cell{attrs} office:value-type="date" office:date-value="{value.isoformat()}"><text:p>{value.isoformat()}</text:p></table:table-cell>'
    if isinstance(value, int | float):
        return f'<table:table-cell{attrs} office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>'
    return f'<table:table-cell{attrs} office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'


def _ods(rows, merges) -> bytes:
    spans = {(r1, c1): (r2 - r1 + 1, c2 - c1 + 1) for r1, c1, r2, c2 in merges}
    covered = {(r, c) for r1, c1, r2, c2 in merges for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)} - set(spans)
    parts = []
    for r, row in enumerate(rows):
        cells = [
            "<table:covered-table-cell/>" if (r, c) in covered else _ods_cell(value, spans.get((r, c)))
            for c, value in enumerate(row)
        ]
        parts.append(f"<table:table-row>{''.join(cells)}</table:table-row>")
    ns = "urn:oasis:names:tc:opendocument:xmlns"
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="{ns}:office:1.0" '
        f'xmlns:table="{ns}:table:1.0" xmlns:text="{ns}:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="名录">'
        + "".join(parts) + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        f'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="{ns}:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    return _zip({"content.xml": content, "META-INF/manifest.xml": manifest},
                stored_first=("mimetype", "application/vnd.oasis.opendocument.spreadsheet"))


def _xls(rows, merges) -> bytes:
    import xlwt  # tests and tooling only (requirements.txt)

    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("名录")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    starts = {(r1, c1): (r1, r2, c1, c2) for r1, c1, r2, c2 in merges}
    covered = {(r, c) for r1, c1, r2, c2 in merges for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if (r, c) in starts:
                sheet.write_merge(*starts[(r, c)], "" if value is None else value)
            elif (r, c) in covered or value is None:
                continue
            elif isinstance(value, datetime.date):
                sheet.write(r, c, value, date_style)
            else:
                sheet.write(r, c, value)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
