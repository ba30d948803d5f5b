"""What a firm that is not insured (or not sure) should do next, shown on its result page:
where and how to register, the documents to bring, the contribution estimator with its
headcount filled in, whom to call (the township office's number and the county's
registration hotline: campaigns.hotlines)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse

from campaigns.hotlines import contacts, county_hotline

from .definition import SurveyDef
from .models import Question

NEEDS_NEXT_STEP = ("no", "unsure")


@dataclass(frozen=True)
class NextStep:
    insured: str  # "no" or "unsure"
    headcount: int | None
    estimator_url: str
    township_hotline: str
    county_hotline: str  # the registration hotline (12333 unless set)
    county_name: str = ""  # the firm's county, where it registers
    county_phone: str = ""  # that county's insurance agency


def headcount(survey: SurveyDef, numbers: dict[int, Decimal]) -> int | None:
    """The answer to the survey's first number question (the employee count), if sensible."""
    for q in survey.questions:
        if q.kind == Question.Kind.NUMBER:
            value = numbers.get(q.id)
            if value is not None and value == value.to_integral_value() and 0 < value < 100_000:
                return int(value)
            return None
    return None


def estimator_url(count: int | None) -> str:
    url = reverse("cms_estimator")
    return f"{url}?{urlencode({'headcount': count})}" if count else url


def next_step(survey: SurveyDef, insured: str, township_id: int | None, numbers: dict[int, Decimal]) -> NextStep | None:
    """The next step for a firm that answered "not insured" or "not sure"; else None."""
    if insured not in NEEDS_NEXT_STEP:
        return None
    count = headcount(survey, numbers)
    township_phone, county_name, county_phone = contacts(township_id)
    return NextStep(insured, count, estimator_url(count), township_phone, county_hotline(), county_name, county_phone)
