"""Every request's form input normalised on the way in, before any view, form or error
handler reads it.

- Control characters (C0 except tab, newline and carriage return; DEL; C1), NUL
  included, are removed from every query-string and form value and key: they have no
  place in a name, an answer or a search, PostgreSQL refuses NUL in text, and
  openpyxl refuses the C0 ones in every later XLSX export.
- A body that cannot be decoded in the charset it declares (or declares a codec that is
  not a text encoding, e.g. ``charset=hex``) is answered with a Chinese 400 page, never a
  500.
"""

from __future__ import annotations

import logging
import re

from django.http import HttpRequest, QueryDict

logger = logging.getLogger("canbao.inputs")

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# Decoding failures of a declared charset; LookupError/TypeError: a codec that is no text encoding.
UNDECODABLE = (UnicodeError, LookupError, TypeError)


def strip_control(text: str) -> str:
    """The text without control characters (tab, newline and carriage return stay)."""
    return _CONTROL.sub("", text) if text else text


def _cleaned(query: QueryDict) -> QueryDict:
    if not any(_CONTROL.search(k) or any(_CONTROL.search(v) for v in query.getlist(k)) for k in query):
        return query
    clean = QueryDict(mutable=True, encoding=query.encoding)
    for key in query:
        clean.setlist(strip_control(key), [strip_control(v) for v in query.getlist(key)])
    clean._mutable = False
    return clean


def clean_request(request: HttpRequest) -> None:
    """Replace request.GET and (for form bodies) request.POST with cleaned copies.
    Raises one of UNDECODABLE when the body cannot be decoded."""
    request.GET = _cleaned(request.GET)
    if request.method == "POST" and request.content_type in _FORM_TYPES:
        request.POST = _cleaned(request.POST)


class CleanInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            clean_request(request)
        except UNDECODABLE as exc:
            from .errors import static_page

            logger.info("undecodable request body (%s %s): %s", request.method, request.path, exc)
            request._post, request._files = QueryDict(), {}  # nothing later re-reads the body
            return static_page("400.html", 400)
        return self.get_response(request)
