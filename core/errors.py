"""What a visitor sees when something fails: Chinese pages in the site's style, rendered
without the database (no context processors, no session, no static manifest), and a 503
with Retry-After instead of a 500 when the database cannot be reached. On the answering
URL the page says whether the answer was saved.

config.urls sets handler500 = server_error; Django calls it inside the `except` block, so
the exception is still at hand (sys.exc_info) wherever it was raised: a view, a middleware
or a template."""

from __future__ import annotations

import logging
import re
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader

logger = logging.getLogger("canbao.errors")

# The errors of a database that is down, restarting or unreachable (a broken connection
# surfaces as InterfaceError on PostgreSQL: "connection already closed").
DATABASE_DOWN = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 10
RATE_LIMIT_RETRY_AFTER_SECONDS = 60  # allauth's shortest window (per minute)

# POST /s/<code>/ stores an answer (not /s/r/<token>/, the result page).
_ANSWERING = re.compile(r"^/s/(?!r/)[^/]+/?$")

_LAST_RESORT = (
    '<!DOCTYPE html><html lang="zh-Hans"><meta charset="utf-8"><title>服务暂不可用</title>'
    "<h1>服务暂时不可用</h1><p>请稍后再试。Service temporarily unavailable, please try again later.</p></html>"
)


def is_answering_post(request: HttpRequest | None) -> bool:
    """True for the POST that would store a survey answer."""
    return bool(request is not None and request.method == "POST" and _ANSWERING.match(request.path_info or ""))


def static_page(template_name: str, status: int, context: dict | None = None) -> HttpResponse:
    """A page rendered from the template alone: no request, so no context processor can
    touch the database. If even that fails, a fixed bilingual line."""
    try:
        body = loader.get_template(template_name).render(context or {})
    except Exception:
        logger.exception("error page %s could not be rendered", template_name)
        body = _LAST_RESORT
    return HttpResponse(body, status=status)


def unavailable(request: HttpRequest | None = None, *, message: str = "") -> HttpResponse:
    """503 with Retry-After: the database cannot be reached. `message` replaces the general
    explanation (the survey form says why it cannot be opened)."""
    response = static_page(
        "503.html", 503, {"answering": is_answering_post(request), "message": message, "retry_after": RETRY_AFTER_SECONDS}
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a 503 when the failure is the database being unreachable, else the
    Chinese 500 page."""
    exc = sys.exc_info()[1]
    if isinstance(exc, DATABASE_DOWN):
        logger.warning("database unavailable, answered 503 (%s %s): %s", request.method, request.path, exc)
        return unavailable(request)
    return static_page("500.html", 500, {"answering": is_answering_post(request)})


def too_many_requests(request: HttpRequest) -> HttpResponse:
    """handler429 (allauth's rate limits): allauth's page, with Retry-After."""
    from allauth.core.internal.ratelimit import handler429

    response = handler429(request)
    response["Retry-After"] = str(RATE_LIMIT_RETRY_AFTER_SECONDS)
    return response
