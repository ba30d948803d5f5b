"""Shapes the survey definition and a response into plain rows for the templates, so the
templates need no lookups of their own."""

from __future__ import annotations

from functools import lru_cache

from django.utils.html import format_html, mark_safe

from .answering import AnswerSheet
from .definition import QuestionDef, SurveyDef
from .models import Question

CHOICE_KINDS = {Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.YES_NO}


def form_fields(survey: SurveyDef, sheet: AnswerSheet) -> list[dict]:
    rows = []
    for q in survey.questions:
        given = sheet.values.get(q.field, [])
        row = {
            "q": q,
            "name": q.field,
            "error": sheet.errors.get(q.field, ""),
            "value": given[0] if given else "",
            "is_choice": q.kind in CHOICE_KINDS,
            "input_type": "checkbox" if q.kind == Question.Kind.MULTIPLE else "radio",
        }
        if row["is_choice"]:
            chosen = set(given)
            row["choices"] = [
                {"value": value, "label": label, "checked": value in chosen, "id": f"{q.field}_{i}"}
                for i, (value, label) in enumerate(q.choice_values())
            ]
        rows.append(row)
    return rows


def result_items(chosen: dict[int, frozenset[int]], survey: SurveyDef) -> list[dict]:
    """Each knowledge question with what was chosen, the right answer and why
    (correctness follows from the chosen options and the definition)."""
    items = []
    for number, q in enumerate(survey.knowledge_questions, start=1):
        picked = chosen.get(q.id, set())
        correct = bool(picked) and picked == q.correct_ids
        if correct:
            verdict = mark_safe("<p><span>✓ 回答正确</span></p>")  # noqa: S308 - constant markup
        else:
            labels = "、".join(o.label for o in q.options if o.id in picked) or "未作答"
            verdict = format_html("<p><span>✗ 回答有误</span>（您的选择：{}）</p>", labels)
        html = format_html(
            '<section class="sv-item {}" aria-labelledby="k{}">{}{}{}</section>',
            "ok" if correct else "no", q.id, _question_head(q, number), verdict, _explanation(q),
        )
        items.append({"q": q, "correct": correct, "html": html})
    return items


def _question_head(q: QuestionDef, number: int) -> str:
    return format_html('<p id="k{}"><strong>{}. {}</strong></p>', q.id, number, q.text)


@lru_cache(maxsize=4096)
def _explanation(q: QuestionDef) -> str:
    """The part of a result item that is the same for everyone: right answer, why, where."""
    parts = [format_html("<p>正确答案：<strong>{}</strong></p>", "、".join(q.correct_labels))]
    if q.explanation:
        parts.append(format_html("<p>解析：{}</p>", q.explanation))
    if q.policy_url:
        parts.append(format_html('<p>依据：<a href="{}">{}</a></p>', q.policy_url, q.source or q.policy_title))
    elif q.source:
        parts.append(format_html("<p>依据：{}</p>", q.source))
    return mark_safe("".join(parts))  # noqa: S308 - every part is built with format_html
