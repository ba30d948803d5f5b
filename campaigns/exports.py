"""CSV exports that open cleanly in Excel and cannot smuggle formulas."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

BOM = "\ufeff"
FORMULA_PREFIXES = ("=", "+", "-", "@")


def safe_cell(value) -> object:
    """Text starting with = + - @ gets a leading apostrophe so Excel shows it as text."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_with_bom(header: list[str], rows: Iterable[Iterable]) -> str:
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()
