"""The target list (参保扩面对象) and each campaign's response targets per township."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit
from accounts.models import AuditEntry
from accounts.roles import (
    campaign_townships,
    may_lead_region,
    may_see_campaign,
    may_see_phone_numbers,
    officer_township,
    visible_regions,
    visible_townships,
)
from regions.models import Region
from regions.tree import counties_under

from ..exports import csv_with_bom
from ..models import Campaign, Enterprise, RegionTarget, SizeClass
from ..signals import target_list_exported
from ..targets import N0, campaign_targets, county_targets, target_list


def _require(request, perm: str):
    if not request.user.has_perm(perm):
        raise PermissionDenied


def filtered_target_list(request):
    """Target firms filtered by the query string: township, size, industry section, name."""
    firms = target_list(request.user)
    township = request.GET.get("township", "")
    if township.isdigit():
        firms = firms.filter(township_id=int(township))
    if request.GET.get("size") in (SizeClass.SMALL, SizeClass.MICRO):
        firms = firms.filter(size_class=request.GET["size"])
    if request.GET.get("section", "").isalpha():
        firms = firms.filter(industry_section=request.GET["section"].upper()[:1])
    if request.GET.get("q"):
        firms = firms.filter(name__icontains=request.GET["q"][:50])
    return firms.order_by("township__code", "name")


def target_list_view(request):
    _require(request, "campaigns.view_enterprise")
    firms = filtered_target_list(request)
    if request.GET.get("format") == "csv":
        return _target_list_csv(request, firms)
    page = Paginator(firms, 50).get_page(request.GET.get("p"))
    query = request.GET.copy()
    query.pop("p", None)
    context = {
        "page_obj": page, "townships": visible_townships(request.user), "query": query.urlencode(),
        "filters": request.GET, "total": page.paginator.count, "page_title": _("参保扩面对象"), "header_icon": "list-ul",
    }
    return TemplateResponse(request, "campaigns/staff/target_list.html", context)


def _target_list_csv(request, firms):
    header = [_("企业名称"), _("统一社会信用代码"), _("所属乡镇"), _("行业代码"), _("行业名称"), _("企业规模"),
              _("从业人员（人）"), _("营业收入（万元）"), _("资产总额（万元）"), _("联系电话")]
    phone_ok = {t.pk: may_see_phone_numbers(request.user, t) for t in visible_townships(request.user)}
    rows = (
        [f.name, f.uscc, f.township.name, f.industry_code, f.industry_name, f.get_size_class_display(),
         f.employees, f.revenue, f.assets, f.contact_phone if phone_ok.get(f.township_id) else ""]
        for f in firms.iterator(chunk_size=2000)
    )
    response = HttpResponse(csv_with_bom(header, rows), content_type="text/csv; charset=utf-8")
    audit.record(request.user, AuditEntry.Action.TARGET_LIST_DOWNLOAD, subject=_("参保扩面对象名单"),
                 township=officer_township(request.user), rows=firms.count(),
                 filters={k: v for k, v in request.GET.items() if k not in ("format", "p")},
                 phones=sorted(t for t, ok in phone_ok.items() if ok) != [])
    target_list_exported.send(
        Enterprise, user=request.user, rows=firms.count(), filters=request.GET.dict(), include_personal=any(phone_ok.values())
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="target-list-{stamp}.csv"'
    return response


def _visible_campaign(request, pk: int) -> Campaign:
    campaign = get_object_or_404(Campaign.objects.select_related("region"), pk=pk)
    if not may_see_campaign(request.user, campaign):
        raise Http404
    return campaign


def campaign_targets_view(request, pk: int):
    _require(request, "campaigns.view_townshiptarget")
    campaign = _visible_campaign(request, pk)
    rows = campaign_targets(campaign, campaign_townships(request.user, campaign))
    context = {
        "campaign": campaign, "rows": rows, "n0": f"{N0:.2f}", "total": sum(r.target for r in rows),
        "has_counties": _campaign_counties(request.user, campaign).count() > 1,
        "page_title": _("%(name)s · 各乡镇回收目标") % {"name": campaign.name}, "header_icon": "order",
    }
    return TemplateResponse(request, "campaigns/staff/campaign_targets.html", context)


def _campaign_counties(user, campaign):
    counties = Region.objects.filter(level=Region.Level.COUNTY)
    if campaign.region_id is not None:
        counties = counties_under(campaign.region)
    return counties.filter(pk__in=visible_regions(user).values("pk"))


def county_targets_view(request, pk: int):
    """A city campaign's target per county: set by those who hold the campaign's whole
    region (the city's reviewers), shown to the counties' reviewers."""
    _require(request, "campaigns.view_townshiptarget")
    campaign = _visible_campaign(request, pk)
    counties = _campaign_counties(request.user, campaign)
    may_edit = may_lead_region(request.user, campaign.region) and request.user.has_perm("campaigns.change_regiontarget")
    errors = {}
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        errors = _save_county_targets(campaign, counties, request.POST)
        if not errors:
            messages.success(request, _("已保存各县目标。"))
            return redirect("canbao_targets:county_targets", pk=campaign.pk)
    rows = county_targets(campaign, counties)
    for row in rows:
        row.error = errors.get(row.county.pk, "")
        row.entered = request.POST.get(f"county_{row.county.pk}", "") if errors else (row.target or "")
    context = {
        "campaign": campaign, "rows": rows, "may_edit": may_edit, "header_icon": "order",
        "page_title": _("%(name)s · 各县回收目标") % {"name": campaign.name},
    }
    return TemplateResponse(request, "campaigns/staff/county_targets.html", context, status=400 if errors else 200)


def _save_county_targets(campaign, counties, data) -> dict:
    """Every county's target from the form (blank: none) in one transaction, or the errors."""
    wanted, errors = {}, {}
    for county in counties:
        raw = data.get(f"county_{county.pk}", "").strip()
        if raw and not (raw.isdigit() and int(raw) <= 10_000_000):
            errors[county.pk] = _("请填写不小于0的整数，或留空。")
        wanted[county] = int(raw) if raw and county.pk not in errors else None
    if errors:
        return errors
    with transaction.atomic():
        for county, target in wanted.items():
            if target is None:
                RegionTarget.objects.filter(campaign=campaign, region=county).delete()
            else:
                RegionTarget.objects.update_or_create(campaign=campaign, region=county,
                                                      defaults={"target_responses": target})
    return {}
