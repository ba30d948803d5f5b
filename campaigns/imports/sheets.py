"""Open any file an office sends — .xlsx, .xls, .ods or CSV (UTF-8 with or without BOM,
GBK/GB18030) — as one stream of rows, merged cells filled in.

The three spreadsheet formats go through python-calamine (Rust's calamine: 20× faster
than openpyxl's read-only mode on 50,000 rows, see docs/benchmarks.md), each after the
size checks of limits.py, because calamine lays the sheet out densely and a stray far-away
cell would take the process down before Python sees an error. The format is told by the
file's first bytes, not its name (a renamed .xlsx still opens)."""

from __future__ import annotations

import csv
import io
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator

from django.utils.translation import gettext as _

from .limits import Extent, ImportFileError, check_zip, max_columns, max_rows, ods_extent, xls_extent, xlsx_extent

Merge = tuple[tuple[int, int], tuple[int, int]]  # ((first row, first col), (last row, last col)), 0-based


# What a damaged zip or spreadsheet raises on the way in (a truncated deflate stream is a
# zlib.error, a cut-off file an EOFError); each becomes a Chinese ImportFileError, never a 500.
DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError, OSError, IndexError, struct.error,
           NotImplementedError, RuntimeError)  # an unknown compression method, an encrypted member


def sheet_format(data: bytes, name: str) -> str:
    """"xlsx", "ods", "xls" or "csv", by content; a clear error for the rest."""
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except DAMAGED as exc:  # e.g. "zip file version 6.4" (NotImplementedError)
            raise _unreadable(name, exc) from exc
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "content.xml" in names:
            return "ods"
        raise ImportFileError(_("压缩包里没有表格：请上传 .xlsx、.xls、.ods 或 .csv 文件。"))
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    lower = name.lower()
    if lower.endswith(".csv"):
        return "csv"
    if lower.endswith((".xls", ".xlsx", ".ods")) and data.lstrip(b"\xef\xbb\xbf \r\n\t")[:1] == b"<":
        raise ImportFileError(_("该文件实际是网页或 XML 格式（部分系统导出的“xls”即是如此），请在 Excel 或 WPS 中另存为 .xlsx 后再上传。"))
    raise ImportFileError(
        _("文件不是有效的 %(ext)s 表格（可能已损坏或扩展名不符）。") % {"ext": posixpath.splitext(lower)[1] or _("表格")}
    )


def _unreadable(name: str, exc: Exception) -> ImportFileError:
    return ImportFileError(_("无法读取表格文件“%(name)s”（可能已损坏）：%(error)s") % {"name": name, "error": type(exc).__name__})


def iter_sheet_rows(data: bytes, name: str) -> Iterator[tuple[int, list]]:
    """(1-based row number, cells) for every row of the first sheet or of the CSV."""
    fmt = sheet_format(data, name)
    if fmt == "csv":
        return _csv_rows(data)
    return _calamine_rows(data, name, fmt)


_WORKBOOK_SHEET = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\br?:?id="([^"]+)"')
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")


def _first_worksheet(archive: zipfile.ZipFile) -> str:
    """The zip path of the workbook's first sheet (the one calamine opens at index 0)."""
    first = _WORKBOOK_SHEET.search(archive.read("xl/workbook.xml"))
    rels = archive.read("xl/_rels/workbook.xml.rels") if "xl/_rels/workbook.xml.rels" in archive.namelist() else b""
    for tag in _RELATIONSHIP.findall(rels):
        ident = re.search(rb'\bId="([^"]+)"', tag)
        target = re.search(rb'\bTarget="([^"]+)"', tag)
        if first and ident and target and ident.group(1) == first.group(1):
            path = target.group(1).decode()
            return path.lstrip("/") if path.startswith("/") else posixpath.normpath(posixpath.join("xl", path))
    return "xl/worksheets/sheet1.xml"


def _check_extent(data: bytes, fmt: str) -> Extent:
    if fmt == "xls":
        return xls_extent(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        check_zip(archive)
        if fmt == "ods":
            return ods_extent(archive)
        member = _first_worksheet(archive)
        if member not in archive.namelist():
            raise ImportFileError(_("表格文件里找不到第一个工作表（可能已损坏）。"))
        return xlsx_extent(archive, member)


def _calamine_rows(data: bytes, name: str, fmt: str) -> Iterator[tuple[int, list]]:
    import python_calamine

    damaged = (*DAMAGED, python_calamine.CalamineError)
    try:
        extent = _check_extent(data, fmt)
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = workbook.get_sheet_by_index(0)
        merges = list(sheet.merged_cell_ranges or extent.merges)
    except ImportFileError:
        raise
    except damaged as exc:
        raise _unreadable(name, exc) from exc
    start_row, start_col = sheet.start if sheet.height else (0, 0)
    pad = [""] * start_col
    width = start_col + sheet.width
    rows = ((number, pad + row if pad else row) for number, row in enumerate(sheet.iter_rows(), start=1))
    return _refusing_damage(fill_merges(rows, merges, width), name, damaged)


def _refusing_damage(rows: Iterator[tuple[int, list]], name: str, damaged: tuple) -> Iterator[tuple[int, list]]:
    """Rows are read lazily: damage found half-way through is refused like damage up front."""
    try:
        yield from rows
    except damaged as exc:
        raise _unreadable(name, exc) from exc


def fill_merges(rows: Iterator[tuple[int, list]], merges: list[Merge], width: int) -> Iterator[tuple[int, list]]:
    """A merged block shows one value; give it to every cell the block spans (clipped to
    the sheet's width, so a merge over a whole row costs nothing)."""
    starting: dict[int, list[Merge]] = {}
    for merge in merges:
        starting.setdefault(merge[0][0], []).append(merge)
    active: list[tuple[Merge, object]] = []
    for number, cells in rows:
        index = number - 1
        for merge in starting.pop(index, ()):
            top_col = merge[0][1]
            active.append((merge, cells[top_col] if top_col < len(cells) else ""))
        if active:
            active = [(m, v) for m, v in active if m[1][0] >= index]
            for (_top, (_last_row, last_col)), value in active:
                first_col = _top[1]
                last_col = min(last_col, width - 1)
                if last_col >= len(cells):
                    cells = cells + [""] * (last_col + 1 - len(cells))
                for col in range(first_col, last_col + 1):
                    cells[col] = value
        yield number, cells


def decode_csv(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise ImportFileError(_("文件不是文本格式的 CSV（可能是改了扩展名的其他文件）。"))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_("无法识别 CSV 文件的编码，请使用 UTF-8 或 GBK 编码保存。"))


def _csv_rows(data: bytes) -> Iterator[tuple[int, list]]:
    text = decode_csv(data)
    try:
        sample = text[:4096]
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;") if sample.strip() else csv.excel
    except csv.Error:
        dialect = csv.excel
    return _csv_stream(text, dialect)


def _csv_stream(text: str, dialect) -> Iterator[tuple[int, list]]:
    most_rows, most_columns = max_rows(), max_columns()
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text, newline=""), dialect), start=1):
            if number > most_rows or len(row) > most_columns:
                raise ImportFileError(
                    _("CSV 文件过大：最多 %(rows)d 行、%(columns)d 列。") % {"rows": most_rows, "columns": most_columns}
                )
            yield number, row
    except csv.Error as exc:
        raise ImportFileError(_("CSV 文件格式有误：%(error)s") % {"error": exc}) from exc
