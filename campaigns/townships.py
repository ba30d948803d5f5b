"""The county's reporting units, loaded from the copy of the statistics bureau's list."""

import csv
from pathlib import Path

TOWNSHIPS_CSV = Path(__file__).resolve().parent / "data" / "townships_dongzhi.csv"


def read_townships() -> list[dict[str, str]]:
    with TOWNSHIPS_CSV.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def load_townships(township_model=None) -> int:
    """Create missing townships by code; existing names are left as staff edited them.
    Returns how many were created."""
    if township_model is None:
        from .models import Township as township_model
    created = 0
    for row in read_townships():
        _, was_created = township_model.objects.get_or_create(
            code=row["code"], defaults={"name": row["name"], "kind": row["kind"]}
        )
        created += was_created
    return created
