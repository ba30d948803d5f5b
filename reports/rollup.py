"""The township roll-up: per township and for the campaign's region, the figures the bureau
signs off (reports.levels sums the township rows into counties and cities).

The database does the counting (one GROUP BY per table); pandas joins the small
per-township tables and statistics.py turns the counts into rates and intervals.
Rates count in-population responses only (reports.population); the others are the
columns unregistered / not_small_micro / out_of_population."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pandas as pd

from django.db import connection
from django.db.models import Count, FilteredRelation, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone, translation

from campaigns.models import SMALL_OR_MICRO, Channel, Enterprise, Scan, Township, TownshipTarget
from surveys.models import Response

from . import statistics as st
from .filters import ReportFilters, date_q, enterprise_q, response_q
from .population import population_q, registered_q

COUNT_COLUMNS = [
    "firms", "uninsured", "scans", "responses", "responding_firms", "passed", "score_sum",
    "insured_yes", "insured_answered", "recent", "unregistered", "not_small_micro", "out_of_population",
]
COUNTY_NAME = "全县"  # the total's name when a campaign has no region (the whole deployment)


def campaign_townships(campaign):
    """The townships a campaign covers: those under its region; every township when it has
    none (a deployment for one county). None stands for that "every township"."""
    if campaign.region_id is None:
        return None
    from regions.tree import townships_under

    return townships_under(campaign.region)


def township_ids(townships) -> list[int] | None:
    """Townships (queryset, Township objects or ids; None = no limit) as ids: on ids PostgreSQL
    estimates a city's responses (on a subquery up the region tree it scanned the province's)."""
    if townships is None:
        return None
    if hasattr(townships, "values_list"):
        return list(townships.values_list("pk", flat=True))
    return [getattr(town, "pk", town) for town in townships]


def scope_townships(campaign, townships) -> list[int] | None:
    """The ids of the townships to count: the given ones (already within the campaign's),
    else the campaign's own."""
    return township_ids(townships if townships is not None else campaign_townships(campaign))


def campaign_responses(campaign, filters: ReportFilters | None = None, townships=None):
    """Current responses to the campaign's survey, filtered; only these count."""
    if campaign.survey_id is None:
        return Response.objects.none()
    qs = Response.objects.filter(survey_id=campaign.survey_id, status=Response.Status.CURRENT)
    if filters is not None:
        qs = qs.filter(response_q(filters))
    townships = scope_townships(campaign, townships)  # a survey shared by two campaigns: each its region
    if townships is not None:
        qs = qs.filter(township__in=townships)
    return qs


def population_responses(campaign, filters: ReportFilters | None = None, townships=None):
    """The current responses that count in the rates: those of the population."""
    ids = township_ids(townships)
    qs = campaign_responses(campaign, filters, ids).filter(population_q())
    # Implied by population_q; stated, the database reads these townships' firms only.
    return qs if ids is None else qs.filter(enterprise__township_id__in=ids)


def _frame(rows, columns) -> pd.DataFrame:
    return pd.DataFrame.from_records(list(rows), columns=columns).set_index(columns[0])


def response_counts(campaign, filters: ReportFilters, townships=None, today: datetime.date | None = None) -> pd.DataFrame:
    """One GROUP BY township over current responses: every count the roll-up needs, the
    in-population ones (responses, passed, …) and the registered / all ones from which
    the out-of-population counts follow."""
    today = today or timezone.localdate()
    since = timezone.make_aware(datetime.datetime.combine(today - datetime.timedelta(days=st.RECENT_DAYS - 1), datetime.time.min))
    ids = scope_townships(campaign, townships)
    qs, relation = campaign_responses(campaign, filters, ids), "enterprise"
    if ids is not None:
        # The firm joined only when in these townships (population_q requires it): the
        # database then reads these townships' firms, not the whole registry.
        scoped = FilteredRelation("enterprise", condition=Q(enterprise__township_id__in=ids))
        qs, relation = qs.alias(scoped_firm=scoped), "scoped_firm"
    counted = population_q(relation=relation)
    columns = ["township_id", "responses", "passed", "score_sum", "insured_yes", "insured_answered", "recent",
               "registered", "all_responses"]
    rows = (
        qs
        .order_by()
        .values("township_id")
        .annotate(
            responses=Count("id", filter=counted),
            passed=Count("id", filter=counted & Q(passed=True)),
            score_sum=Sum("score", filter=counted),
            insured_yes=Count("id", filter=counted & Q(insured=Response.Insured.YES)),
            insured_answered=Count("id", filter=counted & ~Q(insured="")),
            recent=Count("id", filter=counted & Q(submitted_at__gte=since)),
            registered=Count("id", filter=registered_q()),
            all_responses=Count("id"),
        )
        .values_list(*columns)
    )
    frame = _frame(rows, columns)
    frame["unregistered"] = frame["all_responses"] - frame["registered"]
    frame["not_small_micro"] = frame["registered"] - frame["responses"]
    frame["out_of_population"] = frame["all_responses"] - frame["responses"]
    frame["responding_firms"] = frame["responses"]  # one current response per firm: n firms answered
    return frame.drop(columns=["registered", "all_responses"])


def firm_counts(campaign, filters: ReportFilters, townships=None) -> pd.DataFrame:
    """Registered small/micro firms per township (the population N) and the uninsured
    among them."""
    qs = Enterprise.objects.filter(enterprise_q(filters), size_class__in=SMALL_OR_MICRO)
    townships = scope_townships(campaign, townships)
    if townships is not None:
        qs = qs.filter(township__in=townships)
    rows = (
        qs.order_by().values("township_id")
        .annotate(firms=Count("id"), uninsured=Count("id", filter=Q(insured=False)))
        .values_list("township_id", "firms", "uninsured")
    )
    return _frame(rows, ["township_id", "firms", "uninsured"])


def scan_counts(campaign, filters: ReportFilters, townships=None) -> pd.DataFrame:
    """QR scans per township: one counting subquery per channel, which the database
    answers from the index on scan.channel_id."""
    channels = Channel.objects.filter(campaign=campaign)
    if filters.channel_kind:
        channels = channels.filter(kind=filters.channel_kind)
    if townships is not None:
        channels = channels.filter(township__in=townships)
    per_channel = (Scan.objects.filter(date_q(filters, "scanned_at"), channel_id=OuterRef("pk")).order_by()
                   .values("channel_id").annotate(n=Count("*")).values("n"))
    rows = channels.order_by().annotate(scan_count=Coalesce(Subquery(per_channel), 0)).values_list("township_id", "scan_count")
    frame = pd.DataFrame.from_records(list(rows), columns=["township_id", "scans"])
    return frame.groupby("township_id").sum()  # county-wide channels (no township) drop out here


def wide_scans(campaign, filters: ReportFilters) -> dict[int | None, int]:
    """Scans through channels without a township (website, SMS…), per region they serve:
    the channel's own region (a county of a city campaign), else the campaign's region
    (None for a campaign without one). They count in that region's row, not a township's."""
    channels = Channel.objects.filter(campaign=campaign, township__isnull=True)
    if filters.channel_kind:
        channels = channels.filter(kind=filters.channel_kind)
    rows = (Scan.objects.filter(date_q(filters, "scanned_at"), channel__in=channels).order_by()
            .values_list("channel__region_id").annotate(n=Count("id")))
    counts: dict[int | None, int] = {}
    for region_id, n in rows:
        key = region_id if region_id is not None else campaign.region_id
        counts[key] = counts.get(key, 0) + n
    return counts


def _in_own_connection(funcs: tuple[Callable[[], pd.DataFrame], ...], language: str | None) -> list[pd.DataFrame]:
    try:
        with connection.cursor() as cursor:
            # Short index-probe queries whose estimated cost crosses jit_above_cost:
            # compiling them would take longer than running them.
            cursor.execute("SET jit = off")
        with translation.override(language):  # labels in the caller's language
            return [func() for func in funcs]
    finally:
        connection.close()  # this thread's connection


def gather_queries(first: Callable[[], pd.DataFrame], *others: Callable[[], pd.DataFrame]) -> list[pd.DataFrame]:
    """Run independent aggregate queries. On PostgreSQL, outside a transaction, the
    smaller ones run on a second connection while the big one scans, so the roll-up
    takes little more than its largest query; otherwise (SQLite, or inside a
    transaction whose uncommitted rows another connection cannot see) one after another."""
    if connection.vendor != "postgresql" or connection.in_atomic_block or not others:
        return [first(), *(func() for func in others)]
    with ThreadPoolExecutor(max_workers=1) as pool:
        future = pool.submit(_in_own_connection, others, translation.get_language())
        results = [first()]
        return results + future.result()


def derive_figures(counts: dict, deadline: datetime.date, today: datetime.date) -> dict:
    """Rates, intervals, margin, flag and projection from one row of counts."""
    n = int(counts["responses"])  # answering firms of the population, n ≤ N
    firms = int(counts["firms"])  # N
    low, high = st.wilson_interval(int(counts["passed"]), n, population=firms)
    target = counts.get("target_responses")
    target = int(target) if target is not None and not pd.isna(target) else st.default_sample_size(firms)
    closed = st.is_closed(deadline, today)  # final figures: no projection after the deadline
    projected = None if closed else st.project_responses(n, int(counts["recent"]), deadline, today)
    return {
        "coverage": st.safe_ratio(n, firms),
        "awareness": st.safe_ratio(counts["passed"], n),
        "awareness_low": low,
        "awareness_high": high,
        "mean_score": st.safe_ratio(counts["score_sum"], n),
        "insured_share": st.safe_ratio(counts["insured_yes"], counts["insured_answered"]),
        "margin": st.margin_of_error(n, firms),
        "census": bool(n) and n >= firms,
        "too_small": st.is_too_small(n),
        "target": target,
        "daily_rate": counts["recent"] / st.RECENT_DAYS,
        "projected": projected,
        "status": st.target_status(n, target, projected, closed),
        "closed": closed,
    }


def township_rollup(campaign, filters: ReportFilters | None = None, townships=None,
                    today: datetime.date | None = None) -> pd.DataFrame:
    """Per-township figures (one row per township, in code order, including townships
    without responses). `townships` limits the rows to those a user may see."""
    filters = filters or ReportFilters()
    today = today or timezone.localdate()
    scope = scope_townships(campaign, townships)
    town_qs = Township.objects.all() if scope is None else Township.objects.filter(pk__in=scope)
    frame = _frame(town_qs.order_by("code").values_list("id", "code", "name", "county_id"),
                   ["township_id", "code", "name", "county_id"])
    targets = _frame(
        TownshipTarget.objects.filter(campaign=campaign).values_list("township_id", "target_responses"),
        ["township_id", "target_responses"],
    )
    responses, firms, scans = gather_queries(
        lambda: response_counts(campaign, filters, scope, today),
        lambda: firm_counts(campaign, filters, scope),
        lambda: scan_counts(campaign, filters, scope),
    )
    frame = frame.join(firms).join(scans).join(responses).join(targets)
    frame[COUNT_COLUMNS] = frame[COUNT_COLUMNS].fillna(0).astype("int64")
    derived = [derive_figures(row, campaign.deadline, today) for row in frame.to_dict("records")]
    frame = pd.concat([frame, pd.DataFrame(derived, index=frame.index)], axis=1)
    frame["target"] = frame["target"].astype("Int64")  # whole responses, blank when there are no firms
    frame = frame.reset_index()
    # Scans of channels without a township, per region: the totals (county_row, reports.levels)
    # add those of the regions wholly in view.
    scans_by_region = wide_scans(campaign, filters)
    if townships is None:
        frame.attrs["county_wide_scans"] = sum(scans_by_region.values())
    frame.attrs["wide_scans"] = scans_by_region
    return frame


def county_code(frame: pd.DataFrame) -> str:
    """The county's division code: the first six digits its townships' codes share."""
    codes = [str(code) for code in frame["code"]]
    return codes[0][:6] if codes and all(code[:6] == codes[0][:6] for code in codes) else ""


def county_row(frame: pd.DataFrame, campaign, today: datetime.date | None = None) -> dict:
    """The total of the campaign's region: counts summed over the rows (plus the scans of
    channels without a township), rates recomputed from the sums with N = every township's
    firms; the target is the region's own (a city campaign's county target) or the sum of
    the township targets."""
    today = today or timezone.localdate()
    counts = {col: int(frame[col].sum()) for col in COUNT_COLUMNS}
    counts["scans"] += int(frame.attrs.get("county_wide_scans", 0))
    from .levels import total_target

    counts["target_responses"] = total_target(frame, campaign)
    region = campaign.region if campaign.region_id else None
    row = {"township_id": None, "region_id": region.pk if region else None,
           "code": region.code if region else county_code(frame), "name": region.name if region else COUNTY_NAME,
           **counts}
    row.update(derive_figures(counts, campaign.deadline, today))
    return row


def python_value(value):
    """A JSON- and template-friendly scalar (numpy → int/float, NaN → None)."""
    if value is None or value is pd.NA:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    return value


def records(frame: pd.DataFrame) -> list[dict]:
    return [{k: python_value(v) for k, v in row.items()} for row in frame.to_dict("records")]
