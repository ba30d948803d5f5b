"""A firm that has already answered is told so (409) without being told when, and is led on:
to the policy articles and to a call-back request, which attaches to the firm's stored
response only if it has none yet (a stranger who knows the code cannot change a request)."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from campaigns.channels import channel_info

from . import conf, consultations
from .limits import client_ip, hit
from .models import ConsultationRequest, Response
from .results import forget_result

SALT = "canbao.surveys.duplicate"
HONEYPOT = "website"


def learning_url() -> str:
    """The policy articles (政策解读), where the survey's facts are explained: a public URL
    (surveys does not import cms), CANBAO_LEARNING_URL, "/policy/" by default."""
    return getattr(settings, "CANBAO_LEARNING_URL", "/policy/")


def duplicate_page(request, survey_id: int, code: str, uscc: str, status: int = 409, **extra):
    channel = channel_info(code)
    context = {
        "brand": channel.brand if channel is not None else "",  # the campaign region's names (surveys.views)
        "learning_url": learning_url(),
        "callback_action": reverse("surveys:callback", kwargs={"code": code}),
        "firm": signing.dumps({"s": survey_id, "u": uscc}, salt=SALT),
        "honeypot": HONEYPOT,
        "retention_days": conf.phone_retention_days(),
        **extra,
    }
    return render(request, "surveys/duplicate.html", context, status=status)


@require_POST
@csrf_protect
def callback(request, code: str):
    """The call-back request of the duplicate page."""
    if channel_info(code) is None:
        raise Http404
    try:
        firm = signing.loads(request.POST.get("firm", "")[:300], salt=SALT, max_age=86400)
    except signing.BadSignature:
        raise Http404 from None
    if not hit("consult-ip", client_ip(request), conf.submit_limit_per_ip()) or request.POST.get(HONEYPOT):
        return render(request, "surveys/notice.html", {"title": _("提交未被接受"), "message": _("请稍后再试。")}, status=429)
    response = Response.objects.filter(survey_id=firm["s"], uscc=firm["u"], status=Response.Status.CURRENT).first()
    if response is None:
        raise Http404
    phone = consultations.normalize_phone(request.POST.get("phone", "")[:40])
    preferred_time = " ".join(request.POST.get("preferred_time", "")[:200].split())
    errors = consultations.consultation_problems(phone, preferred_time)
    if errors:
        values = {"phone": request.POST.get("phone", "")[:40], "preferred_time": preferred_time[:50]}
        return duplicate_page(request, firm["s"], code, firm["u"], 400, consult_errors=errors, consult_values=values)
    ConsultationRequest.objects.get_or_create(
        response=response, defaults={"township_id": response.township_id, "phone": phone, "preferred_time": preferred_time},
    )
    forget_result(response.form_token)
    return duplicate_page(request, firm["s"], code, firm["u"], 200, requested=True)
