"""Enterprise size by the 2017 rule of the National Bureau of Statistics
(统计上大中小微型企业划分办法（2017）, 国统字〔2017〕213号).

A bound is inclusive. Large, medium and small must reach every listed bound of their
tier, otherwise the firm drops a tier; micro needs none. Equivalently a firm takes the
lowest tier that any one of its indicators reaches. A missing figure that the industry
needs means the size cannot be determined.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from .models import SizeClass

SIZE_CSV = Path(__file__).resolve().parent / "data" / "enterprise_size_2017.csv"
TIERS = (SizeClass.LARGE, SizeClass.MEDIUM, SizeClass.SMALL, SizeClass.MICRO)

# GB/T 4754-2017 sections by their first and last two-digit division.
SECTION_DIVISIONS = {
    "A": (1, 5), "B": (6, 12), "C": (13, 43), "D": (44, 46), "E": (47, 50), "F": (51, 52),
    "G": (53, 60), "H": (61, 62), "I": (63, 65), "J": (66, 69), "K": (70, 70), "L": (71, 72),
    "M": (73, 75), "N": (76, 79), "O": (80, 82), "P": (83, 83), "Q": (84, 85), "R": (86, 90),
    "S": (91, 96), "T": (97, 97),
}
SECTION_NAMES = {
    "农、林、牧、渔业": "A", "农林牧渔业": "A", "采矿业": "B", "制造业": "C",
    "电力、热力、燃气及水生产和供应业": "D", "建筑业": "E", "批发和零售业": "F",
    "交通运输、仓储和邮政业": "G", "住宿和餐饮业": "H", "信息传输、软件和信息技术服务业": "I",
    "金融业": "J", "房地产业": "K", "租赁和商务服务业": "L", "科学研究和技术服务业": "M",
    "水利、环境和公共设施管理业": "N", "居民服务、修理和其他服务业": "O", "教育": "P",
    "卫生和社会工作": "Q", "文化、体育和娱乐业": "R", "公共管理、社会保障和社会组织": "S",
}
# Names of rule rows that are one division or class, so "零售业" alone can be read.
ROW_NAME_CODES = {
    "批发业": "51", "零售业": "52", "仓储业": "59", "邮政业": "60", "住宿业": "61", "餐饮业": "62",
    "软件和信息技术服务业": "65", "房地产开发经营": "7010", "物业管理": "702",
}


@dataclass(frozen=True)
class IndustryRule:
    industry: str
    scope: tuple[str, ...]
    bounds: dict[str, tuple[Decimal, Decimal, Decimal]]  # indicator → (large, medium, small)


@dataclass(frozen=True)
class Industry:
    """A parsed GB/T 4754 code: section letter and the digits (division, group, class)."""

    section: str
    digits: str = ""

    @property
    def code(self) -> str:
        return self.digits or self.section


def _scope_codes(scope: str) -> tuple[str, ...]:
    scope = re.sub(r"\(.*?\)", "", scope)  # drop notes such as "(excluding railway transport)"
    return tuple(part.strip() for part in scope.split(",") if part.strip())


@cache
def industry_rules() -> tuple[IndustryRule, ...]:
    """The rule table from campaigns/data/enterprise_size_2017.csv, one entry per industry."""
    rules: dict[str, IndustryRule] = {}
    with SIZE_CSV.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            rule = rules.setdefault(row["industry"], IndustryRule(row["industry"], _scope_codes(row["gbt4754_scope"]), {}))
            rule.bounds[row["indicator"]] = tuple(Decimal(row[k]) for k in ("large_min", "medium_min", "small_min"))
    return tuple(rules.values())


@cache
def _scope_index() -> dict[str, IndustryRule]:
    return {code: rule for rule in industry_rules() for code in rule.scope}


def section_of_division(division: int) -> str:
    for section, (low, high) in SECTION_DIVISIONS.items():
        if low <= division <= high:
            return section
    return ""


def parse_industry(raw: object) -> Industry | None:
    """Read "C", "C13", "1311", "C1311 谷物磨制", "零售业" or a section name; None if unreadable."""
    if raw is None:
        return None
    text = unicodedata.normalize("NFKC", str(raw)).strip().upper()
    if not text:
        return None
    match = re.match(r"^([A-T])?\s*(\d{2,4})?", text)
    letter, digits = (match.group(1) or "", match.group(2) or "") if match else ("", "")
    if digits:
        section = section_of_division(int(digits[:2]))
        if not section or (letter and letter != section):
            return None
        return Industry(section, digits)
    if letter and (len(text) == 1 or not text[1].isalpha()):
        return Industry(letter)
    name = re.sub(r"\s+", "", str(raw))
    if name in ROW_NAME_CODES:
        digits = ROW_NAME_CODES[name]
        return Industry(section_of_division(int(digits[:2])), digits)
    if name in SECTION_NAMES:
        return Industry(SECTION_NAMES[name])
    return None


def rule_for_industry(industry: Industry | None) -> IndustryRule | None:
    """The most specific rule row whose scope covers the code (class, group, division,
    section), or the one rule every sub-code shares; None when not covered or ambiguous."""
    if industry is None:
        return None
    index = _scope_index()
    for length in (4, 3, 2):
        if len(industry.digits) >= length and industry.digits[:length] in index:
            return index[industry.digits[:length]]
    if industry.section in index:
        return index[industry.section]
    # A bare section (e.g. H) is usable only if every division in it has the same rule bounds.
    if not industry.digits:
        low, high = SECTION_DIVISIONS[industry.section]
        rules = [index.get(f"{d:02d}") for d in range(low, high + 1)]
        if all(rules) and len({tuple(sorted(r.bounds.items())) for r in rules}) == 1:
            return rules[0]
    return None


def tier_of(value: Decimal | int, bounds: tuple[Decimal, Decimal, Decimal]) -> int:
    """0 large, 1 medium, 2 small, 3 micro — the tier one indicator reaches."""
    for tier, bound in enumerate(bounds):
        if value >= bound:
            return tier
    return 3


def classify_enterprise_size(industry: object, employees=None, revenue=None, assets=None) -> SizeClass:
    """Size class of a firm from its industry code and figures (revenue, assets in 万元)."""
    rule = rule_for_industry(industry if isinstance(industry, Industry) else parse_industry(industry))
    if rule is None:
        return SizeClass.UNDETERMINED
    figures = {"employees": employees, "revenue": revenue, "assets": assets}
    tiers = []
    for indicator, bounds in rule.bounds.items():
        value = figures[indicator]
        if value is None or value == "":
            return SizeClass.UNDETERMINED
        tiers.append(tier_of(Decimal(value), bounds))
    return TIERS[max(tiers)]


def classify(enterprise) -> SizeClass:
    """Size class of an Enterprise instance from its stored fields."""
    return classify_enterprise_size(
        enterprise.industry_code or enterprise.industry_section,
        enterprise.employees, enterprise.revenue, enterprise.assets,
    )
