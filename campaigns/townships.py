"""The demo county's reporting units, loaded from the copy of the statistics bureau's list
(12-digit codes); their county and its parents come from regions' reference list."""

import csv
from pathlib import Path

TOWNSHIPS_CSV = Path(__file__).resolve().parent / "data" / "townships_dongzhi.csv"


def read_townships() -> list[dict[str, str]]:
    with TOWNSHIPS_CSV.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def load_townships() -> int:
    """Create missing townships (and their county, city and province) by code; existing
    names are left as staff edited them. Returns how many were created."""
    from regions.tree import county_for_township_code

    from .models import Township

    created = 0
    for row in read_townships():
        _, was_created = Township.objects.get_or_create(
            code=row["code"],
            defaults={"name": row["name"], "kind": row["kind"], "county": county_for_township_code(row["code"])},
        )
        created += was_created
    return created
