"""Staff screens in the Wagtail admin: consultation follow-ups (scoped to the user's
townships, phones masked unless the user may see them) and the "new version" action."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import audit
from accounts.models import AuditEntry
from accounts.roles import may_see_phone_numbers, may_see_responses, visible_townships

from . import consultations
from .models import ConsultationRequest, Response, Survey
from .versioning import create_new_version


def may_follow_up(user) -> bool:
    return may_see_responses(user) and user.has_perm("surveys.view_consultationrequest")


def _visible(user):
    return ConsultationRequest.objects.filter(township__in=visible_townships(user)).select_related(
        "response", "township", "closed_by"
    )


def _decorate(item: ConsultationRequest, user, revealed: bool = False) -> ConsultationRequest:
    """Every number masked, unless just revealed through a recorded "显示号码"."""
    item.may_reveal = bool(item.phone) and may_see_phone_numbers(user, item.township)
    if item.phone_erased_at:
        item.shown_phone = _("（已删除）")
    elif revealed and item.may_reveal:
        item.shown_phone = item.phone
    else:
        item.shown_phone = consultations.mask_phone(item.phone)
    return item


@require_POST
def reveal_phone(request, pk: int):
    """"显示号码": record who saw which number, then show it once on the detail page."""
    if not may_follow_up(request.user):
        raise PermissionDenied
    item = get_object_or_404(_visible(request.user), pk=pk)
    if not may_see_phone_numbers(request.user, item.township) or item.phone_erased_at:
        raise PermissionDenied
    audit.record(request.user, AuditEntry.Action.REVEAL_PHONE, subject=f"ConsultationRequest #{item.pk}",
                 township=item.township)
    return TemplateResponse(request, "surveys/admin/consultation_detail.html",
                            {"item": _decorate(item, request.user, revealed=True)})


def consultation_list(request):
    if not may_follow_up(request.user):
        raise PermissionDenied
    status = request.GET.get("status", ConsultationRequest.Status.OPEN)
    items = _visible(request.user)
    if status in ConsultationRequest.Status.values:
        items = items.filter(status=status)
    items = [_decorate(item, request.user) for item in items[:500]]
    return TemplateResponse(request, "surveys/admin/consultation_list.html", {
        "items": items, "status": status, "statuses": ConsultationRequest.Status.choices,
    })


@require_http_methods(["GET", "POST"])
def consultation_detail(request, pk: int):
    if not may_follow_up(request.user):
        raise PermissionDenied
    item = get_object_or_404(_visible(request.user), pk=pk)
    if request.method == "POST":
        if not request.user.has_perm("surveys.change_consultationrequest"):
            raise PermissionDenied
        consultations.close_consultation(item, request.user, request.POST.get("note", "")[:2000].strip())
        messages.success(request, _("已办结：%(name)s") % {"name": item.response.enterprise_name})
        return redirect("surveys_admin:consultations")
    return TemplateResponse(request, "surveys/admin/consultation_detail.html", {"item": _decorate(item, request.user)})


@require_http_methods(["GET", "POST"])
def new_version(request, pk: int):
    survey = get_object_or_404(Survey, pk=pk)
    if not request.user.has_perm("surveys.add_survey"):
        raise PermissionDenied
    if request.method == "POST":
        new = create_new_version(survey)
        messages.success(request, _("已创建第%(number)s版，旧版本及其答卷保持不变。") % {"number": new.version})
        return redirect(reverse("wagtailsnippets_surveys_survey:edit", args=[new.pk]))
    return TemplateResponse(request, "surveys/admin/new_version.html", {
        "survey": survey, "responses": Response.objects.filter(survey=survey).count(),
    })
