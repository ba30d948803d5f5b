"""The awareness questionnaire (政策知晓度调查) built from the fifteen policy facts kept in
surveys/data/awareness_facts.csv, plus the coverage question."""

from __future__ import annotations

import csv
from pathlib import Path

from django.db import transaction

from .models import Option, Question, Survey

FACTS_CSV = Path(__file__).resolve().parent / "data" / "awareness_facts.csv"
AWARENESS_TITLE = "东至县小微企业工伤保险政策知晓度调查"
COVERAGE_TEXT = "贵单位的职工是否已参加工伤保险？"


def read_facts() -> list[dict]:
    with FACTS_CSV.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@transaction.atomic
def build_awareness_survey(title: str = AWARENESS_TITLE, pass_mark: int = 9, **fields) -> Survey:
    """Create the survey: employee count, coverage question, 15 knowledge questions and an
    optional open question. Identification (USCC, name, township) is part of every form."""
    survey = Survey.objects.create(
        title=title, pass_mark=pass_mark,
        intro="本问卷约需3分钟。提交后可立即查看得分、正确答案和政策依据。每家企业填写一次即可。",
        **fields,
    )
    position = 0

    def add(kind, text, role=Question.Role.GENERAL, **extra) -> Question:
        nonlocal position
        position += 1
        return Question.objects.create(survey=survey, position=position, kind=kind, role=role, text=text, **extra)

    add(Question.Kind.NUMBER, "贵单位现有职工（含雇工）多少人？", help_text="填写数字，例如 8。")
    add(Question.Kind.YES_NO, COVERAGE_TEXT, role=Question.Role.COVERAGE, help_text="不清楚可以选择“不确定”。")
    for fact in read_facts():
        question = add(
            Question.Kind.SINGLE, fact["question"], role=Question.Role.KNOWLEDGE,
            explanation=fact["explanation"], source=fact["source"], fact_code=fact["id"],
        )
        correct = set(fact["correct"].split("|"))
        Option.objects.bulk_create(
            Option(question=question, position=i, label=label, is_correct=label in correct)
            for i, label in enumerate(fact["options"].split("|"), start=1)
        )
    add(Question.Kind.LONG_TEXT, "您对工伤保险政策还有什么疑问或建议？（选填）", required=False)
    return survey
