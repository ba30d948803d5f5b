"""Shapes the survey definition and a response into plain rows for the templates, so the
templates need no lookups of their own."""

from __future__ import annotations

from functools import lru_cache

from django.utils.html import format_html, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

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
    language = get_language()
    items = []
    for number, q in enumerate(survey.knowledge_questions, start=1):
        picked = frozenset(chosen.get(q.id, ()))
        correct, html = _result_item(q, number, picked, language)
        items.append({"q": q, "correct": correct, "html": html})
    return items


@lru_cache(maxsize=8192)
def _result_item(q: QuestionDef, number: int, picked: frozenset[int], language: str) -> tuple[bool, str]:
    """One result item's HTML: the same for everyone who picked the same options."""
    correct = bool(picked) and picked == q.correct_ids
    if correct:
        verdict = format_html("<p><span>{}</span></p>", _("✓ 回答正确"))
    else:
        labels = "、".join(o.label for o in q.options if o.id in picked) or _("未作答")
        verdict = format_html("<p><span>{}</span>{}</p>", _("✗ 回答有误"), _("（您的选择：%(labels)s）") % {"labels": labels})
    html = format_html(
        '<section class="sv-item {}" aria-labelledby="k{}">{}{}{}</section>',
        "ok" if correct else "no", q.id, _question_head(q, number), verdict, _explanation(q, language),
    )
    return correct, html


def _question_head(q: QuestionDef, number: int) -> str:
    return format_html('<p id="k{}"><strong>{}. {}</strong></p>', q.id, number, q.text)


@lru_cache(maxsize=4096)
def _explanation(q: QuestionDef, language: str) -> str:
    """The part of a result item that is the same for everyone: right answer, why, where."""
    parts = [format_html("<p>{}<strong>{}</strong></p>", _("正确答案："), "、".join(q.correct_labels))]
    if q.explanation:
        parts.append(format_html("<p>{}{}</p>", _("解析："), q.explanation))
    if q.policy_url:
        parts.append(format_html('<p>{}<a href="{}">{}</a></p>', _("依据："), q.policy_url, q.source or q.policy_title))
    elif q.source:
        parts.append(format_html("<p>{}{}</p>", _("依据："), q.source))
    return mark_safe("".join(parts))  # noqa: S308 - every part is built with format_html
