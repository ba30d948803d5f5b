"""Shapes the survey definition and a response into plain rows for the templates, so the
templates need no lookups of their own."""

from __future__ import annotations

from .answering import AnswerSheet
from .definition import SurveyDef
from .models import AnswerChoice, Question, Response

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


def result_items(response: Response, survey: SurveyDef) -> list[dict]:
    """Each knowledge question with what was chosen, the right answer and why (one query:
    correctness follows from the chosen options and the definition)."""
    chosen: dict[int, set[int]] = {}
    for question_id, option_id in AnswerChoice.objects.filter(answer__response=response).values_list(
        "answer__question_id", "option_id"
    ):
        chosen.setdefault(question_id, set()).add(option_id)
    items = []
    for q in survey.knowledge_questions:
        picked = chosen.get(q.id, set())
        items.append({
            "q": q,
            "correct": bool(picked) and picked == q.correct_ids,
            "chosen": [o.label for o in q.options if o.id in picked] or ["未作答"],
            "right": q.correct_labels,
        })
    return items
