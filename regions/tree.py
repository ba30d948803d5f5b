"""Walking the region tree: the counties and townships under a region, the reference
regions shipped with canbao, and the county a township code belongs to."""

from __future__ import annotations

import csv
from pathlib import Path

from .codes import normalize_code

REFERENCE_CSV = Path(__file__).resolve().parent / "data" / "regions_above_township.csv"


def read_reference_regions() -> list[dict[str, str]]:
    with REFERENCE_CSV.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def load_reference_regions(region_model=None, codes: set[str] | None = None) -> dict[str, object]:
    """Create the shipped regions (both seeds' provinces, cities and counties) that are
    missing, parents first; only those on the way to `codes` when given. Existing names are
    kept as staff edited them. Returns code → region."""
    if region_model is None:
        from .models import Region as region_model
    rows = read_reference_regions()
    by_code = {row["code"]: row for row in rows}
    wanted: set[str] = set()
    for code in codes if codes is not None else by_code:
        while code in by_code and code not in wanted:
            wanted.add(code)
            code = by_code[code]["parent_code"]
    made: dict[str, object] = {}
    for row in rows:  # the CSV lists parents before children
        if row["code"] not in wanted:
            continue
        made[row["code"]] = region_model.objects.get_or_create(
            code=row["code"],
            defaults={"name": row["name"], "level": row["level"], "parent": made.get(row["parent_code"])},
        )[0]
    return made


def county_code_of(township_code: str) -> str:
    """The 12-digit code of the county a township code (9 or 12 digits) is under."""
    code = normalize_code(township_code) or township_code
    return code[:6] + "000000"


def county_for_township_code(township_code: str, region_model=None):
    """The county region of a township code: an existing one, else a shipped one, else a
    placeholder named after the code that staff rename (or the region import fills in)."""
    if region_model is None:
        from .models import Region as region_model
    code = county_code_of(township_code)
    county = region_model.objects.filter(code=code).first()
    if county is None:
        county = load_reference_regions(region_model, {code}).get(code)
    if county is None:
        county = region_model.objects.create(code=code, name=f"县级区域{code[:6]}", level="county")
    return county


def counties_under(region):
    """The counties in `region`'s subtree (the region itself when it is a county)."""
    from .models import Region

    if region.level == Region.Level.COUNTY:
        return Region.objects.filter(pk=region.pk)
    return Region.objects.filter(level=Region.Level.COUNTY, code__startswith=region.prefix)


def townships_under(region):
    """The townships in `region`'s subtree; every township when `region` is None (a
    deployment-wide scope)."""
    from campaigns.models import Township

    if region is None:
        return Township.objects.all()
    if region.level == "county":
        return Township.objects.filter(county=region)
    return Township.objects.filter(county__code__startswith=region.prefix)


def is_within(region, ancestor) -> bool:
    """`region` is `ancestor` or below it; everything is within None (the whole deployment)."""
    if ancestor is None:
        return True
    if region is None:
        return False
    return region.code.startswith(ancestor.prefix) and _depth(region) >= _depth(ancestor)


def _depth(region) -> int:
    return ["province", "city", "county"].index(region.level)
