"""Writes of the surveys app: issuing form tokens, storing a response exactly once,
consultation requests and the erasure of expired phone numbers."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Enterprise
from core.db import relaxed_durability

from . import conf
from .answering import AnswerSheet
from .definition import ChannelInfo, SurveyDef
from .models import Answer, AnswerChoice, ConsultationRequest, FormToken, Response
from .results import forget_result, remember_new_result
from .tokens import new_form_token, token_issued_at


def issue_form_token(survey_id: int, channel_id: int | None) -> str:
    """A fresh one-time token for one rendered form, recorded as a FormToken row."""
    token = new_form_token(survey_id, channel_id)
    # A "start" is a statistic, not an answer; if a crash loses the row, the signed
    # token still works (submit_response writes a missing row).
    with relaxed_durability():
        FormToken.objects.create(token=token, survey_id=survey_id, channel_id=channel_id)
    return token


@dataclass(frozen=True)
class SubmitOutcome:
    """kind: "created", "replayed" (this token already made a response), "already_answered"
    (the enterprise has a current response and the survey does not allow replacing it)
    or "unknown_token"."""

    kind: str
    token: str = ""
    answered_at: datetime.datetime | None = None


def find_response_token(token: str) -> str | None:
    return Response.objects.filter(form_token=token).values_list("form_token", flat=True).first()


def submit_response(survey: SurveyDef, channel: ChannelInfo, token: str, sheet: AnswerSheet) -> SubmitOutcome:
    """Store a valid answer sheet once. The database decides: the token row is spent with
    a conditional UPDATE (row-locked on PostgreSQL; a spent or missing row is inserted,
    which a spent one refuses by primary key), Response.form_token is unique and only one
    current response per (survey, USCC) may exist. A lost race never raises: it is
    reported as "replayed" or "already_answered", and nothing of the losing attempt is kept."""
    issued = token_issued_at(token, survey.id, channel.id)
    if issued is None:
        return SubmitOutcome("replayed", token) if find_response_token(token) else SubmitOutcome("unknown_token")
    try:
        with transaction.atomic():
            outcome = _store(survey, channel, token, issued, sheet)
        remember_new_result(survey, channel, token, sheet)
        return outcome
    except IntegrityError:
        pass
    if find_response_token(token):
        return SubmitOutcome("replayed", token)
    prior = _current_response(survey.id, sheet.uscc)
    if prior is not None:
        return SubmitOutcome("already_answered", prior[1], prior[2])
    raise RuntimeError("integrity error without a conflicting response")  # pragma: no cover


def _current_response(survey_id: int, uscc: str):
    return (
        Response.objects.filter(survey_id=survey_id, uscc=uscc, status=Response.Status.CURRENT)
        .values_list("id", "form_token", "submitted_at")
        .first()
    )


def _store(survey: SurveyDef, channel: ChannelInfo, token: str, issued, sheet: AnswerSheet) -> SubmitOutcome:
    now = timezone.now()
    spent = FormToken.objects.filter(token=token, used_at__isnull=True).update(used_at=now)
    if not spent:
        # Spent already (the INSERT fails on the primary key: the caller reports "replayed"),
        # or its row is gone (a valid signature still proves it was issued).
        FormToken.objects.create(token=token, survey_id=survey.id, channel_id=channel.id, issued_at=issued, used_at=now)
    prior = None
    if survey.allow_replace:
        prior = _current_response(survey.id, sheet.uscc)
        if prior is not None:
            Response.objects.filter(pk=prior[0]).update(status=Response.Status.REPLACED)
    # Without replacement, a second current response of the enterprise violates
    # one_current_response_per_enterprise: the caller reports "already_answered".
    # Linked to the registry by USCC inside the INSERT itself (a sub-select, no extra round trip).
    enterprise_id = Subquery(Enterprise.objects.filter(uscc=sheet.uscc).values("id")[:1])
    score = sheet.score
    response = Response.objects.create(
        survey_id=survey.id, channel_id=channel.id, township_id=channel.township_id, enterprise_id=enterprise_id,
        uscc=sheet.uscc, enterprise_name=sheet.enterprise_name, score=score, max_score=survey.max_score,
        passed=score >= survey.pass_mark, insured=sheet.insured(survey), form_token=token, started_at=issued,
        submitted_at=now,
    )
    if prior is not None:
        Response.objects.filter(pk=prior[0]).update(replaced_by=response)
    store_answers(response.pk, channel.township_id, sheet)
    return SubmitOutcome("created", token)


def store_answers(response_id: int, township_id: int, sheet: AnswerSheet) -> None:
    """One Answer row per answered question and one AnswerChoice per chosen option,
    in two INSERT statements."""
    answers = [
        Answer(
            response_id=response_id, question_id=a.question.id, township_id=township_id, is_correct=a.is_correct,
            number_value=a.number, text_value=a.text,
        )
        for a in sheet.answers
    ]
    Answer.objects.bulk_create(answers)
    choices = [
        AnswerChoice(answer_id=row.pk, option_id=option_id)
        for row, a in zip(answers, sheet.answers, strict=True)
        for option_id in a.option_ids
    ]
    if choices:
        AnswerChoice.objects.bulk_create(choices)


# --- Consultation requests ------------------------------------------------------

PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")


def normalize_phone(raw: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKC", raw or "")
    return "".join(ch for ch in text if ch.isdigit() or ch == "-").strip("-")


def consultation_problems(phone: str, preferred_time: str) -> dict[str, str]:
    errors = {}
    if not phone:
        errors["phone"] = _("请填写联系电话。")
    elif not PHONE_RE.match(phone):
        errors["phone"] = _("请填写11位手机号码或带区号的固定电话，例如 13912345678 或 0566-7021234。")
    if len(preferred_time) > 50:
        errors["preferred_time"] = _("方便联系时间请控制在50字以内。")
    return errors


def request_consultation(response: Response, phone: str, preferred_time: str) -> ConsultationRequest:
    """Create (or update while still open) the follow-up item of a response."""
    with transaction.atomic():
        item, created = ConsultationRequest.objects.select_for_update().get_or_create(
            response=response,
            defaults={"township_id": response.township_id, "phone": phone, "preferred_time": preferred_time},
        )
        if not created and item.status == ConsultationRequest.Status.OPEN:
            item.phone, item.preferred_time = phone, preferred_time
            item.save(update_fields=["phone", "preferred_time"])
    forget_result(response.form_token)
    return item


def close_consultation(item: ConsultationRequest, user, note: str = "") -> ConsultationRequest:
    item.status = ConsultationRequest.Status.CLOSED
    item.closed_at = timezone.now()
    item.closed_by = user
    if note:
        item.note = note
    item.save(update_fields=["status", "closed_at", "closed_by", "note"])
    return item


def mask_phone(phone: str) -> str:
    """138****5678: enough to tell two requests apart, not enough to call."""
    if not phone:
        return ""
    if len(phone) <= 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def erase_expired_phones(days: int | None = None, now: datetime.datetime | None = None) -> int:
    """Blank the phone of every consultation request older than the retention period."""
    days = conf.phone_retention_days() if days is None else days
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=days)
    return (
        ConsultationRequest.objects.filter(created_at__lt=cutoff, phone_erased_at__isnull=True)
        .update(phone="", phone_erased_at=now)
    )
