"""Deletion on request (PIPL art. 47): a firm asks that what it typed into the survey be
deleted. Its enterprise name, its free-text answers and its consultation phone and
preferred time are blanked in every response it gave (current and replaced); the
response itself, its scores, its chosen options and numbers stay, so every figure keeps
counting it anonymously. The USCC stays: it is the firm's public registration number and
keeps a second answer from the same firm a duplicate."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts import audit
from accounts.models import AuditEntry
from campaigns.uscc import check_uscc

from .models import Answer, ConsultationRequest, Question, Response
from .results import forget_result

ERASED_NAME = "（已按申请删除）"
TEXT_KINDS = (Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT)


@dataclass(frozen=True)
class Erasure:
    responses: int
    texts: int
    consultations: int


def erase_survey_personal_data(uscc: str, user=None, reason: str = "") -> Erasure:
    """Blank the firm's name, free text and consultation contact in all its responses,
    record who did it (accounts.AuditEntry) and forget cached result pages."""
    code = check_uscc(uscc).code or uscc.strip().upper()
    with transaction.atomic():
        responses = list(Response.objects.filter(uscc=code).values_list("pk", "form_token", "township_id"))
        ids = [pk for pk, _, _ in responses]
        Response.objects.filter(pk__in=ids).update(enterprise_name=ERASED_NAME)
        texts = (Answer.objects.filter(response_id__in=ids, question__kind__in=TEXT_KINDS).exclude(text_value="")
                 .update(text_value=""))
        consultations = ConsultationRequest.objects.filter(response_id__in=ids).update(
            phone="", preferred_time="", note="", phone_erased_at=timezone.now())
        audit.record(user, AuditEntry.Action.ERASE_ON_REQUEST, subject=code, responses=len(ids), texts=texts,
                     consultations=consultations, reason=reason[:200])
    for _, token, _ in responses:
        forget_result(token)
    return Erasure(len(ids), texts, consultations)
