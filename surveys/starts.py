"""Form starts ("打开问卷" in the funnel) counted once per browser, form and day.

Every rendered form carries a one-time token, and issuing one writes a FormToken row.
A reload, the language switch or a second scan by the same browser the same day would
write another and inflate the opens; instead the browser keeps its unused token in a
first-party cookie (the token only: it says nothing about the person) and is given it
back. The cookie goes when the token is spent, so the next form after an answer — the
next firm on a shared phone or service-hall tablet — is a new start."""

from __future__ import annotations

import datetime

from django.utils import timezone

from .tokens import token_issued_at

FORM_COOKIE = "canbao_form"
# The token whose answers are kept as a draft (surveys.drafts), for 24 hours after the last
# save: its form is given back even on another day, and only then is the draft looked up.
DRAFT_COOKIE = "canbao_draft"
DRAFT_HOURS = 24


def _end_of_today() -> datetime.datetime:
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.min))


def reusable_token(request, survey_id: int, channel_id: int | None) -> str | None:
    """The browser's unspent token for this survey and channel, issued today; else None."""
    token = request.COOKIES.get(FORM_COOKIE, "")
    issued = token_issued_at(token, survey_id, channel_id) if token else None
    if issued is not None and timezone.localdate(issued) == timezone.localdate():
        return token
    drafted = request.COOKIES.get(DRAFT_COOKIE, "")
    if drafted and token_issued_at(drafted, survey_id, channel_id) is not None:
        return drafted  # answers kept within the last 24 hours: the same form again
    return None


def has_draft(request, token: str) -> bool:
    """Whether this browser saved a draft for `token` (no database work otherwise)."""
    return bool(token) and request.COOKIES.get(DRAFT_COOKIE) == token


def remember_draft(request, response, token: str) -> None:
    response.set_cookie(DRAFT_COOKIE, token, max_age=DRAFT_HOURS * 3600, secure=request.is_secure(), httponly=True,
                        samesite="Lax")


def remember_token(request, response, token: str) -> None:
    response.set_cookie(FORM_COOKIE, token, expires=_end_of_today(), secure=request.is_secure(), httponly=True,
                        samesite="Lax")


def forget_token(request, response, token: str) -> None:
    """The token is spent: the browser's next form gets a new one."""
    if request.COOKIES.get(FORM_COOKIE) == token:
        response.delete_cookie(FORM_COOKIE, samesite="Lax")
    if request.COOKIES.get(DRAFT_COOKIE) == token:
        response.delete_cookie(DRAFT_COOKIE, samesite="Lax")
