"""12-digit division codes (统计用区划代码): normalising, levels and prefixes."""

from __future__ import annotations

import re

PREFIX_LENGTHS = {"province": 2, "city": 4, "county": 6, "township": 9}
LEVEL_ORDER = ["province", "city", "county", "township"]


def prefix_length(level: str) -> int:
    return PREFIX_LENGTHS[level]


def normalize_code(raw) -> str | None:
    """A 6-, 9- or 12-digit code as 12 digits (zeros appended), else None."""
    text = re.sub(r"\s+", "", str(raw or ""))
    if not text.isdigit() or len(text) not in (6, 9, 12):
        return None
    return text.ljust(12, "0")


def level_of(code: str) -> str | None:
    """The level a 12-digit code's zeros imply: 340000000000 a province, 341700000000 a
    city, 341721000000 a county, 341721100000 a township."""
    if len(code) != 12 or not code.isdigit():
        return None
    if code[9:] != "000":
        return None  # a village committee: below what canbao counts
    if code[6:9] != "000":
        return "township"
    if code[4:6] != "00":
        return "county"
    if code[2:4] != "00":
        return "city"
    return "province"


def parent_prefix_matches(child_code: str, parent_code: str, parent_level: str) -> bool:
    n = prefix_length(parent_level)
    return child_code[:n] == parent_code[:n]
