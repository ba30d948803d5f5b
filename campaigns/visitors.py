"""Who is behind a request to a QR URL, as far as the funnel needs to know: a person's
browser or a machine (a chat app's link preview, a search engine), and whether this
browser already scanned a channel today.

A scan is counted once per device per channel per day. The device is recognised by a
first-party cookie that holds only the local date and the channel codes scanned that
day (no identifier, no fingerprint): clearing cookies, or another browser on the same
phone, counts again; that is accepted. Link previews and crawlers fetch the page
without counting anything (docs/data-protection.md, reports/method.html)."""

from __future__ import annotations

import datetime
import re

from django.conf import settings
from django.utils import timezone

SCAN_COOKIE = "canbao_scans"
# A day's marks: "20261201:code1.code2". More channels a day than this on one phone is
# not a respondent; the oldest marks give way.
MAX_CODES = 20

# Substrings (case-insensitive) of the user agents of machines that fetch a URL to show
# a link preview or to index it. The generic markers catch most of them ("…Bot/1.0",
# "…spider", "…crawler", "…preview"); the named ones carry none of those words. Humans
# in WeChat, QQ or DingTalk browse with MicroMessenger / QQ / DingTalk in their agent
# and are counted: only the preview fetchers and bots are named here.
AUTOMATED_MARKERS = (
    r"(?<!cu)bot\b",  # Googlebot, bingbot, WeChatBot, DingTalkBot-LinkService … not a CUBOT phone
    r"spider", r"crawl", r"preview", r"slurp", r"externalhit", r"facebookcatalog",
    r"qq-url-manager", r"wechat-?link", r"wxwork-?link", r"dingtalk-?link", r"lark-?link",
    r"whatsapp/", r"skypeuripreview", r"headless", r"phantomjs",
    r"^curl/", r"^wget/", r"python-requests", r"python-urllib", r"go-http-client", r"okhttp/\d+\.\d+\.\d+$",
)


def _markers() -> re.Pattern:
    extra = tuple(getattr(settings, "CAMPAIGNS_AUTOMATED_AGENT_MARKERS", ()))
    return re.compile("|".join(AUTOMATED_MARKERS + extra), re.IGNORECASE)


_pattern_cache: dict[tuple, re.Pattern] = {}


def is_automated(request) -> bool:
    """True for a HEAD request or a user agent of a link preview or crawler: it may be
    shown the page, but it is no scan and opens no form. A request without an agent is
    given the benefit of the doubt (some privacy tools strip it)."""
    if request.method == "HEAD":
        return True
    agent = request.META.get("HTTP_USER_AGENT", "")
    if not agent:
        return False
    key = tuple(getattr(settings, "CAMPAIGNS_AUTOMATED_AGENT_MARKERS", ()))
    pattern = _pattern_cache.get(key)
    if pattern is None:
        pattern = _pattern_cache.setdefault(key, _markers())
    return pattern.search(agent) is not None


def _today() -> str:
    return timezone.localdate().strftime("%Y%m%d")


def scanned_codes(request) -> list[str]:
    """The channel codes this browser scanned today (from its cookie)."""
    day, _, codes = request.COOKIES.get(SCAN_COOKIE, "").partition(":")
    if day != _today() or not codes:
        return []
    return [c for c in codes.split(".") if c][-MAX_CODES:]


def scanned_today(request, code: str) -> bool:
    return code in scanned_codes(request)


def _end_of_today() -> datetime.datetime:
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.min))


def _write(request, response, codes: list[str]) -> None:
    if not codes:
        response.delete_cookie(SCAN_COOKIE, samesite="Lax")
        return
    response.set_cookie(
        SCAN_COOKIE, f"{_today()}:{'.'.join(codes[-MAX_CODES:])}", expires=_end_of_today(),
        secure=request.is_secure(), httponly=True, samesite="Lax",
    )


def remember_scan(request, response, code: str) -> None:
    """Mark the channel as scanned today on this browser (the cookie ends at midnight)."""
    codes = [c for c in scanned_codes(request) if c != code]
    _write(request, response, [*codes, code])


def forget_scan(request, response, code: str) -> None:
    """After a stored response the next visit through the channel is a new respondent
    (a shared phone, a service-hall tablet): it counts as a scan again."""
    codes = scanned_codes(request)
    if code in codes:
        _write(request, response, [c for c in codes if c != code])
