"""Staff screens: the officer's work list (with CSV download), a firm's follow-ups,
notices for a selection of firms, and the outcome figures. Access goes through
accounts.roles: an officer reaches only their own township; other firms answer 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import (
    campaign_townships,
    is_reviewer,
    may_see_campaign,
    may_see_phone_numbers,
    may_see_responses,
    may_see_township,
    reviewer_region,
    visible_campaigns,
)
from campaigns.exports import csv_with_bom
from campaigns.models import Campaign, Enterprise
from regions.tree import is_within
from surveys.consultations import close_consultation
from surveys.models import ConsultationRequest

from .downloads import record_target_download
from .forms import FollowUpForm
from .notices import send_notices
from .outcomes import county_outcome, monthly_newly_insured, township_outcomes
from .states import STATE_LABELS, campaign_targets, filter_targets, firm_state


def _context(request) -> tuple[Campaign, object]:
    """Access check, then the chosen (or latest) campaign the user may see and its townships
    the user may see (a county reviewer: their county's part of a city campaign)."""
    if not may_see_responses(request.user):
        raise PermissionDenied
    pk = request.GET.get("campaign", "") or request.POST.get("campaign", "")
    campaigns = visible_campaigns(request.user).select_related("region")
    campaign = (get_object_or_404(Campaign.objects.select_related("region"), pk=int(pk)) if pk.isdigit()
                else campaigns.order_by("-starts_on", "-id").first())
    if campaign is None or not may_see_campaign(request.user, campaign):
        raise Http404(_("还没有扩面行动。"))
    return campaign, campaign_townships(request.user, campaign)


def _total_name(user, campaign) -> str | None:
    """The name of the area the total row adds up: the narrower of the user's and the
    campaign's regions (None, 全县, for a campaign of the whole deployment)."""
    mine = reviewer_region(user)
    if mine is not None and is_within(mine, campaign.region):
        return mine.name
    return campaign.region.name if campaign.region_id else None


def worklist(request):
    campaign, townships = _context(request)
    targets = campaign_targets(campaign, townships)
    firms = filter_targets(targets, request.GET)
    if request.GET.get("format") == "csv":
        return _worklist_csv(request, campaign, townships, firms)
    page = Paginator(firms, 30).get_page(request.GET.get("p"))
    query = request.GET.copy()
    query.pop("p", None)
    consultations = ConsultationRequest.objects.filter(
        township__in=townships, status=ConsultationRequest.Status.OPEN).select_related("response")[:20]
    context = {
        "campaign": campaign, "page_obj": page, "total": page.paginator.count, "query": query.urlencode(),
        "filters": request.GET, "townships": townships, "states": STATE_LABELS.items(),
        "consultations": consultations, "bureau_wide": is_reviewer(request.user),
        "new_count": targets.filter(new_registration=True).count(),
        "page_title": _("跟进工作清单"), "header_icon": "list-ul",
    }
    return TemplateResponse(request, "followups/worklist.html", context)


def _worklist_csv(request, campaign, townships, firms):
    phone_ok = {t.pk: may_see_phone_numbers(request.user, t) for t in townships}
    header = [_("企业名称"), _("统一社会信用代码"), _("所属乡镇"), _("企业规模"), _("联系电话"), _("跟进状态"), _("待跟进咨询"),
              _("新登记")]
    rows = [[f.name, f.uscc, f.township.name, f.get_size_class_display(),
             f.contact_phone if phone_ok.get(f.township_id) else "", STATE_LABELS[f.state],
             _("是") if f.open_consultation else "", _("是") if f.new_registration else ""] for f in firms]
    record_target_download(request.user, campaign, len(rows), request.GET.dict(), any(phone_ok.values()))
    response = HttpResponse(csv_with_bom(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="worklist-{timezone.localdate():%Y%m%d}.csv"'
    return response


def _visible_firm(request, pk) -> Enterprise:
    firm = get_object_or_404(Enterprise.objects.select_related("township"), pk=pk)
    if not may_see_township(request.user, firm.township):
        raise Http404
    return firm


def firm_detail(request, pk: int):
    campaign, _townships = _context(request)
    firm = _visible_firm(request, pk)
    open_items = ConsultationRequest.objects.filter(response__enterprise=firm, status=ConsultationRequest.Status.OPEN)
    form = FollowUpForm(request.POST or None, initial={"contacted_on": timezone.localdate()},
                        open_consultations=open_items.exists())
    if request.method == "POST" and form.is_valid():
        followup = form.save(commit=False)
        followup.enterprise, followup.campaign, followup.created_by = firm, campaign, request.user
        followup.save()
        if form.cleaned_data.get("close_consultations"):
            note = "；".join(filter(None, [followup.get_way_display(), followup.result, followup.next_step]))
            for item in open_items:
                close_consultation(item, request.user, note)
        messages.success(request, _("已记录跟进。"))
        return redirect(f"{request.path}?campaign={campaign.pk}")
    state = firm_state(campaign, firm)
    context = {
        "campaign": campaign, "firm": firm, "form": form, "state": state, "state_label": STATE_LABELS.get(state, ""),
        "followups": firm.followups.select_related("created_by")[:50],
        "consultations": ConsultationRequest.objects.filter(response__enterprise=firm).order_by("-created_at"),
        "show_phone": may_see_phone_numbers(request.user, firm.township),
        "page_title": firm.name, "header_icon": "user",
    }
    return TemplateResponse(request, "followups/firm.html", context, status=400 if form.errors else 200)


@require_POST
def notices(request):
    """The notices of the chosen firms (field `firm`, repeated) as one PDF."""
    campaign, _townships = _context(request)
    ids = [int(v) for v in request.POST.getlist("firm") if v.isdigit()]
    if not ids:
        messages.error(request, _("请先选择企业。"))
        return redirect("followups:worklist")
    firms = [_visible_firm(request, pk) for pk in dict.fromkeys(ids)]
    pdf = send_notices(campaign, firms, request.user)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="notices-{timezone.localdate():%Y%m%d}.pdf"'
    return response


def outcomes(request):
    campaign, townships = _context(request)
    bureau_wide = is_reviewer(request.user)  # a region's reviewer: every township of it and their total
    rows = township_outcomes(campaign, townships)
    context = {
        "campaign": campaign, "campaigns": visible_campaigns(request.user).order_by("-starts_on", "-id"), "rows": rows,
        "county": county_outcome(rows, _total_name(request.user, campaign)) if bureau_wide else None,
        "months": monthly_newly_insured(campaign, townships),
        "page_title": _("参保扩面成效"), "header_icon": "table",
    }
    return TemplateResponse(request, "followups/outcomes.html", context)
