"""Reading the bureau's own list of divisions — 区划代码, 名称, optional 类型 and 上级代码 —
from a CSV (UTF-8 with or without BOM, GBK) or a spreadsheet, and checking every row before
anything is written (regions.importing plans and applies what passed).

The file is opened by the registry import's reader (campaigns.imports.sheets), with the same
bounds on size, rows and columns, so a garbage, empty, mis-encoded or huge file is refused
with a Chinese message, never a 500."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from campaigns.imports.limits import ImportFileError
from campaigns.imports.reading import check_upload
from campaigns.imports.sheets import iter_sheet_rows
from core.inputs import strip_control

from .codes import level_of, normalize_code

__all__ = ["Entry", "ImportFileError", "check_rows", "check_upload", "read_rows", "township_kind"]

MAX_ROWS = 60_000  # the whole country has about 43,000 township-level units
MAX_NAME_LENGTH = 50  # Region.name, Township.name
HEADER_SEARCH_ROWS = 10
HEADERS = {
    "code": ("区划代码", "统计用区划代码", "行政区划代码", "代码", "CODE"),
    "name": ("名称", "区划名称", "单位名称", "NAME"),
    "kind": ("类型", "类别", "层级", "级别", "KIND", "LEVEL"),
    "parent": ("上级代码", "上级区划代码", "上级", "PARENTCODE", "PARENT"),
}
# 类型 words: a level above the townships, or a township's kind ("" = the level only).
LEVEL_WORDS = {
    "省": "province", "省级": "province", "自治区": "province", "直辖市": "province", "PROVINCE": "province",
    "市": "city", "市级": "city", "地级市": "city", "地区": "city", "自治州": "city", "盟": "city", "CITY": "city",
    "县": "county", "区": "county", "县级": "county", "县级市": "county", "市辖区": "county", "自治县": "county",
    "旗": "county", "COUNTY": "county",
}
TOWNSHIP_WORDS = {
    "街道": "subdistrict", "街道办事处": "subdistrict", "SUBDISTRICT": "subdistrict",
    "镇": "town", "TOWN": "town",
    "乡": "township", "民族乡": "township", "苏木": "township", "TOWNSHIP": "township",
    "开发区": "development_zone", "园区": "development_zone", "经济开发区": "development_zone",
    "DEVELOPMENTZONE": "development_zone",
    "乡级": "", "乡镇": "", "乡镇级": "",
}


def _key(value) -> str:
    text = unicodedata.normalize("NFKC", str(value or ""))
    return "".join(ch for ch in text if not ch.isspace() and ch not in "_-*:：").upper()


_HEADER_INDEX = {_key(alias): fname for fname, aliases in HEADERS.items() for alias in aliases}


def _text(cell) -> str:
    """A cell as text: a code a spreadsheet stored as a number loses its ".0"."""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return strip_control(str(cell if cell is not None else "")).strip()


def _header(cells: list) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        fname = _HEADER_INDEX.get(_key(cell))
        if fname and fname not in columns:
            columns[fname] = index
    return columns


def read_rows(data: bytes, name: str) -> list[tuple[int, dict[str, str]]]:
    """(row number, {code, name, kind, parent}) for every non-blank row under the header;
    ImportFileError (a Chinese message) when the file cannot be read as such a list."""
    check_upload(name, len(data))
    rows = iter_sheet_rows(data, name)
    columns: dict[str, int] = {}
    for number, cells in rows:
        columns = _header(cells)
        if "code" in columns and "name" in columns:
            break
        if number >= HEADER_SEARCH_ROWS:
            columns = {}
            break
    if "code" not in columns or "name" not in columns:
        raise ImportFileError(_("没有找到表头：前 %(n)d 行中需要有“区划代码”和“名称”两列（可选“类型”“上级代码”）。")
                              % {"n": HEADER_SEARCH_ROWS})
    found: list[tuple[int, dict[str, str]]] = []
    for number, cells in rows:
        values = {f: _text(cells[c]) if c < len(cells) else "" for f, c in columns.items()}
        for fname in ("code", "parent"):  # full-width digits, as some offices type them
            values[fname] = unicodedata.normalize("NFKC", values.get(fname, ""))
        if not any(values.values()):
            continue
        if len(found) >= MAX_ROWS:
            raise ImportFileError(_("行数过多：区划名单最多 %(n)d 行。") % {"n": MAX_ROWS})
        found.append((number, {f: values.get(f, "") for f in HEADERS}))
    if not found:
        raise ImportFileError(_("表头下面没有数据行。"))
    return found


def township_kind(name: str) -> str | None:
    """A township's kind from its name's suffix: 街道, 镇, 乡, 开发区/园区."""
    if name.endswith(("街道", "街道办事处")):
        return "subdistrict"
    if "开发区" in name or name.endswith("园区"):
        return "development_zone"
    if name.endswith("镇"):
        return "town"
    if name.endswith(("乡", "苏木")):
        return "township"
    return None


@dataclass
class Entry:
    """One row that passed: a region (province, city, county) or a township."""

    row: int
    code: str
    name: str
    level: str
    kind: str = ""  # a township's kind when the file gives it or its name tells it
    parent: str = ""  # the parent's 12-digit code ("" for a province)

    def as_list(self) -> list:
        return [self.row, self.code, self.name, self.level, self.kind, self.parent]


@dataclass
class Checked:
    entries: list[Entry] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)


LEVEL_NAMES = {"province": "省级", "city": "市级", "county": "县级", "township": "乡级"}


def expected_parent(code: str, level: str) -> str:
    keep = {"city": 2, "county": 4, "township": 6}[level]
    return code[:keep].ljust(12, "0")


def _kind(raw: str, level: str, name: str) -> tuple[str, str | None]:
    """(township kind or "", error)."""
    key = _key(raw)
    if key and key not in LEVEL_WORDS and key not in TOWNSHIP_WORDS:
        return "", _("类型“%(kind)s”无法识别：应为 省、市、县（区）或 街道、镇、乡、开发区。") % {"kind": raw}
    given_level = LEVEL_WORDS.get(key) or ("township" if key in TOWNSHIP_WORDS else None)
    if given_level and given_level != level:
        return "", _("类型“%(kind)s”与区划代码的层级（%(level)s）不符。") % {"kind": raw, "level": _(LEVEL_NAMES[level])}
    if level != "township":
        return "", None
    return TOWNSHIP_WORDS.get(key) or township_kind(name) or "", None


def _parent(raw: str, code: str, level: str) -> tuple[str, str | None]:
    """(parent code, error): the code's own prefix parent, or a county's province when the
    file says so (省直辖县级, e.g. 济源市 419001 under 河南省)."""
    if level == "province":
        if raw and normalize_code(raw) is None:
            return "", _("上级代码“%(code)s”应为 6 位、9 位或 12 位数字。") % {"code": raw}
        if raw:
            return "", _("省级区划没有上级，“上级代码”应留空。")
        return "", None
    expected = expected_parent(code, level)
    if not raw:
        return expected, None
    given = normalize_code(raw)
    if given is None:
        return "", _("上级代码“%(code)s”应为 6 位、9 位或 12 位数字。") % {"code": raw}
    if given == expected:
        return given, None
    if level == "county" and given == code[:2].ljust(12, "0"):
        return given, None  # 省直辖县级: no city between
    return "", _("上级代码“%(given)s”与区划代码“%(code)s”不一致：按代码，上级应为“%(expected)s”"
                 "（省直辖的县级区划可填所在省的代码）。") % {"given": raw, "code": code, "expected": expected}


def check_rows(rows: list[tuple[int, dict[str, str]]], known_regions: set[str]) -> Checked:
    """Every row checked on its own and against the others; a parent must be in the file or
    among `known_regions` (the 12-digit codes of the regions already in the database)."""
    result = Checked()
    seen: dict[str, int] = {}
    for number, values in rows:
        error = None
        raw = values["code"]
        code = normalize_code(raw)
        level = level_of(code) if code else None
        if not raw:
            error = _("缺少区划代码。")
        elif code is None:
            error = _("区划代码“%(code)s”应为 6 位、9 位或 12 位数字。") % {"code": raw}
        elif level is None:
            error = _("区划代码“%(code)s”是村级（村委会、居委会）代码：本系统只导入到乡镇（街道）一级，请删除此行。") % {"code": raw}
        elif code in seen:
            error = _("区划代码“%(code)s”与第 %(n)d 行重复。") % {"code": raw, "n": seen[code]}
        if code and code not in seen:
            seen[code] = number
        if error:
            result.errors.append((number, error))
            continue
        name = values["name"]
        kind, kind_error = _kind(values["kind"], level, name)
        parent, parent_error = _parent(values["parent"], code, level)
        if not name:
            error = _("名称为空。")
        elif len(name) > MAX_NAME_LENGTH:
            error = _("名称过长（%(n)d 个字），最多 %(limit)d 个字。") % {"n": len(name), "limit": MAX_NAME_LENGTH}
        error = error or kind_error or parent_error
        if error:
            result.errors.append((number, error))
            continue
        result.entries.append(Entry(number, code, name, level, kind, parent))
    in_file = set(seen)
    for entry in result.entries:
        city = expected_parent(entry.code, entry.level) if entry.level == "county" else entry.parent
        if city != entry.parent and (city in in_file or city in known_regions):
            result.errors.append((entry.row, _("上级代码不一致：上级市“%(city)s”存在，上级代码应为“%(city)s”。")
                                  % {"city": city}))
        elif entry.parent and entry.parent not in in_file and entry.parent not in known_regions:
            hint = _("（省直辖的县级区划请在“上级代码”列填写所在省的代码）") if entry.level == "county" else ""
            result.errors.append((entry.row, _("上级区划“%(parent)s”既不在文件中，也不在系统中：请在文件中加上这一行。%(hint)s")
                                  % {"parent": entry.parent, "hint": hint}))
    result.errors.sort()
    return result
