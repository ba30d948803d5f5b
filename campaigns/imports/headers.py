"""Which row is the header, and which column holds which field, in the lists offices send.

They put a title or two above the header, spread the header over two rows under merged
parent labels (规模信息 over 从业人员/营业收入/资产总额), spell the same column several
ways (统一社会信用代码 / 社会信用代码 / 信用代码), put units in the header (营业收入（元）)
and end with footer rows (合计, 制表人, 备注). The header is the row, or pair of rows,
within the first HEADER_SEARCH_ROWS that names the most known fields."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

HEADER_SEARCH_ROWS = 20

# Field → header spellings seen in real lists (compared after normalise_header()).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("企业名称", "单位名称", "名称", "市场主体名称", "企业单位名称", "用人单位名称", "参保单位名称", "企业名字",
             "主体名称", "企业全称", "单位全称"),
    "uscc": ("统一社会信用代码", "信用代码", "社会信用代码", "统一代码", "统一社会信用代码注册号", "USCC", "单位代码",
             "统一信用代码", "社会统一信用代码", "纳税人识别号统一社会信用代码"),
    "township": ("所属乡镇", "乡镇", "乡镇街道", "所在乡镇", "乡镇名称", "属地", "所属区域", "乡镇园区", "所属乡镇园区",
                 "所在地", "所在乡镇街道", "所属乡镇街道", "所属街道", "乡镇区", "所属乡镇区"),
    "industry": ("行业", "行业代码", "所属行业", "国民经济行业", "行业门类", "国民经济行业代码", "行业类别", "行业分类",
                 "所属行业代码"),
    "employees": ("从业人员", "从业人数", "职工人数", "从业人员数", "从业人员期末人数", "员工人数", "年末从业人员",
                  "从业人员人数", "参保人数"),
    "revenue": ("营业收入", "主营业务收入", "营业收入总额", "年营业收入", "营业总收入"),
    "assets": ("资产总额", "资产", "总资产", "资产总计"),
    "registered_on": ("成立日期", "注册日期", "登记日期", "设立日期", "成立时间"),
    "contact_phone": ("联系电话", "电话", "手机", "联系方式", "手机号码", "联系人电话"),
    "insured_on": ("参保日期", "参保时间", "首次参保日期", "工伤参保日期"),
}
FIELD_LABELS = {fname: aliases[0] for fname, aliases in HEADER_ALIASES.items()}
FIELDS_BY_KIND = {
    "registry": ("name", "uscc", "township", "industry", "employees", "revenue", "assets", "registered_on", "contact_phone"),
    "insured": ("name", "uscc", "insured_on"),
}
FIELDS_BY_KIND["new_registrations"] = FIELDS_BY_KIND["registry"]  # market regulation's monthly list
REQUIRED_FIELDS = {"registry": ("name", "uscc"), "insured": ("uscc",), "new_registrations": ("name", "uscc")}
# Columns every list has that nothing is imported from.
IGNORED_HEADERS = {"序号", "编号", "NO", "NO.", "行次"}
_ALIAS_INDEX = {alias: fname for fname, aliases in HEADER_ALIASES.items() for alias in aliases}
_LONG_ALIASES = sorted((a for a in _ALIAS_INDEX if len(a) >= 4), key=len, reverse=True)


def normalise_header(value) -> str:
    text = unicodedata.normalize("NFKC", str(value or ""))
    text = re.sub(r"\(.*?\)|\[.*?\]|【.*?】", "", text)  # units such as （万元）
    return re.sub(r"[\s*:：/、_\-]+", "", text).upper()


def match_field(label) -> tuple[str | None, int]:
    """(field, quality): 2 for a known spelling, 1 for a label containing one (年末从业人员数)."""
    key = normalise_header(label)
    if not key:
        return None, 0
    if key in _ALIAS_INDEX:
        return _ALIAS_INDEX[key], 2
    for alias in _LONG_ALIASES:
        if alias in key:
            return _ALIAS_INDEX[alias], 1
    return None, 0


# Money is stored in 万元; a header saying 元 or 千元 scales the column.
_UNIT = re.compile(r"(亿元|万元|千元|元)")
_SCALES = {"元": Decimal("0.0001"), "千元": Decimal("0.1"), "万元": Decimal(1), "亿元": Decimal(10000)}
MONEY_FIELDS = ("revenue", "assets")


def money_scale(label: str) -> Decimal:
    units = _UNIT.findall(unicodedata.normalize("NFKC", label or ""))
    return _SCALES[units[-1]] if units else Decimal(1)


def _text(value) -> str:
    if value is None:
        return ""
    return unicodedata.normalize("NFKC", str(value)).strip()


_UNITS_ROW = re.compile(r"^[(（]?(亿元|万元|千元|元|人|个|户|%|年月日|单位[:：].*)[)）]?$")


@dataclass
class Header:
    first_row: int  # 0-based index of the header's first row among the rows read
    depth: int  # rows the header spans (1-3: a parent row, a child row, a units row)
    labels: list[str] = field(default_factory=list)  # one per column, "规模信息 / 从业人员（人）"
    columns: dict[str, int] = field(default_factory=dict)  # field → 0-based column


def _labels(rows: list[list], first: int, depth: int) -> list[str]:
    """Column labels of a header of `depth` rows: a parent label carried right over the
    blank cells of its group (CSV has no merges), then the child's label under it."""
    width = max(len(rows[i]) for i in range(first, first + depth))
    parts = [[_text(rows[i][c]) if c < len(rows[i]) else "" for c in range(width)] for i in range(first, first + depth)]
    if depth > 1:
        parent, child = parts[0], parts[1]
        for c in range(1, width):
            if not parent[c] and child[c] and parent[c - 1] and child[c - 1] and child[c - 1] != parent[c - 1]:
                parent[c] = parent[c - 1]
    labels = []
    for c in range(width):
        seen: list[str] = []
        for part in parts:
            if part[c] and part[c] not in seen:
                seen.append(part[c])
        labels.append(" / ".join(seen))
    return labels


def columns_of(labels: list[str]) -> dict[str, int]:
    """Field → column for header labels: a known spelling beats a label that contains one,
    the leftmost column wins a tie; the last part of a two-row label is tried first."""
    best: dict[str, tuple[int, int]] = {}
    for col, label in enumerate(labels):
        parts = label.split(" / ")
        candidates = [parts[-1], "".join(parts), parts[0]] if len(parts) > 1 else parts
        for candidate in candidates:
            fname, quality = match_field(candidate)
            if fname:
                if fname not in best or quality > best[fname][1]:
                    best[fname] = (col, quality)
                break
    return {fname: col for fname, (col, _quality) in best.items()}


def _distinct(row: list) -> int:
    return len({_text(v) for v in row if _text(v)})


def find_header(rows: list[list]) -> Header | None:
    """The header among the first rows: the row, or parent row + child row, naming the most
    known fields (a pair only when the child row adds fields and the parent row is not a
    lone title); the earliest wins a tie. A units row right under it joins it."""
    best: Header | None = None
    for first in range(min(len(rows), HEADER_SEARCH_ROWS)):
        if not _distinct(rows[first]):
            continue
        one = _labels(rows, first, 1)
        candidate = Header(first, 1, one, columns_of(one))
        if first + 1 < len(rows) and _distinct(rows[first]) >= 2 and _distinct(rows[first + 1]):
            two = _labels(rows, first, 2)
            pair = Header(first, 2, two, columns_of(two))
            if len(pair.columns) > len(candidate.columns):
                candidate = pair
        if candidate.columns and (best is None or len(candidate.columns) > len(best.columns)):
            best = candidate
    if best is None:
        return None
    below = best.first_row + best.depth
    if below < len(rows) and _distinct(rows[below]) and all(
        _UNITS_ROW.match(_text(v).replace(" ", "")) for v in rows[below] if _text(v)
    ):
        best.labels = _labels(rows, best.first_row, best.depth + 1)
        best.depth += 1
    return best


_FOOTER_WORDS = ("合计", "总计", "小计", "共计", "备注", "说明", "注")
_FOOTER_PREFIXES = ("制表人", "制表", "填表人", "填报人", "审核人", "负责人", "单位负责人", "统计负责人", "填报日期",
                    "制表日期", "报送日期", "数据来源", "联系人")


def is_footer(cells: list) -> bool:
    """A footer row: its first filled cell is 合计, 制表人：…, 备注：… and the like."""
    for value in cells:
        text = _text(value)
        if not text:
            continue
        compact = re.sub(r"\s+", "", text)
        if compact.startswith(_FOOTER_PREFIXES):
            return True
        for word in _FOOTER_WORDS:
            if compact.startswith(word) and (len(compact) == len(word) or compact[len(word)] in "：:，,（(0-9"):
                return True
        return False
    return False
