"""Public views of the campaigns app: the QR landing URL /q/<code>."""

from functools import cache

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .scans import ChannelUnavailable, record_scan, survey_answer_url
from .visitors import is_automated, remember_scan, scanned_today


@cache
def scan_landing():
    """The view that shows a scanned channel's survey in place (settings
    CAMPAIGNS_SCAN_LANDING, called as view(request, channel)); None: redirect to it."""
    path = getattr(settings, "CAMPAIGNS_SCAN_LANDING", "")
    return import_string(path) if path else None


@require_safe
@never_cache
def scan(request, code: str):
    """Count a scan once per browser, channel and day; HEAD requests, link previews and
    crawlers see the page and count nothing (campaigns.visitors)."""
    automated = is_automated(request)
    try:
        channel = record_scan(code, count=not automated and not scanned_today(request, code.lower()))
    except ChannelUnavailable as exc:
        return render(request, "campaigns/channel_unavailable.html", {"reason": exc.reason, "brand": exc.brand},
                      status=exc.status)
    landing = scan_landing()
    if landing is not None and channel.survey_id is not None:
        response = landing(request, channel)
    else:
        response = HttpResponseRedirect(survey_answer_url(channel))
    if not automated:
        remember_scan(request, response, channel.code)
    return response
