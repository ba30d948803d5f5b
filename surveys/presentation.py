"""Shapes the survey definition and a response into plain rows for the templates, so the
templates need no lookups of their own."""

from __future__ import annotations

import re
from functools import lru_cache

from django.utils.html import format_html, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .answering import AnswerSheet
from .definition import UNSURE, YES_NO_CHOICES, QuestionDef, SurveyDef
from .models import Question
from .option_order import display_orders

CHOICE_KINDS = {Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.YES_NO}
BLOCK_MARK = "\x00options{}\x00"
BLOCK_MARKS = re.compile("\x00options(\\d+)\x00")


def form_fields(survey: SurveyDef, sheet: AnswerSheet, token: str) -> list[dict]:
    """One row per question; choice questions carry their inputs as HTML, in the order
    this form (token) shows them."""
    orders = display_orders(survey, token)
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
            row["choices_html"] = _choices_html(q, orders.get(q.id, q.options), frozenset(given), bool(row["error"]))
        rows.append(row)
    return rows


def _choices_html(q: QuestionDef, options, chosen: frozenset[str], invalid: bool) -> str:
    """The inputs of a choice question: yes/no, or its options in the given order, then
    "不清楚" when the question offers it (always last: it is not one of the answers)."""
    choices = list(YES_NO_CHOICES) if q.kind == Question.Kind.YES_NO else [(o.value, o.label) for o in options]
    if q.offers_unsure:
        choices.append((UNSURE, _("不清楚")))
    input_type = "checkbox" if q.kind == Question.Kind.MULTIPLE else "radio"
    # A required radio group: `required` on its radios (the group's state, as HTML means it);
    # never on checkboxes, where it would demand every box.
    required = q.required and input_type == "radio"
    return mark_safe("".join(  # noqa: S308 - every part is built with format_html
        _choice_html(q.field, input_type, value, label, value in chosen, invalid, required) for value, label in choices
    ))


@lru_cache(maxsize=8192)
def _choice_html(name: str, input_type: str, value: str, label: str, checked: bool, invalid: bool,
                 required: bool = False) -> str:
    return format_html(
        '<label class="sv-opt" for="{}_{}"><input type="{}" id="{}_{}" name="{}" value="{}"{}{}{}>{}</label>',
        name, value, input_type, name, value, name, value,
        mark_safe(" checked") if checked else "", mark_safe(" required") if required else "",
        mark_safe(' aria-invalid="true"') if invalid else "", label,
    )


def _blank_blocks(survey: SurveyDef, token: str) -> dict[int, str]:
    """The inputs of every shuffled question of a blank form with this token."""
    orders = display_orders(survey, token)
    return {q.id: _choices_html(q, orders[q.id], frozenset(), False) for q in survey.questions if q.id in orders}


def mark_option_blocks(html: str, survey: SurveyDef, token: str) -> str:
    """A blank form rendered for `token` with each shuffled question's inputs replaced by a
    mark, so the page can be kept once and filled for other tokens (fill_option_blocks)."""
    for question_id, block in _blank_blocks(survey, token).items():
        html = html.replace(block, BLOCK_MARK.format(question_id), 1)
    return html


def fill_option_blocks(html: str, survey: SurveyDef, token: str) -> str:
    """The marked blank form with each shuffled question's inputs in this token's order."""
    if "\x00options" not in html:
        return html
    blocks = _blank_blocks(survey, token)
    return BLOCK_MARKS.sub(lambda m: blocks[int(m[1])], html)


def result_items(chosen: dict[int, frozenset[int]], survey: SurveyDef, unsure: frozenset[int] = frozenset()) -> list[dict]:
    """Each knowledge question with what was chosen ("不清楚" for the questions in
    `unsure`), the right answer and why (correctness follows from the chosen options and
    the definition: "不清楚" is never right)."""
    language = get_language()
    items = []
    for q in survey.knowledge_questions:  # numbered as on the form
        picked = frozenset(chosen.get(q.id, ()))
        correct, html = _result_item(q, q.number, picked, q.id in unsure, language)
        items.append({"q": q, "correct": correct, "html": html})
    return items


@lru_cache(maxsize=8192)
def _result_item(q: QuestionDef, number: int, picked: frozenset[int], unsure: bool, language: str) -> tuple[bool, str]:
    """One result item's HTML: the same for everyone who picked the same options."""
    correct = bool(picked) and picked == q.correct_ids
    if correct:
        verdict = format_html("<p><span>{}</span></p>", _("✓ 回答正确"))
    else:
        labels = "、".join(o.label for o in q.options if o.id in picked) or (_("不清楚") if unsure else _("未作答"))
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
