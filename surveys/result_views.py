"""The result page of a stored response (score, right answers, what to do next) and the
consultation request left on it. Server-rendered, no JavaScript needed."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from . import conf, consultations
from .definition import survey_definition
from .limits import client_ip, hit
from .models import Response
from .next_steps import next_step
from .presentation import result_items
from .results import ResultSnapshot, load_result
from .views import HONEYPOT, notice, too_many


def result(request, token: str):
    snapshot = load_result(token)
    if snapshot is None:
        raise Http404
    return render(request, "surveys/result.html", result_context(snapshot))


def result_context(snapshot: ResultSnapshot, **extra) -> dict:
    survey = survey_definition(snapshot.survey_id, snapshot.survey_stamp)
    return {
        "result": snapshot,
        "survey": survey,
        "items": result_items(snapshot.chosen, survey, snapshot.unsure),
        "next_step": next_step(survey, snapshot.insured, snapshot.township_id, snapshot.numbers),
        "retention_days": conf.phone_retention_days(),
        "consult_action": reverse("surveys:consult", kwargs={"token": snapshot.form_token}),
        "honeypot": HONEYPOT,
        "brand": snapshot.brand,
        **extra,
    }


@require_POST
@csrf_protect
def consult(request, token: str):
    response = Response.objects.filter(form_token=token[:64]).first()
    if response is None:
        raise Http404
    if not hit("consult-ip", client_ip(request), conf.submit_limit_per_ip()):
        return too_many(request)
    if request.POST.get(HONEYPOT):
        return notice(request, _("提交未被接受"), _("提交内容异常，未被记录。"), 400)
    phone = consultations.normalize_phone(request.POST.get("phone", "")[:40])
    preferred_time = " ".join(request.POST.get("preferred_time", "")[:200].split())
    errors = consultations.consultation_problems(phone, preferred_time)
    if errors:
        context = result_context(
            load_result(token), consult_errors=errors,
            consult_values={"phone": request.POST.get("phone", "")[:40], "preferred_time": preferred_time[:50]},
        )
        return render(request, "surveys/result.html", context, status=400)
    consultations.request_consultation(response, phone, preferred_time)
    return redirect(reverse("surveys:result", kwargs={"token": token}) + "#consultation")
