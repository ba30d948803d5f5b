"""Breakdowns of responses by firm and channel, the scan → open → submit → store funnel
per channel, and responses per week. Each is one or a few GROUP BY queries. Breakdowns and
weeks count in-population responses (reports.population), like the roll-up; the funnel
counts every response a channel brought."""

from __future__ import annotations

import pandas as pd

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncWeek

from campaigns.models import Channel, Scan, SizeClass
from surveys.models import FormToken

from . import statistics as st
from .filters import ReportFilters, date_q, scan_q
from .labels import INDUSTRY_SECTION_CHOICES
from .rollup import campaign_responses, population_responses

DIMENSIONS = {
    "industry": ("enterprise__industry_section", dict(INDUSTRY_SECTION_CHOICES)),  # "F 批发和零售业"
    "size_class": ("enterprise__size_class", dict(SizeClass.choices)),
    "channel_kind": ("channel__kind", dict(Channel.Kind.choices)),
}
UNLINKED = "未关联"


def breakdown(campaign, dimension: str, filters: ReportFilters | None = None, townships=None) -> pd.DataFrame:
    """Responses, awareness (with Wilson interval, without finite-population correction:
    the number of firms behind a channel kind is unknown) and mean score per value."""
    field, labels = DIMENSIONS[dimension]
    rows = (
        population_responses(campaign, filters, townships).order_by().values(field)
        .annotate(responses=Count("id"), passed=Count("id", filter=Q(passed=True)), score_sum=Sum("score"))
        .values_list(field, "responses", "passed", "score_sum")
    )
    records = []
    for value, n, passed, score_sum in rows:
        low, high = st.wilson_interval(passed, n)
        label = (labels or {}).get(value, value) if value else UNLINKED
        records.append({"value": value or "", "label": str(label), "responses": n, "passed": passed,
                        "awareness": st.safe_ratio(passed, n), "low": low, "high": high,
                        "mean_score": st.safe_ratio(score_sum, n)})
    frame = pd.DataFrame(records, columns=["value", "label", "responses", "passed", "awareness", "low", "high", "mean_score"])
    return frame.sort_values(["responses", "value"], ascending=[False, True]).reset_index(drop=True)


FUNNEL_STEPS = ["scans", "opens", "submitted", "stored"]


def channel_funnel(campaign, filters: ReportFilters | None = None, townships=None) -> pd.DataFrame:
    """Per channel, the funnel (definitions on the method page):
    scans (once per browser, channel and day; no link previews or crawlers) → opens
    (forms rendered to a browser, once per browser and day while unanswered) → submitted
    (forms sent that reached validation, with errors or not) → stored (current responses).
    Date filters apply to the scan, the form's issue and the response's submission."""
    filters = filters or ReportFilters()
    channels = Channel.objects.filter(campaign=campaign).select_related("township", "region", "campaign__region")
    if filters.channel_kind:
        channels = channels.filter(kind=filters.channel_kind)
    if townships is not None:
        channels = channels.filter(township__in=townships)
    scans = dict(Scan.objects.filter(scan_q(filters), channel__in=channels).order_by().values("channel_id")
                 .annotate(n=Count("id")).values_list("channel_id", "n"))
    # Tokens spent before first_submitted_at existed count as submitted through used_at.
    sent = Q(first_submitted_at__isnull=False) | Q(used_at__isnull=False)
    tokens = (FormToken.objects.filter(date_q(filters, "issued_at"), channel__in=channels).order_by()
              .values("channel_id").annotate(opens=Count("token"), submitted=Count("token", filter=sent)))
    forms = {row["channel_id"]: (row["opens"], row["submitted"]) for row in tokens}
    stored = dict(campaign_responses(campaign, filters).filter(channel__in=channels).order_by()
                  .values("channel_id").annotate(n=Count("id")).values_list("channel_id", "n"))
    rows = []
    for ch in channels.order_by("township__code", "kind", "id"):
        opens, submitted = forms.get(ch.pk, (0, 0))
        rows.append({"channel_id": ch.pk, "code": ch.code, "township_id": ch.township_id, "township": ch.township_label,
                     "kind": ch.get_kind_display(), "label": ch.label, "scans": scans.get(ch.pk, 0), "opens": opens,
                     "submitted": submitted, "stored": stored.get(ch.pk, 0)})
    frame = pd.DataFrame(rows, columns=["channel_id", "code", "township_id", "township", "kind", "label", *FUNNEL_STEPS])
    return _with_rates(frame)


def _with_rates(frame: pd.DataFrame) -> pd.DataFrame:
    frame["open_rate"] = [st.safe_ratio(o, s) for o, s in zip(frame["opens"], frame["scans"], strict=True)]
    frame["complete_rate"] = [st.safe_ratio(c, o) for c, o in zip(frame["stored"], frame["opens"], strict=True)]
    return frame


def funnel_total(frame: pd.DataFrame) -> dict:
    """The funnel of all rows of channel_funnel (a township or the user's whole scope)."""
    total = pd.DataFrame([{step: int(frame[step].sum()) for step in FUNNEL_STEPS}])
    return _with_rates(total).to_dict("records")[0]


def weekly_responses(campaign, filters: ReportFilters | None = None, townships=None) -> pd.DataFrame:
    """Responses and passes per calendar week (Monday, local time)."""
    rows = (
        population_responses(campaign, filters, townships).order_by()
        .annotate(week=TruncWeek("submitted_at")).values("week")
        .annotate(responses=Count("id"), passed=Count("id", filter=Q(passed=True)))
        .order_by("week").values_list("week", "responses", "passed")
    )
    frame = pd.DataFrame.from_records(list(rows), columns=["week", "responses", "passed"])
    frame["week"] = [w.date() if hasattr(w, "date") else w for w in frame["week"]]
    return frame

