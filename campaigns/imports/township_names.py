"""A township as other departments' lists spell it: its name, its short name (尧渡 for
尧渡镇), its 9- or 12-digit code, each also after its county's name, and the aliases the
county's own lists use (campaigns/data/township_aliases.csv, per county code)."""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import cache
from pathlib import Path

from ..models import Township
from .cells import as_text


def _township_key(name: str) -> str:
    """"尧渡镇" → "尧渡", "花园乡" → "花园" (towns and townships only)."""
    return re.sub(r"(镇|乡)$", "", name)


# Spellings of development zones and renamed units seen in other departments' lists, per
# county (county code, alias, township name): data of the counties that sent them.
ALIASES_CSV = Path(__file__).resolve().parent.parent / "data" / "township_aliases.csv"


@cache
def township_aliases() -> dict[str, list[tuple[str, str]]]:
    """county code → [(alias, township name)]."""
    out: dict[str, list[tuple[str, str]]] = {}
    with ALIASES_CSV.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out.setdefault(row["county_code"], []).append((row["alias"], row["township"]))
    return out


def township_lookup(county=None) -> dict[str, int]:
    """Spellings found in real lists → township id: name, code (12 digits, or 9 when it ends in
    000), short name, each also after the county's name. With `county` only its townships
    (the same name can exist in two counties)."""
    lookup: dict[str, int] = {}
    by_name: dict[tuple[str, str], int] = {}
    county_names: dict[str, str] = {}
    townships = Township.objects.select_related("county")
    for township in townships.filter(county=county) if county is not None else townships:
        by_name[(township.county.code, township.name)] = township.pk
        county_names[township.county.code] = township.county.name
        keys = [township.name, township.code, township.code[:9] if township.code.endswith("000") else ""]
        if township.kind != Township.Kind.DEVELOPMENT_ZONE:
            keys.append(_township_key(township.name))
        for key in keys:
            if key:
                lookup.setdefault(key, township.pk)
                lookup.setdefault(township.county.name + key, township.pk)
    for county_code, aliases in township_aliases().items():
        for alias, name in aliases:
            if (county_code, name) in by_name:
                lookup.setdefault(alias, by_name[(county_code, name)])
                lookup.setdefault(county_names[county_code] + alias, by_name[(county_code, name)])
    return lookup


def resolve_township(raw, lookup: dict[str, int]) -> int | None:
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", as_text(raw)))
    for candidate in (text, _township_key(text)):
        if candidate and candidate in lookup:
            return lookup[candidate]
    return None
