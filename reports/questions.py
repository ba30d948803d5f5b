"""Per-question correct rates, per township and county-wide, and the least-known facts."""

from __future__ import annotations

import pandas as pd

from django.db.models import Count, Q

from surveys.models import Answer, Question, Response

from . import statistics as st
from .filters import ReportFilters, response_q

COLUMNS = ["question_id", "township_id", "answered", "correct"]


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
    return pd.DataFrame(rows, columns=["question_id", "position", "fact_code", "text", "policy_title", "policy_url"])


def answer_counts(campaign, filters: ReportFilters | None = None, townships=None) -> pd.DataFrame:
    """Answered and correct per (question, township) over answers of current responses.

    Without response filters: every answer to the survey's knowledge questions, counted
    from the (question, township, is_correct) index, minus the answers of non-current
    responses (few, found through their responses). With filters: one GROUP BY over
    answers joined to the filtered current responses."""
    filters = filters or ReportFilters()
    questions = knowledge_questions(campaign)
    if questions.empty:
        return pd.DataFrame(columns=COLUMNS)
    qs = Answer.objects.filter(question_id__in=list(questions["question_id"]))
    if townships is not None:
        qs = qs.filter(township__in=townships)
    if not filters.is_empty:
        qs = qs.filter(response_q(filters, prefix="response__"), response__survey_id=campaign.survey_id,
                       response__status=Response.Status.CURRENT)
        return _grouped(qs)
    every = _grouped(qs)
    stale = _grouped(qs.filter(response__survey_id=campaign.survey_id).exclude(response__status=Response.Status.CURRENT))
    if stale.empty:
        return every
    merged = every.merge(stale, on=["question_id", "township_id"], how="left", suffixes=("", "_stale")).fillna(0)
    merged["answered"] = (merged["answered"] - merged["answered_stale"]).astype("int64")
    merged["correct"] = (merged["correct"] - merged["correct_stale"]).astype("int64")
    return merged[merged["answered"] > 0][COLUMNS].reset_index(drop=True)


def _grouped(qs) -> pd.DataFrame:
    rows = (
        qs.order_by().values("question_id", "township_id")
        .annotate(answered=Count("*"), correct=Count("is_correct", filter=Q(is_correct=True)))
        .values_list("question_id", "township_id", "answered", "correct")
    )
    return pd.DataFrame.from_records(list(rows), columns=COLUMNS)


def _with_rates(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame["answered"] = frame["answered"].fillna(0).astype("int64")
    frame["correct"] = frame["correct"].fillna(0).astype("int64")
    bounds = [st.wilson_interval(c, n) for c, n in zip(frame["correct"], frame["answered"], strict=True)]
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
    per_township = _with_rates(counts.merge(questions, on="question_id", how="left"))
    totals = counts.groupby("question_id", as_index=False)[["answered", "correct"]].sum()
    county = _with_rates(questions.merge(totals, on="question_id", how="left"))
    return county, per_township


def least_known(campaign, filters: ReportFilters | None = None, townships=None, township_id: int | None = None) -> pd.DataFrame:
    """Questions ranked by correct rate, lowest first (unanswered questions last):
    what the publicity should push next. With township_id, that township's ranking."""
    county, per_township = question_rates(campaign, filters, townships)
    if township_id is None:
        frame = county
    else:
        mine = per_township[per_township["township_id"] == township_id][["question_id", "answered", "correct"]]
        frame = _with_rates(knowledge_questions(campaign).merge(mine, on="question_id", how="left"))
    frame = frame.sort_values(["rate", "position", "question_id"], na_position="last", kind="stable").reset_index(drop=True)
    frame["rank"] = range(1, len(frame) + 1)
    return frame
