"""How big a spreadsheet may be, checked before any reader allocates it.

A reader lays a sheet out as one dense grid from its first to its last used cell, so a 5 KB
file with one stray cell at XFD1048576 asks for 17 billion cells, and a zip member that
inflates to gigabytes is read whole. Both are refused here, in bounded time and memory:
the zip's declared sizes are checked first, then the sheet XML (or, for .xls, the cell
records) is streamed once to find the last row and column that really hold a value.
The limits are settings so a county with a bigger register can raise them."""

from __future__ import annotations

import re
import struct
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _


class ImportFileError(Exception):
    """The file cannot be read at all; the message is shown to staff as is."""


def limit(name: str, default: int) -> int:
    return int(getattr(settings, f"CANBAO_IMPORT_{name}", default))


def max_rows() -> int:
    return limit("MAX_ROWS", 200_000)


def max_columns() -> int:
    return limit("MAX_COLUMNS", 500)


def max_cells() -> int:
    """Rows × columns of the used area (a reader's dense grid costs ≈ 32 bytes a cell)."""
    return limit("MAX_CELLS", 4_000_000)


def max_inflated_bytes() -> int:
    """Uncompressed size of everything in an .xlsx/.ods zip (50,000 rows ≈ 25 MB)."""
    return limit("MAX_INFLATED_BYTES", 200 * 1024 * 1024)


@dataclass
class Extent:
    """The last used row and column (1-based) and, for .ods, the merged ranges seen."""

    rows: int = 0
    columns: int = 0
    merges: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)

    def __post_init__(self):
        self.limits = (max_rows(), max_columns(), max_cells())

    def see(self, row: int, column: int) -> None:
        """Note a used cell; refuse as soon as the used area passes a limit."""
        if row > self.rows or column > self.columns:
            self.rows, self.columns = max(row, self.rows), max(column, self.columns)
            most_rows, most_columns, most_cells = self.limits
            if self.rows > most_rows or self.columns > most_columns or self.rows * self.columns > most_cells:
                raise too_large(self.rows, self.columns)


def too_large(rows: int, columns: int) -> ImportFileError:
    return ImportFileError(
        _("表格范围过大（%(rows)d 行 × %(columns)d 列），最多 %(max_rows)d 行、%(max_columns)d 列。"
          "如果表格下方或右侧远处有多余的单元格，请删除后另存再上传。")
        % {"rows": rows, "columns": columns, "max_rows": max_rows(), "max_columns": max_columns()}
    )


def check_zip(archive: zipfile.ZipFile) -> None:
    """Refuse a zip whose members would inflate past the limit (the sizes the zip declares;
    zipfile stops at the declared size and fails the CRC if a member lies)."""
    total = sum(info.file_size for info in archive.infolist())
    if total > max_inflated_bytes() or len(archive.infolist()) > 10_000:
        raise ImportFileError(
            _("文件解压后过大（%(size)d MB，上限 %(limit)d MB），可能不是正常的表格文件。")
            % {"size": total // 1048576, "limit": max_inflated_bytes() // 1048576}
        )


_CHUNK = 1 << 20


def _tags(stream, pattern: re.Pattern):
    """Matches of `pattern` (which must end at a '>') over a stream read in chunks."""
    tail = b""
    while True:
        data = stream.read(_CHUNK)
        buf = tail + data
        end = buf.rfind(b">") + 1 if data else len(buf)
        yield from pattern.finditer(buf, 0, end)
        if not data:
            return
        tail = buf[end:]
        if len(tail) > _CHUNK:  # no '>' in a whole chunk: not a sheet
            raise ImportFileError(_("表格内容格式有误，无法读取。"))


_XLSX_TAG = re.compile(rb"<(?:\w+:)?(row|c)(?=[\s/>])([^>]*?)(/?)>")
_XLSX_REF = re.compile(rb'\sr="([A-Z]*)(\d*)"')
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]*\d*:?([A-Z]*)(\d*)"')


def column_number(letters: bytes) -> int:
    number = 0
    for char in letters:
        number = number * 26 + char - 64
    return number


def xlsx_extent(archive: zipfile.ZipFile, member: str) -> Extent:
    """Stream one worksheet's XML: the declared <dimension> first, then every cell that
    holds something (an empty styled <c/> costs a reader nothing)."""
    extent = Extent()
    with archive.open(member) as stream:
        head = stream.read(65536)
    declared = _DIMENSION.search(head)
    if declared and declared.group(1) and declared.group(2):
        Extent().see(int(declared.group(2)), column_number(declared.group(1)))
    row = column = 0
    with archive.open(member) as stream:
        for match in _tags(stream, _XLSX_TAG):
            ref = _XLSX_REF.search(match.group(2))
            if match.group(1) == b"row":
                row = int(ref.group(2)) if ref and ref.group(2) else row + 1
                column = 0
                continue
            if ref and ref.group(1):
                column = column_number(ref.group(1))
                row = int(ref.group(2)) if ref.group(2) else row
            else:
                column += 1
            if not match.group(3):
                extent.see(max(row, 1), column)
    return extent


_ODS_TAG = re.compile(rb"<table:(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^>]*?)(/?)>")
_ODS_REPEAT = re.compile(rb'number-(rows|columns)-(repeated|spanned)="(\d+)"')


def ods_extent(archive: zipfile.ZipFile) -> Extent:
    """Stream content.xml (every sheet: a reader parses them all): repeated rows and cells
    count as many times as they repeat; merged ranges are collected on the way."""
    extent = Extent()
    row = 0  # rows before the current one
    row_repeat = 0
    column = 0
    tables = 0
    with archive.open("content.xml") as stream:
        for match in _tags(stream, _ODS_TAG):
            kind, attrs, empty = match.groups()
            numbers = {(m.group(1), m.group(2)): int(m.group(3)) for m in _ODS_REPEAT.finditer(attrs)}
            if kind == b"table":
                row, row_repeat, column = 0, 0, 0
                tables += 1
                continue
            if kind == b"table-row":
                row += row_repeat
                row_repeat, column = numbers.get((b"rows", b"repeated"), 1), 0
                continue
            repeat = numbers.get((b"columns", b"repeated"), 1)
            if not empty or b"value-type" in attrs:
                extent.see(row + row_repeat, column + repeat)
            spans = numbers.get((b"rows", b"spanned"), 1), numbers.get((b"columns", b"spanned"), 1)
            if spans != (1, 1) and tables == 1 and len(extent.merges) < 100_000:
                top = (row, column)
                extent.merges.append((top, (row + spans[0] - 1, column + spans[1] - 1)))
                extent.see(row + spans[0], column + spans[1])
            column += repeat
            if column > max_columns() * 40:  # a row of millions of repeated empty cells
                raise too_large(row + 1, column)
    return extent


# .xls: the Workbook stream inside the OLE compound file, then its BIFF cell records.
_CELL_RECORDS = {0x0006, 0x00FD, 0x0203, 0x027E, 0x0204, 0x0205, 0x00D6}  # formula, text, number, bool…
_MULRK = 0x00BD
_END = 0xFFFFFFFA


def _ole_stream(data: bytes, names: tuple[str, ...]) -> bytes:
    """One stream of a compound file (the few parts of the format an .xls needs)."""
    if len(data) < 512 or data[:8] != b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportFileError(_("文件不是有效的 .xls 表格（可能已损坏或扩展名不符）。"))
    size = 1 << struct.unpack_from("<H", data, 0x1E)[0]
    mini_size = 1 << struct.unpack_from("<H", data, 0x20)[0]
    n_fat, first_dir = struct.unpack_from("<II", data, 0x2C)
    cutoff, first_mini_fat, n_mini_fat, first_difat, n_difat = struct.unpack_from("<IIIII", data, 0x38)
    if size not in (512, 4096) or n_fat > len(data) // size + 1 or n_difat > len(data) // size + 1:
        raise ImportFileError(_("文件不是有效的 .xls 表格（可能已损坏或扩展名不符）。"))

    def sector(index: int) -> bytes:
        start = (index + 1) * size
        if start + size > len(data) + size:
            raise ImportFileError(_("文件不是有效的 .xls 表格（可能已损坏）。"))
        return data[start:start + size]

    difat = list(struct.unpack_from("<109I", data, 0x4C))
    following = first_difat
    for _step in range(n_difat):
        if following >= _END:
            break
        block = sector(following)
        entries = struct.unpack(f"<{size // 4}I", block)
        difat.extend(entries[:-1])
        following = entries[-1]
    fat: list[int] = []
    for index in difat[:n_fat]:
        fat.extend(struct.unpack(f"<{size // 4}I", sector(index)))

    def chain(start: int, table: list[int]) -> list[int]:
        out = []
        while start < _END and len(out) <= len(table):
            out.append(start)
            start = table[start] if start < len(table) else _END
        return out

    directory = b"".join(sector(i) for i in chain(first_dir, fat))
    entries = [directory[i:i + 128] for i in range(0, len(directory) - 127, 128)]
    root_start, root_size = struct.unpack_from("<IQ", entries[0], 116) if entries else (_END, 0)
    for entry in entries:
        name_length = struct.unpack_from("<H", entry, 64)[0]
        name = entry[:max(name_length - 2, 0)].decode("utf-16-le", "replace")
        if entry[66] != 2 or name not in names:
            continue
        start, length = struct.unpack_from("<IQ", entry, 116)
        length &= 0xFFFFFFFF
        if length >= cutoff:
            return b"".join(sector(i) for i in chain(start, fat))[:length]
        mini_fat: list[int] = []
        for index in chain(first_mini_fat, fat)[:n_mini_fat]:
            mini_fat.extend(struct.unpack(f"<{size // 4}I", sector(index)))
        mini_stream = b"".join(sector(i) for i in chain(root_start, fat))[:root_size]
        return b"".join(mini_stream[i * mini_size:(i + 1) * mini_size] for i in chain(start, mini_fat))[:length]
    raise ImportFileError(_("文件不是有效的 .xls 表格（找不到工作簿数据）。"))


def xls_extent(data: bytes) -> Extent:
    """Every cell record of the workbook stream (blank cells excepted: a reader skips them)."""
    stream = _ole_stream(data, ("Workbook", "Book"))
    extent = Extent()
    position, end = 0, len(stream) - 4
    unpack = struct.unpack_from
    while position <= end:
        kind, length = unpack("<HH", stream, position)
        body = position + 4
        if kind in _CELL_RECORDS and length >= 4:
            row, column = unpack("<HH", stream, body)
            extent.see(row + 1, column + 1)
        elif kind == _MULRK and length >= 6:
            row = unpack("<H", stream, body)[0]
            last = unpack("<H", stream, body + length - 2)[0]
            extent.see(row + 1, last + 1)
        position = body + length
    return extent
