"""Human labels for stored codes, for screens and exports: industry sections by name,
yes/no/unsure answers as 是/否/不清楚, booleans as 是/否."""

from __future__ import annotations

from decimal import Decimal

from campaigns.classification import SECTION_NAMES

# GB/T 4754-2017 section letter → its name (the first spelling SECTION_NAMES knows).
INDUSTRY_SECTION_NAMES: dict[str, str] = {}
for _name, _letter in SECTION_NAMES.items():
    INDUSTRY_SECTION_NAMES.setdefault(_letter, _name)
INDUSTRY_SECTION_NAMES.setdefault("T", "国际组织")
INDUSTRY_SECTION_CHOICES = [(letter, f"{letter} {INDUSTRY_SECTION_NAMES[letter]}") for letter in sorted(INDUSTRY_SECTION_NAMES)]

YES_NO_LABELS = {"yes": "是", "no": "否", "unsure": "不清楚"}


def industry_label(section: str | None) -> str:
    """"C" → "制造业"; blank stays blank; an unknown letter is kept as it is."""
    if not section:
        return ""
    return INDUSTRY_SECTION_NAMES.get(section, section)


def yes_no(value) -> str:
    """True/False → 是/否; None → ""."""
    if value is None:
        return ""
    return "是" if value else "否"


def number(value: Decimal | None):
    """A stored decimal as a spreadsheet number: 45.00 → 45, 2.50 → 2.5."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)
