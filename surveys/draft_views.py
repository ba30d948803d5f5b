"""The autosave endpoint of the answer form (surveys.drafts): the answers so far, kept
under the form's token so a reload or re-opening the QR code shows them again."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from campaigns.channels import channel_info

from . import conf, drafts, starts
from .limits import client_ip, hit_all
from .tokens import token_issued_at
from .views import open_survey


@require_POST
@csrf_protect
def save_draft(request, code: str):
    """Autosave (static/js/survey.js): the form's answers so far, kept under its token. 204."""
    channel = channel_info(code)
    if channel is None:
        raise Http404
    survey = open_survey(request, channel)
    if isinstance(survey, HttpResponse):
        return survey
    if (request.META.get("CONTENT_LENGTH") or "0").isdigit() and int(request.META["CONTENT_LENGTH"]) > conf.max_post_bytes():
        return HttpResponse(status=413)
    token = request.POST.get("form_token", "")[:64]
    limits = [("draft-ip", client_ip(request), conf.draft_limit_per_ip()), ("draft-token", token, conf.draft_limit_per_token())]
    if not hit_all(*limits):
        return HttpResponse(status=429)
    if token_issued_at(token, survey.id, channel.id) is None or not drafts.is_unspent(survey, token):
        return HttpResponse(status=400)
    drafts.save_draft(survey, token, request.POST)
    response = HttpResponse(status=204)
    starts.remember_draft(request, response, token)
    patch_cache_control(response, private=True, no_cache=True)
    return response
