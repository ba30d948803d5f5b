"""Reading a submitted answer sheet: every field checked against the survey definition,
every problem described in Chinese, every value kept so the form can be shown again."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from campaigns.uscc import check_uscc

from .definition import UNSURE, QuestionDef, SurveyDef
from .models import Question

SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 2000
NAME_MAX = 200
NUMBER_MAX = Decimal("999999999999")
NUMBER_TEXT_MAX = 40  # characters: "999999999999.99" with room for spaces and signs
YES_NO_VALUES = {"yes", "no", "unsure"}


@dataclass
class CleanAnswer:
    question: QuestionDef
    option_ids: tuple[int, ...] = ()
    number: Decimal | None = None
    text: str = ""

    @property
    def is_correct(self) -> bool | None:
        """None for unscored questions; "不清楚" (no option chosen) is never correct."""
        if not self.question.is_knowledge:
            return None
        return bool(self.option_ids) and frozenset(self.option_ids) == self.question.correct_ids

    @property
    def is_unsure(self) -> bool:
        return self.question.offers_unsure and self.text == UNSURE and not self.option_ids


@dataclass
class AnswerSheet:
    """What the respondent sent: raw values for redisplay, clean values, and errors."""

    values: dict[str, list[str]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    uscc: str = ""
    enterprise_name: str = ""
    township_id: int | None = None  # picked on a county-wide channel's form (surveys.attribution)
    answers: list[CleanAnswer] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def score(self) -> int:
        return sum(1 for a in self.answers if a.is_correct)

    def insured(self, survey: SurveyDef) -> str:
        coverage = survey.coverage_question
        for a in self.answers:
            if coverage is not None and a.question.id == coverage.id:
                return a.text if a.text in YES_NO_VALUES else ""
        return ""


def read_answer_sheet(survey: SurveyDef, data) -> AnswerSheet:
    """Check a QueryDict (or dict of lists) against the survey."""
    sheet = AnswerSheet()
    get_list = data.getlist if hasattr(data, "getlist") else (lambda k: data.get(k, []))

    raw_uscc = (get_list("uscc") or [""])[0][:60]
    sheet.values["uscc"] = [raw_uscc]
    result = check_uscc(raw_uscc)
    sheet.uscc = result.code
    if not result.valid:
        sheet.errors["uscc"] = result.message

    name = " ".join((get_list("enterprise_name") or [""])[0].split())
    sheet.values["enterprise_name"] = [name[:NAME_MAX + 50]]
    if not name:
        sheet.errors["enterprise_name"] = _("请填写企业名称（与营业执照一致）。")
    elif len(name) > NAME_MAX:
        sheet.errors["enterprise_name"] = _("企业名称不能超过%(n)s个字。") % {"n": NAME_MAX}
    sheet.enterprise_name = name

    for q in survey.questions:
        raw = [v for v in get_list(q.field) if v != ""][:50]
        sheet.values[q.field] = raw
        answer, error = _read_question(q, raw)
        if error:
            sheet.errors[q.field] = error
        elif answer is not None:
            sheet.answers.append(answer)
    return sheet


def _read_question(q: QuestionDef, raw: list[str]) -> tuple[CleanAnswer | None, str | None]:
    kind = q.kind
    if kind in (Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT, Question.Kind.NUMBER):
        text = raw[0].strip() if raw else ""
        if not text:
            return (None, _("第%(n)s题为必答题，请填写。") % {"n": q.number}) if q.required else (None, None)
        if kind == Question.Kind.NUMBER:
            return _read_number(q, text)
        limit = SHORT_TEXT_MAX if kind == Question.Kind.SHORT_TEXT else LONG_TEXT_MAX
        if len(text) > limit:
            return None, _("第%(n)s题最多填写%(limit)s个字，当前%(length)s个字。") % {"n": q.number, "limit": limit, "length": len(text)}
        return CleanAnswer(q, text=text), None

    if not raw:
        if q.required:
            if kind == Question.Kind.MULTIPLE:
                return None, _("第%(n)s题为必答题，请至少选择一项。") % {"n": q.number}
            return None, _("第%(n)s题为必答题，请选择一项。") % {"n": q.number}
        return (CleanAnswer(q) if q.is_knowledge else None), None
    if kind == Question.Kind.YES_NO:
        if len(raw) != 1 or raw[0] not in YES_NO_VALUES:
            return None, _("第%(n)s题请在“是”“否”“不确定”中选择一项。") % {"n": q.number}
        return CleanAnswer(q, text=raw[0]), None
    if kind == Question.Kind.SINGLE and len(raw) != 1:
        return None, _("第%(n)s题只能选择一项。") % {"n": q.number}
    if q.offers_unsure and UNSURE in raw:
        if len(set(raw)) > 1:
            return None, _("第%(n)s题选择了“不清楚”，就不能再选其他选项。") % {"n": q.number}
        return CleanAnswer(q, text=UNSURE), None
    valid = {o.id for o in q.options}
    try:
        ids = tuple(dict.fromkeys(int(v) for v in raw))
    except ValueError:
        ids = ()
    if not ids or not set(ids) <= valid:
        return None, _("第%(n)s题的选项无效，请重新选择。") % {"n": q.number}
    return CleanAnswer(q, option_ids=ids), None


def _read_number(q: QuestionDef, text: str) -> tuple[CleanAnswer | None, str | None]:
    cleaned = text.replace(",", "").replace("，", "")
    try:
        number = Decimal(cleaned[:NUMBER_TEXT_MAX])
    except InvalidOperation:
        return None, _("第%(n)s题请填写数字，例如 12。") % {"n": q.number}
    # copy_abs() and the comparison never round, so 1e999999999 cannot overflow the context.
    if len(cleaned) > NUMBER_TEXT_MAX or not number.is_finite() or number.copy_abs() > NUMBER_MAX:
        return None, _("第%(n)s题的数字超出范围，请核对。") % {"n": q.number}
    if number < 0:
        return None, _("第%(n)s题不能填写负数。") % {"n": q.number}
    return CleanAnswer(q, number=number.quantize(Decimal("0.01"))), None
