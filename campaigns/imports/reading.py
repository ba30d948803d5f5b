"""Read the spreadsheets other departments send: XLSX or CSV (UTF-8 or GBK), Chinese
headers with aliases, title rows above the header, blank and merged cells."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

# Field → header spellings seen in real lists (compared after normalise_header()).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("企业名称", "单位名称", "名称", "市场主体名称", "企业单位名称", "用人单位名称", "参保单位名称", "企业名字"),
    "uscc": ("统一社会信用代码", "信用代码", "社会信用代码", "统一代码", "统一社会信用代码注册号", "USCC", "单位代码"),
    "township": ("所属乡镇", "乡镇", "乡镇街道", "所在乡镇", "乡镇名称", "属地", "所属区域", "乡镇园区", "所属乡镇园区"),
    "industry": ("行业", "行业代码", "所属行业", "国民经济行业", "行业门类", "国民经济行业代码", "行业类别"),
    "employees": ("从业人员", "从业人数", "职工人数", "从业人员数", "从业人员期末人数", "员工人数"),
    "revenue": ("营业收入", "主营业务收入", "营业收入总额", "年营业收入"),
    "assets": ("资产总额", "资产", "总资产"),
    "registered_on": ("成立日期", "注册日期", "登记日期", "设立日期"),
    "contact_phone": ("联系电话", "电话", "手机", "联系方式", "手机号码"),
    "insured_on": ("参保日期", "参保时间", "首次参保日期", "工伤参保日期"),
}
_ALIAS_INDEX = {alias: fname for fname, aliases in HEADER_ALIASES.items() for alias in aliases}
REQUIRED_FIELDS = {"registry": ("name", "uscc"), "insured": ("uscc",)}
HEADER_SEARCH_ROWS = 20
ALLOWED_EXTENSIONS = (".xlsx", ".csv")


class ImportFileError(Exception):
    """The file cannot be read at all; the message is shown to staff as is."""


@dataclass
class Table:
    header_row: int
    columns: dict[str, int]  # field → 0-based column
    rows: list[tuple[int, list]] = field(default_factory=list)  # (spreadsheet row number, cells)

    def value(self, cells: list, fname: str):
        col = self.columns.get(fname)
        if col is None or col >= len(cells):
            return None
        return cells[col]


def max_import_bytes() -> int:
    return getattr(settings, "CANBAO_IMPORT_MAX_BYTES", 20 * 1024 * 1024)


def normalise_header(value) -> str:
    text = unicodedata.normalize("NFKC", str(value or ""))
    text = re.sub(r"\(.*?\)|\[.*?\]|【.*?】", "", text)  # units such as （万元）
    return re.sub(r"[\s*:：/、_\-]+", "", text).upper()


def check_upload(name: str, size: int) -> None:
    """Reject a file by its name and size before reading it."""
    lower = name.lower()
    if lower.endswith(".xls"):
        raise ImportFileError(_("不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 或 .csv 后再上传。"))
    if not lower.endswith(ALLOWED_EXTENSIONS):
        raise ImportFileError(_("只能导入 .xlsx 或 .csv 文件。"))
    if size == 0:
        raise ImportFileError(_("文件是空的。"))
    if size > max_import_bytes():
        raise ImportFileError(
            _("文件过大（%(size).1f MB），单个文件不能超过 %(limit)d MB。")
            % {"size": size / 1048576, "limit": max_import_bytes() // 1048576}
        )


def read_grid(data: bytes, name: str) -> list[list]:
    """All cells of the first sheet (XLSX) or of the CSV, merged cells filled in."""
    check_upload(name, len(data))
    if name.lower().endswith(".xlsx"):
        return _read_xlsx(data)
    return _read_csv(data)


_MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


def _read_xlsx(data: bytes) -> list[list]:
    import openpyxl
    from openpyxl.utils import column_index_from_string

    if not data.startswith(b"PK\x03\x04"):
        raise ImportFileError(_("文件不是有效的 .xlsx 表格（可能已损坏或扩展名不符）。"))
    try:
        # Read-only mode streams the sheet (a fraction of the memory of a full load)...
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        grid = [list(row) for row in sheet.iter_rows(values_only=True)]
        # ...but does not report merged cells, so read them from the sheet's XML.
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            merges = _MERGE_REF.findall(archive.read(sheet._worksheet_path))
        workbook.close()
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, IndexError) as exc:
        raise ImportFileError(_("无法读取 .xlsx 文件（可能已损坏）：%(error)s") % {"error": type(exc).__name__}) from exc
    for col1, row1, col2, row2 in merges:
        # A merged block shows one value; every cell it spans carries it.
        min_col, max_col = column_index_from_string(col1.decode()), column_index_from_string(col2.decode())
        min_row, max_row = int(row1), int(row2)
        if min_row > len(grid):
            continue
        top_row = grid[min_row - 1]
        top = top_row[min_col - 1] if min_col - 1 < len(top_row) else None
        for r in range(min_row - 1, min(max_row, len(grid))):
            row = grid[r]
            row.extend([None] * (max_col - len(row)))
            for c in range(min_col - 1, max_col):
                row[c] = top
    return grid


def _read_csv(data: bytes) -> list[list]:
    if b"\x00" in data[:4096]:
        raise ImportFileError(_("文件不是文本格式的 CSV（可能是改了扩展名的其他文件）。"))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(_("无法识别 CSV 文件的编码，请使用 UTF-8 或 GBK 编码保存。"))
    try:
        sample = text[:4096]
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;") if sample.strip() else csv.excel
    except csv.Error:
        dialect = csv.excel
    try:
        return [list(row) for row in csv.reader(io.StringIO(text, newline=""), dialect)]
    except csv.Error as exc:
        raise ImportFileError(_("CSV 文件格式有误：%(error)s") % {"error": exc}) from exc


def find_table(grid: list[list], kind: str) -> Table:
    """Locate the header row (the one naming the most known fields within the first
    rows) and return the data rows under it, skipping blank ones."""
    best: tuple[int, dict[str, int]] | None = None
    for index, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        columns: dict[str, int] = {}
        for col, cell in enumerate(row):
            fname = _ALIAS_INDEX.get(normalise_header(cell))
            if fname and fname not in columns:
                columns[fname] = col
        if columns and (best is None or len(columns) > len(best[1])):
            best = (index, columns)
    required = REQUIRED_FIELDS[kind]
    if best is None or any(f not in best[1] for f in required):
        names = "、".join(HEADER_ALIASES[f][0] for f in required)
        raise ImportFileError(_("没有找到表头：前 %(n)d 行中需要有“%(names)s”等列名。") % {"n": HEADER_SEARCH_ROWS, "names": names})
    header_index, columns = best
    table = Table(header_row=header_index + 1, columns=columns)
    for index in range(header_index + 1, len(grid)):
        cells = grid[index]
        if any(cell not in (None, "") and str(cell).strip() for cell in cells):
            table.rows.append((index + 1, cells))
    if not table.rows:
        raise ImportFileError(_("表头下面没有数据行。"))
    return table


def read_table(data: bytes, name: str, kind: str) -> Table:
    """Read an uploaded file into a Table, or raise ImportFileError with a Chinese message."""
    return find_table(read_grid(data, name), kind)
