"""What the result page shows, as a small snapshot: kept in the cache when the response is
stored (the phone is redirected there at once), rebuilt from two queries otherwise."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Q

from regions.agencies import public_brand

from .answering import AnswerSheet
from .definition import UNSURE, SurveyDef
from .models import Answer, ConsultationRequest, Response

TTL_SECONDS = 900
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ResultSnapshot:
    form_token: str
    enterprise_name: str
    township_name: str
    score: int
    max_score: int
    passed: bool
    survey_id: int
    survey_stamp: tuple | None
    chosen: dict[int, frozenset[int]] = field(default_factory=dict)  # question id -> option ids
    consultation_status: str = ""  # "", "open" or "closed"
    unsure: frozenset[int] = frozenset()  # knowledge questions answered "不清楚"
    insured: str = ""  # the coverage answer: "yes", "no", "unsure" or ""
    numbers: dict[int, Decimal] = field(default_factory=dict)  # question id -> number answered
    township_id: int | None = None  # the township the answers count for (its contacts on the result page)
    brand: str = ""  # the campaign region whose names head the page (regions.agencies.public_brand)


def _key(token: str) -> str:
    return f"surveys:result:v3:{token}"


def remember_new_result(survey: SurveyDef, township_name: str, token: str, sheet: AnswerSheet,
                        township_id: int | None = None, brand: str = "") -> None:
    score = sheet.score
    cache.set(_key(token), ResultSnapshot(
        token, sheet.enterprise_name, township_name, score, survey.max_score, score >= survey.pass_mark,
        survey.id, survey.stamp, {a.question.id: frozenset(a.option_ids) for a in sheet.answers if a.option_ids},
        unsure=frozenset(a.question.id for a in sheet.answers if a.is_unsure),
        insured=sheet.insured(survey), numbers={a.question.id: a.number for a in sheet.answers if a.number is not None},
        township_id=township_id, brand=brand,
    ), TTL_SECONDS)


def forget_result(token: str) -> None:
    cache.delete(_key(token))


def forget_results(tokens: list[str]) -> None:
    """Forget the snapshots of responses whose township moved (surveys.attribution): the
    page names the township whose staff will call. Best effort: a cache that is down
    holds no snapshot to forget either."""
    try:
        cache.delete_many([_key(token) for token in tokens])
    except Exception:  # noqa: BLE001 - the move is committed; a stale page expires in TTL_SECONDS
        logger.warning("result snapshots of %d moved responses not forgotten", len(tokens), exc_info=True)


def _brand(response: Response) -> str:
    campaign = response.channel.campaign if response.channel_id else None
    return public_brand(campaign.region.name) if campaign is not None and campaign.region_id else ""


def load_result(token: str) -> ResultSnapshot | None:
    """The snapshot of the response made with this token, or None."""
    if not token or len(token) > 64:
        return None
    snapshot = cache.get(_key(token))
    if snapshot is not None:
        return snapshot
    response = (Response.objects.filter(form_token=token)
                .select_related("township", "survey", "consultation", "channel__campaign__region").first())
    if response is None:
        return None
    chosen: dict[int, set[int]] = {}
    unsure: set[int] = set()
    numbers: dict[int, Decimal] = {}
    # Chosen options, "不清楚" answers (scored, no option, text UNSURE) and numbers in one query.
    for question_id, option_id, number in Answer.objects.filter(
        Q(choices__isnull=False) | Q(is_correct=False, text_value=UNSURE) | Q(number_value__isnull=False),
        response=response,
    ).values_list("question_id", "choices__option_id", "number_value"):
        if number is not None:
            numbers[question_id] = number
        elif option_id is None:
            unsure.add(question_id)
        else:
            chosen.setdefault(question_id, set()).add(option_id)
    try:
        status = response.consultation.status
    except ConsultationRequest.DoesNotExist:
        status = ""
    survey = response.survey
    snapshot = ResultSnapshot(
        token, response.enterprise_name, response.township.name, response.score, response.max_score, response.passed,
        survey.pk, (survey.version, survey.updated_at.timestamp()),
        {q: frozenset(ids) for q, ids in chosen.items()}, status, frozenset(unsure), response.insured, numbers,
        response.township_id, _brand(response),
    )
    cache.set(_key(token), snapshot, TTL_SECONDS)
    return snapshot
