"""Per-question correct rates, per township and county-wide, and the least-known facts,
over in-population answers (reports.population), intervals corrected for the finite
population like the awareness interval."""

from __future__ import annotations

import pandas as pd

from django.db.models import Count, Q

from surveys.models import Answer, Question, Response

from . import statistics as st
from .filters import ReportFilters, response_q
from .population import population_q
from .rollup import firm_counts, scope_townships

COLUMNS = ["question_id", "township_id", "answered", "correct"]
QUESTION_FIELDS = ["question_id", "position", "fact_code", "text", "policy_title", "policy_url"]


def knowledge_questions(campaign) -> pd.DataFrame:
    """The scored questions of the campaign's survey, in survey order."""
    rows = []
    if campaign.survey_id:
        qs = Question.objects.filter(survey_id=campaign.survey_id, role=Question.Role.KNOWLEDGE).select_related("policy_page")
        for q in qs.order_by("position", "id"):
            page = q.policy_page
            rows.append({
                "question_id": q.pk, "position": q.position, "fact_code": q.fact_code, "text": q.text,
                "policy_title": page.title if page else "", "policy_url": page.url if page else "",
            })
    return pd.DataFrame(rows, columns=QUESTION_FIELDS)


def answer_counts(campaign, filters: ReportFilters | None = None, townships=None) -> pd.DataFrame:
    """Answered and correct per (question, township) over the answers of current
    in-population responses (reports.population): one GROUP BY over answers joined to
    their responses and registered firms."""
    filters = filters or ReportFilters()
    questions = knowledge_questions(campaign)
    if questions.empty:
        return pd.DataFrame(columns=COLUMNS)
    qs = Answer.objects.filter(question_id__in=list(questions["question_id"]), response__status=Response.Status.CURRENT)
    qs = qs.filter(population_q("response__"))
    townships = scope_townships(campaign, townships)  # the campaign's region when no townships are given
    if townships is not None:
        qs = qs.filter(township__in=townships)
    if not filters.is_empty:
        qs = qs.filter(response_q(filters, prefix="response__"))
    return _grouped(qs)


def _grouped(qs) -> pd.DataFrame:
    rows = (
        qs.order_by().values("question_id", "township_id")
        .annotate(answered=Count("*"), correct=Count("is_correct", filter=Q(is_correct=True)))
        .values_list("question_id", "township_id", "answered", "correct")
    )
    return pd.DataFrame.from_records(list(rows), columns=COLUMNS)


def _with_rates(frame: pd.DataFrame, populations) -> pd.DataFrame:
    """Rate and Wilson interval (finite-population corrected with each row's N)."""
    frame = frame.copy()
    frame["answered"] = frame["answered"].fillna(0).astype("int64")
    frame["correct"] = frame["correct"].fillna(0).astype("int64")
    bounds = [st.wilson_interval(c, n, population=int(big_n)) for c, n, big_n
              in zip(frame["correct"], frame["answered"], populations, strict=True)]
    frame["rate"] = [st.safe_ratio(c, n) for c, n in zip(frame["correct"], frame["answered"], strict=True)]
    frame["low"] = [b[0] for b in bounds]
    frame["high"] = [b[1] for b in bounds]
    return frame


def question_rates(campaign, filters: ReportFilters | None = None, townships=None,
                   counts: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(county, per_township): correct rate with Wilson interval per question, county-wide
    (over the given townships) and per (question, township)."""
    questions = knowledge_questions(campaign)
    counts = answer_counts(campaign, filters, townships) if counts is None else counts
    firms = population_sizes(campaign, filters, townships)
    per_township = counts.merge(questions, on="question_id", how="left")
    per_township = _with_rates(per_township, [firms.get(int(t), 0) for t in per_township["township_id"]])
    totals = counts.groupby("question_id", as_index=False)[["answered", "correct"]].sum()
    county = questions.merge(totals, on="question_id", how="left")
    county = _with_rates(county, [sum(firms.values())] * len(county))
    return county, per_township


def population_sizes(campaign, filters: ReportFilters | None, townships=None) -> dict[int, int]:
    """township id → N, the registered small/micro firms (as filtered)."""
    frame = firm_counts(campaign, filters or ReportFilters(), townships)
    return {int(k): int(v) for k, v in frame["firms"].items()}


def least_known(campaign, filters: ReportFilters | None = None, townships=None, township_id: int | None = None,
                rates: tuple[pd.DataFrame, pd.DataFrame] | None = None,
                populations: dict[int, int] | None = None) -> pd.DataFrame:
    """Questions ranked by correct rate, lowest first (unanswered questions last):
    what the publicity should push next. With township_id, that township's ranking.
    `rates`: question_rates(campaign, filters, townships) already computed (exports that
    rank every township count the answers once; with it the questions come from its county
    frame); `populations`: population_sizes(campaign, filters, townships) already read."""
    county, per_township = question_rates(campaign, filters, townships) if rates is None else rates
    if township_id is None:
        frame = county
    else:
        mine = per_township[per_township["township_id"] == township_id][["question_id", "answered", "correct"]]
        questions = knowledge_questions(campaign) if rates is None else county[QUESTION_FIELDS]
        if populations is None:
            populations = population_sizes(campaign, filters, [township_id])
        frame = questions.merge(mine, on="question_id", how="left")
        big_n = populations.get(township_id, 0)
        frame = _with_rates(frame, [big_n] * len(frame))
    frame = frame.sort_values(["rate", "position", "question_id"], na_position="last", kind="stable").reset_index(drop=True)
    frame["rank"] = range(1, len(frame) + 1)
    return frame
