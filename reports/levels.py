"""Roll-ups above the township: county, city and province rows summed from the township rows
(reports.rollup), with the same definitions as every other row.

Each row's counts are the sums over its townships (plus the scans of channels without a
township that serve that region or one below it); rates, the Wilson interval, the margin
with its finite-population correction, the projection and the status are recomputed from
those sums by rollup.derive_figures, so N is the region's small/micro firms. A region's
target is the one its campaign set for it (campaigns.RegionTarget: a city campaign's county
targets), else the sum of its children's targets."""

from __future__ import annotations

import datetime

import pandas as pd

from django.utils import timezone

from campaigns.models import RegionTarget
from regions.models import Region
from regions.tree import is_within

from .rollup import COUNT_COLUMNS, derive_figures

LEVELS = ("county", "city", "province")


def _ancestors(county_ids) -> dict[int, dict[str, Region]]:
    """county id → {"county": …, "city": …, "province": …} (a level missing when the tree
    skips it, as for a county-level city directly under its province)."""
    chains: dict[int, dict[str, Region]] = {}
    for county in Region.objects.filter(pk__in=list(county_ids)).select_related("parent__parent"):
        chain, node = {}, county
        while node is not None:
            chain[node.level] = node
            node = node.parent
        chains[county.pk] = chain
    return chains


def region_rows(frame: pd.DataFrame, campaign, level: str, today: datetime.date | None = None) -> list[dict]:
    """One row per region of `level` with townships in `frame`, in code order: region_id,
    code, name, level, the summed counts and the figures derived from them. A county the
    tree puts straight under a level above its own (a county-level city directly under its
    province, 省直辖县级) is its own row at that level, so the rows always add up to the
    total."""
    today = today or timezone.localdate()
    if frame.empty:
        return []
    chains = _ancestors(frame["county_id"].dropna().unique())
    key = frame["county_id"].map(lambda cid: getattr(_at_level(chains.get(cid, {}), level), "pk", None))
    wide = frame.attrs.get("wide_scans", {})
    targets = dict(RegionTarget.objects.filter(campaign=campaign).values_list("region_id", "target_responses"))
    regions = {r.pk: r for chain in chains.values() for r in chain.values()}
    rows = []
    for region_id, part in frame.groupby(key, sort=False):
        region = regions[int(region_id)]
        counts = {col: int(part[col].sum()) for col in COUNT_COLUMNS}
        within = {r.pk for c in part["county_id"].unique() for r in chains[c].values() if is_within(r, region)}
        counts["scans"] += sum(n for rid, n in wide.items() if rid in within)
        counts["target_responses"] = _target(region, part, chains, targets)
        row = {"region_id": region.pk, "code": region.code, "name": region.name, "level": region.level, **counts}
        row.update(derive_figures(counts, campaign.deadline, today))
        rows.append(row)
    return sorted(rows, key=lambda row: row["code"])


def _at_level(chain: dict[str, Region], level: str) -> Region | None:
    return chain.get(level) or chain.get("county")


def _target(region, part: pd.DataFrame, chains, targets: dict[int, int]) -> int | None:
    if region.pk in targets:
        return targets[region.pk]
    if region.level == "county":
        return int(part["target"].fillna(0).sum()) or None
    total = 0
    for county_id, county_part in part.groupby("county_id"):
        county = chains[county_id]["county"]
        total += targets.get(county.pk, int(county_part["target"].fillna(0).sum()))
    return total or None


def total_target(frame: pd.DataFrame, campaign) -> int | None:
    """The target of the campaign's whole region, by the same rule."""
    region = campaign.region if campaign.region_id else None
    if region is None or frame.empty:
        return int(frame["target"].fillna(0).sum()) or None
    chains = _ancestors(frame["county_id"].dropna().unique())
    targets = dict(RegionTarget.objects.filter(campaign=campaign).values_list("region_id", "target_responses"))
    return _target(region, frame, chains, targets)
