"""Drafts: the answers of an unsent or refused form kept on the server under the form's
token, so a WeChat reload, an app switch or re-opening the same QR code within 24 hours
shows them again. Saved on every submission with errors (works without JavaScript) and by
the form's small autosave script; deleted when the answer is stored or after 24 hours."""

from __future__ import annotations

import datetime

from django.utils import timezone

from .definition import SurveyDef
from .models import FormToken, SurveyDraft

LIFETIME = datetime.timedelta(hours=24)
MAX_VALUES_PER_FIELD = 20
MAX_VALUE_CHARS = 2000
IDENTITY_FIELDS = ("uscc", "enterprise_name", "township")


def draft_fields(survey: SurveyDef) -> tuple[str, ...]:
    return IDENTITY_FIELDS + tuple(q.field for q in survey.questions)


def clean_values(survey: SurveyDef, data) -> dict[str, list[str]]:
    """Only the survey's own fields, bounded in number and length; empty ones dropped."""
    values = {}
    for name in draft_fields(survey):
        given = [v[:MAX_VALUE_CHARS] for v in data.getlist(name)[:MAX_VALUES_PER_FIELD] if v.strip()]
        if given:
            values[name] = given
    return values


def save_draft(survey: SurveyDef, token: str, data) -> None:
    """Keep the answers in `data` (a QueryDict) under `token`, in one statement (an upsert).
    The caller has checked the token is genuine (surveys.tokens) and, for autosave, unspent."""
    SurveyDraft.objects.bulk_create(
        [SurveyDraft(token=token, survey_id=survey.id, values=clean_values(survey, data), updated_at=timezone.now())],
        update_conflicts=True, unique_fields=["token"], update_fields=["values", "updated_at"],
    )


def is_unspent(survey: SurveyDef, token: str) -> bool:
    return FormToken.objects.filter(token=token, survey_id=survey.id, used_at__isnull=True).exists()


def load_draft(token: str) -> dict[str, list[str]]:
    """The kept answers of this token if saved within 24 hours; else empty."""
    draft = SurveyDraft.objects.filter(token=token, updated_at__gte=timezone.now() - LIFETIME).first()
    return draft.values if draft else {}


def has_draft(token: str) -> bool:
    return SurveyDraft.objects.filter(token=token, updated_at__gte=timezone.now() - LIFETIME).exists()


def discard_draft(token: str) -> None:
    SurveyDraft.objects.filter(token=token).delete()


def erase_expired_drafts(now: datetime.datetime | None = None) -> int:
    """Delete drafts untouched for 24 hours; returns how many."""
    deleted, _ = SurveyDraft.objects.filter(updated_at__lt=(now or timezone.now()) - LIFETIME).delete()
    return deleted
