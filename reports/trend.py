"""Weekly trend per township and for the county: how responses, coverage and awareness
grew week by week over the campaign.

Counted over the population (reports.population), like the roll-up: in-population current
responses only. Weeks are calendar weeks starting on Monday, local time (TruncWeek), from
the campaign's first week (or the first week with a response, if earlier) to the week of
today or of the deadline, whichever comes first (or the last week with a response, if
later); weeks without responses are kept, so the lines are continuous. For each week:

- responses: in-population responses submitted that week;
- cumulative: in-population responses submitted up to the end of that week (n);
- coverage: cumulative ÷ N, N = the registered small/micro firms (firm filters applied);
- awareness: responses up to the end of that week that reached the pass mark ÷ cumulative.

The series is recomputed from today's current responses: a response replaced later by the
same firm's newer one counts in the newer one's week."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Township

from . import statistics as st
from .filters import ReportFilters
from .rollup import firm_counts, population_responses, scope_townships


@dataclass
class Series:
    """One line of the trend: a township or the county (township_id None)."""

    name: str
    township_id: int | None
    firms: int
    points: list[dict] = field(default_factory=list)  # week, responses, cumulative, passed, coverage, awareness


def _monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def _as_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).date()
    return value


def week_counts(campaign, filters: ReportFilters | None = None, townships=None) -> dict[tuple[int, datetime.date], tuple[int, int]]:
    """(township_id, Monday) → (responses, passed): one GROUP BY over in-population responses."""
    rows = (
        population_responses(campaign, filters, townships).order_by()
        .annotate(week=TruncWeek("submitted_at")).values("township_id", "week")
        .annotate(responses=Count("id"), passed=Count("id", filter=Q(passed=True)))
        .values_list("township_id", "week", "responses", "passed")
    )
    return {(town_id, _as_date(week)): (n, passed) for town_id, week, n, passed in rows}


def _weeks(campaign, counted: list[datetime.date], today: datetime.date) -> list[datetime.date]:
    end = min(today, campaign.deadline or campaign.ends_on)
    first = min([_monday(campaign.starts_on), *counted])
    last = max([_monday(max(end, campaign.starts_on)), *counted])
    return [first + datetime.timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]


def _points(weeks: list[datetime.date], counts: dict[datetime.date, tuple[int, int]], firms: int) -> list[dict]:
    points, cumulative, passed_total = [], 0, 0
    for week in weeks:
        n, passed = counts.get(week, (0, 0))
        cumulative += n
        passed_total += passed
        points.append({"week": week, "responses": n, "cumulative": cumulative, "passed": passed_total,
                       "coverage": st.safe_ratio(cumulative, firms), "awareness": st.safe_ratio(passed_total, cumulative)})
    return points


def weekly_series(campaign, filters: ReportFilters | None = None, townships=None,
                  today: datetime.date | None = None) -> tuple[Series, list[Series]]:
    """The county's series (over the townships given; all when None) and one per township,
    in township code order."""
    filters = filters or ReportFilters()
    today = today or timezone.localdate()
    scope = scope_townships(campaign, townships)
    counts = week_counts(campaign, filters, scope)
    firms = firm_counts(campaign, filters, scope)["firms"].to_dict()
    towns = Township.objects.order_by("code").only("pk", "name")
    if scope is not None:
        towns = towns.filter(pk__in=scope)
    weeks = _weeks(campaign, sorted({week for _, week in counts}), today)
    by_town: dict[int, dict[datetime.date, tuple[int, int]]] = {}
    for (town_id, week), value in counts.items():  # one pass: linear in the townships
        by_town.setdefault(town_id, {})[week] = value
    per_township, county_counts = [], {}
    for town in towns:
        mine = by_town.get(town.pk, {})
        for week, (n, passed) in mine.items():
            total = county_counts.get(week, (0, 0))
            county_counts[week] = (total[0] + n, total[1] + passed)
        n_firms = int(firms.get(town.pk, 0))
        per_township.append(Series(town.name, town.pk, n_firms, _points(weeks, mine, n_firms)))
    county_firms = sum(s.firms for s in per_township)
    county = Series(_("全县"), None, county_firms, _points(weeks, county_counts, county_firms))
    return county, per_township
