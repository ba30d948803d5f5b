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


def _end_of_today() -> datetime.datetime:
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.min))


def reusable_token(request, survey_id: int, channel_id: int | None) -> str | None:
    """The browser's unspent token for this survey and channel, issued today; else None."""
    token = request.COOKIES.get(FORM_COOKIE, "")
    issued = token_issued_at(token, survey_id, channel_id) if token else None
    if issued is None or timezone.localdate(issued) != timezone.localdate():
        return None
    return token


def remember_token(request, response, token: str) -> None:
    response.set_cookie(FORM_COOKIE, token, expires=_end_of_today(), secure=request.is_secure(), httponly=True,
                        samesite="Lax")


def forget_token(request, response, token: str) -> None:
    """The token is spent: the browser's next form gets a new one."""
    if request.COOKIES.get(FORM_COOKIE) == token:
        response.delete_cookie(FORM_COOKIE, samesite="Lax")
