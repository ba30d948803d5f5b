"""The XLSX sheet 参保成效: the outcome figures of followups.outcomes (targets, contacted,
answered, newly insured since the campaign start, the rates among respondents vs
non-respondents and contacted vs not, with 95% Wilson intervals, and the 新登记 targets),
one row per township the export covers (with its county: a city campaign's sheet spans
several) and the region's row when it covers the region.

The figures are those of the outcomes page: they follow the campaign and the township, not
the report's other filters (channel, industry, dates), which concern survey responses."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from campaigns.models import Township
from followups.outcomes import OutcomeRow, county_outcome, township_outcomes

# (header, number format kind, width): "int" whole numbers, "pct" rates.
_RATE_GROUPS = [("新参保率", "all_targets"), ("答卷企业新参保率", "respondents"), ("未答卷企业新参保率", "non_respondents"),
                ("已联系企业新参保率", "contacted_rate"), ("未联系企业新参保率", "not_contacted")]
OUTCOME_COLUMNS = [("乡镇", "", 14), ("所属县（市、区）", "", 14), ("对象企业", "int", 10), ("已联系", "int", 10), ("已答卷", "int", 10),
                   ("活动以来新参保", "int", 14)]
for _label, _attr in _RATE_GROUPS:
    OUTCOME_COLUMNS += [(_label, "pct", 12), (_label + "区间下限", "pct", 12), (_label + "区间上限", "pct", 12)]
OUTCOME_COLUMNS += [("答卷企业数", "int", 10), ("答卷企业新参保", "int", 12), ("新登记对象", "int", 10),
                    ("新登记对象新参保", "int", 14)]


def outcome_columns() -> tuple[list[str], list[str], list[float]]:
    """Headers, number-format kinds and widths, as spreadsheets._Sheet takes them."""
    return [c[0] for c in OUTCOME_COLUMNS], [c[1] for c in OUTCOME_COLUMNS], [c[2] for c in OUTCOME_COLUMNS]


def _row(row: OutcomeRow, county: str = "") -> list:
    values = [row.name, county, row.targets, row.contacted, row.answered, row.newly_insured]
    for _label, attr in _RATE_GROUPS:
        rate = getattr(row, attr)
        values += [rate.rate, *rate.interval]
    return values + [row.respondents.of, row.respondents.joined, row.new_registrations.of, row.new_registrations.joined]


def outcome_rows(job) -> Iterator[list]:
    """Rows of the townships the export covers (job.townships: ids, or None for all), then
    the county row when the export is county-wide."""
    townships = Township.objects.filter(pk__in=job.townships) if job.townships is not None else None
    rows = township_outcomes(job.campaign, townships)
    counties = dict(Township.objects.filter(pk__in=[r.township_id for r in rows]).values_list("pk", "county__name"))
    yield from (_row(r, counties.get(r.township_id) or "") for r in rows)
    if job.with_county:
        total = county_outcome(rows)
        region = getattr(job, "region", None)
        yield _row(replace(total, name=region.name) if region is not None else total)
