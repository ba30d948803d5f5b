"""The rows a report page shows for one region: the regions one level down (a city's
counties, a province's cities) or, for a county, its townships; and the region's own total.

Every row comes from reports.rollup (townships) and reports.levels (regions above), so a
county row on a city's page and the same county's total on its own page are the same
figures."""

from __future__ import annotations

import datetime

import pandas as pd

from regions.codes import prefix_length

from .levels import region_rows
from .rollup import county_row, records

CHILD_LEVEL = {"province": "city", "city": "county"}


def child_level(region) -> str | None:
    """The level of the rows under `region`: "county" for a city, "city" for a province,
    None (townships) for a county or no region."""
    return CHILD_LEVEL.get(region.level) if region is not None else None


def region_path(campaign, region) -> list:
    """The regions from the campaign's region (the whole chain for a campaign without one)
    down to `region`, both included: the breadcrumbs of a region or township page."""
    path, node = [], region
    while node is not None:
        path.append(node)
        if node.pk == campaign.region_id:
            break
        node = node.parent
    return path[::-1]


def region_total(frame: pd.DataFrame, campaign, region, today: datetime.date) -> dict | None:
    """The total row of `region` from the township rows under it: the campaign's total
    (rollup.county_row) for the campaign's own region or none, else the region's row of
    reports.levels. None when the region has no townships."""
    if region is None or region.pk == campaign.region_id:
        return county_row(frame, campaign, today)
    rows = [row for row in region_rows(frame, campaign, region.level, today) if row["region_id"] == region.pk]
    return {**rows[0], "township_id": None} if rows else None


def child_rows(frame: pd.DataFrame, campaign, region, today: datetime.date, signoffs: dict) -> list[dict]:
    """The rows under `region`: its townships (each with its latest sign-off), else its
    child regions (each with how many of its townships are signed off)."""
    level = child_level(region)
    if level is None:
        rows = records(frame)
        for row in rows:
            row["signoff"] = signoffs.get(row["township_id"])
        return rows
    codes = frame["code"].astype(str)
    signed = frame["township_id"].isin(list(signoffs))
    rows = []
    for row in region_rows(frame, campaign, level, today):
        inside = codes.str.startswith(row["code"][: prefix_length(row["level"])])
        rows.append({**row, "township_id": None, "signoff": None, "township_count": int(inside.sum()),
                     "signed_count": int((inside & signed).sum())})
    return rows


def township_counties(frame: pd.DataFrame) -> dict[int, str]:
    """township id → the name of its county (the 所属县（市、区） column)."""
    from regions.models import Region

    names = dict(Region.objects.filter(pk__in=list(frame["county_id"].dropna().unique())).values_list("pk", "name"))
    return {int(t): names.get(c, "") for t, c in zip(frame["township_id"], frame["county_id"], strict=True)}
