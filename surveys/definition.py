"""The survey as the answering page needs it: plain frozen data, built once per
(survey id, version, last change) and kept in process memory, so the hot path of a
phone answering a survey reads no question or option rows."""

from __future__ import annotations

import datetime
import threading
from dataclasses import dataclass

from django.utils import timezone

from .models import Option, Question, Survey

YES_NO_CHOICES = (("yes", "是"), ("no", "否"), ("unsure", "不确定"))
# The value of a knowledge question's "不清楚" choice: stored as the answer's text, with
# no chosen option and is_correct False, so it counts as answered and not known.
UNSURE = "unsure"
OPTION_KINDS = frozenset({Question.Kind.SINGLE, Question.Kind.MULTIPLE})


@dataclass(frozen=True)
class OptionDef:
    id: int
    label: str
    is_correct: bool

    @property
    def value(self) -> str:
        return str(self.id)


@dataclass(frozen=True)
class QuestionDef:
    id: int
    number: int  # 1-based, as shown
    kind: str
    role: str
    text: str
    help_text: str
    required: bool
    explanation: str
    source: str
    policy_url: str
    policy_title: str
    options: tuple[OptionDef, ...]
    shuffle_options: bool = False
    offer_unsure: bool = False

    @property
    def field(self) -> str:
        return f"q{self.id}"

    @property
    def is_knowledge(self) -> bool:
        return self.role == Question.Role.KNOWLEDGE

    @property
    def shuffles(self) -> bool:
        """Whether each form shows this question's options in its own order."""
        return self.shuffle_options and self.is_knowledge and self.kind in OPTION_KINDS

    @property
    def offers_unsure(self) -> bool:
        """Whether the form ends this question's options with "不清楚"."""
        return self.offer_unsure and self.is_knowledge and self.kind in OPTION_KINDS

    @property
    def correct_ids(self) -> frozenset[int]:
        return frozenset(o.id for o in self.options if o.is_correct)

    @property
    def correct_labels(self) -> list[str]:
        return [o.label for o in self.options if o.is_correct]

    def choice_values(self) -> tuple[tuple[str, str], ...]:
        if self.kind == Question.Kind.YES_NO:
            return YES_NO_CHOICES
        return tuple((o.value, o.label) for o in self.options)


@dataclass(frozen=True)
class SurveyDef:
    id: int
    version: int
    title: str
    intro: str
    opens_at: datetime.datetime | None
    closes_at: datetime.datetime | None
    pass_mark: int
    allow_replace: bool
    questions: tuple[QuestionDef, ...]
    stamp: tuple = ()  # (version, updated_at timestamp): identifies this exact definition

    @property
    def knowledge_questions(self) -> tuple[QuestionDef, ...]:
        return tuple(q for q in self.questions if q.is_knowledge)

    @property
    def max_score(self) -> int:
        return len(self.knowledge_questions)

    @property
    def coverage_question(self) -> QuestionDef | None:
        return next((q for q in self.questions if q.role == Question.Role.COVERAGE), None)

    def state(self, now: datetime.datetime | None = None) -> str:
        """"open", "not_open" or "closed"."""
        now = now or timezone.now()
        if self.opens_at and now < self.opens_at:
            return "not_open"
        if self.closes_at and now >= self.closes_at:
            return "closed"
        return "open"


_definitions: dict[tuple, SurveyDef] = {}
_lock = threading.Lock()


def survey_definition(survey_id: int, stamp: tuple | None = None, survey: Survey | None = None) -> SurveyDef:
    """The frozen definition of a survey. With `stamp` (from channel_info) or a loaded
    `survey` no query is made when the definition is already in this process's memory."""
    if stamp is None and survey is not None:
        stamp = (survey.version, survey.updated_at.timestamp())
    if stamp is not None:
        found = _definitions.get((survey_id, *stamp))
        if found is not None:
            return found
    if survey is None:
        survey = Survey.objects.get(pk=survey_id)
    key = (survey.pk, survey.version, survey.updated_at.timestamp())
    found = _definitions.get(key)
    if found is None:
        found = build_definition(survey)
        with _lock:
            for old in [k for k in _definitions if k[0] == survey_id]:
                del _definitions[old]
            _definitions[key] = found
    return found


def build_definition(survey: Survey) -> SurveyDef:
    options: dict[int, list[OptionDef]] = {}
    for o in Option.objects.filter(question__survey=survey).order_by("question_id", "position", "id"):
        options.setdefault(o.question_id, []).append(OptionDef(o.id, o.label, o.is_correct))
    questions = []
    for number, q in enumerate(
        Question.objects.filter(survey=survey).select_related("policy_page").order_by("position", "id"), start=1
    ):
        page = q.policy_page
        url = ""
        if page is not None and page.live:
            url = page.get_url() or ""
            if url and q.fact_code:  # the section that explains the fact (cms heading "本节讲解的知识点")
                url += f"#fact-{q.fact_code.lower()}"
        questions.append(
            QuestionDef(
                q.id, number, q.kind, q.role, q.text, q.help_text, q.required, q.explanation, q.source,
                url, page.title if page else "", tuple(options.get(q.id, ())), q.shuffle_options, q.offer_unsure,
            )
        )
    return SurveyDef(
        survey.pk, survey.version, survey.title, survey.intro, survey.opens_at, survey.closes_at,
        survey.pass_mark, survey.allow_replace, tuple(questions), (survey.version, survey.updated_at.timestamp()),
    )
