"""Public views of the campaigns app: the QR landing URL /q/<code>."""

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from .scans import ChannelUnavailable, record_scan, survey_answer_url


@never_cache
def scan(request, code: str):
    try:
        channel = record_scan(code)
    except ChannelUnavailable as exc:
        return render(request, "campaigns/channel_unavailable.html", {"reason": exc.reason}, status=exc.status)
    return HttpResponseRedirect(survey_answer_url(channel))
