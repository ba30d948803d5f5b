"""The summary tables of an export by level: for a county (or a deployment without regions)
its townships and the county total, as always; for a city its counties and the city total,
plus a township table with a 所属县（市、区） column (a province: its cities, then the same
township table). The rows are the dashboard's (reports.drilldown)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from ..drilldown import child_level, child_rows, region_total, township_counties
from ..filters import ReportFilters
from ..rollup import records, township_rollup

LEVEL_HEADERS = {None: "乡镇", "county": "县（市、区）", "city": "市"}
COUNTY_HEADER = "所属县（市、区）"


@dataclass
class SummaryTables:
    children: list[dict]  # the rows one level down (townships of a county, counties of a city)
    total: dict | None  # the region's total, when the export has one
    townships: list[dict]  # every township row, each with its county's name under "county"
    by_level: bool  # the children are regions (a city's counties): write the township table too
    level: str | None

    @property
    def summary(self) -> list[dict]:
        return self.children + ([self.total] if self.total is not None else [])


def summary_tables(campaign, filters: ReportFilters, townships, today: datetime.date, with_total: bool,
                   region=None) -> SummaryTables:
    frame = township_rollup(campaign, filters, townships, today)
    level = child_level(region)
    towns = records(frame)
    counties = township_counties(frame) if not frame.empty else {}
    for row in towns:
        row["county"] = counties.get(row["township_id"], "")
    children = towns if level is None else child_rows(frame, campaign, region, today, {})
    total = region_total(frame, campaign, region, today) if with_total else None
    return SummaryTables(children=children, total=total, townships=towns, by_level=level is not None, level=level)


def summary_columns(base: list[tuple[str, str]], level: str | None) -> list[tuple[str, str]]:
    """The summary table's columns, the name column headed by the rows' level."""
    return [(key, LEVEL_HEADERS[level] if key == "name" else header) for key, header in base]


def township_columns(base: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The township table of a city or province export: the summary's columns with the
    township's county after its code."""
    return [base[0], ("county", COUNTY_HEADER), *base[1:]]
