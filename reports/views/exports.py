from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts.models import AuditEntry
from accounts.roles import may_download_export, may_see_region_report
from core.jobs import sweep_stale_jobs

from ..access import require_administrator, require_reports, township_for
from ..exports.jobs import CONTENT_TYPES, restart_export, start_export
from ..filters import ReportFilterForm
from ..models import ExportLog
from .base import ReportView, selected_campaign


@require_POST
def start_export_view(request, fmt: str):
    """Record and queue an export; go straight to the file when it is ready."""
    require_reports(request.user)
    if fmt not in CONTENT_TYPES:
        raise Http404
    campaign = selected_campaign(request) if request.POST.get("campaign") is None else _campaign_from_post(request)
    if campaign is None:
        raise Http404
    form = ReportFilterForm(request.POST)
    if not form.is_valid():
        errors = "；".join(str(e) for field_errors in form.errors.values() for e in field_errors)
        messages.error(request, _g("筛选条件有误，未导出：%(errors)s") % {"errors": errors})
        return redirect(f"{reverse('reports:dashboard')}?campaign={campaign.pk}")
    township = township_for(request.user, request.POST["township"]) if request.POST.get("township") else None
    region = _region_from_post(request, campaign) if request.POST.get("region") and township is None else None
    log = start_export(request.user, campaign, fmt, form.filters(), township=township,
                       table=request.POST.get("table", ""), personal=request.POST.get("personal") == "1",
                       region=region)
    if log.status == ExportLog.Status.DONE:
        return redirect("private_export_file", pk=log.pk)
    return redirect("reports:export_status", pk=log.pk)


def _campaign_from_post(request):
    from campaigns.models import Campaign

    pk = request.POST.get("campaign", "")
    if not pk.isdigit():
        raise Http404
    return get_object_or_404(Campaign, pk=int(pk))


def _region_from_post(request, campaign):
    """A region page's export: the region, or 404 outside the user's part of the campaign."""
    from regions.models import Region

    pk = request.POST.get("region", "")
    region = Region.objects.filter(pk=int(pk)).first() if pk.isdigit() else None
    if region is None or not may_see_region_report(request.user, region, campaign):
        raise Http404
    return region


def _own_export(request, pk) -> ExportLog:
    """The export, or 404 for anyone but its owner and administrators (guessed ids and
    other townships' officers learn nothing)."""
    log = get_object_or_404(ExportLog.objects.select_related("campaign", "township", "user"), pk=pk)
    if not may_download_export(request.user, log):
        raise Http404
    return log


def export_download_view(request, pk):
    log = _own_export(request, pk)
    if log.status != ExportLog.Status.DONE:
        return redirect("reports:export_status", pk=log.pk)
    if log.content is None:  # logged only (a target-list CSV, not kept), or deleted after retention
        raise Http404
    response = HttpResponse(bytes(log.content), content_type=CONTENT_TYPES[log.format])
    response["Content-Disposition"] = f'attachment; filename="{log.filename}"'
    return response


@require_POST
def restart_export_view(request, pk):
    """Queue a failed export again from its status page."""
    require_reports(request.user)
    log = _own_export(request, pk)
    if restart_export(log):
        messages.success(request, _g("已重新开始导出。"))
    log.refresh_from_db()
    if log.status == ExportLog.Status.DONE:
        return redirect("private_export_file", pk=log.pk)
    return redirect("reports:export_status", pk=log.pk)


class ExportStatusView(ReportView):
    """Progress of a background export; the page refreshes itself until the file is ready."""

    template_name = "reports/export_status.html"
    uses_filters = False
    page_title = _("导出进度")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sweep_stale_jobs()  # an export whose worker was killed shows as failed, with a restart button
        context["export"] = _own_export(self.request, kwargs["pk"])
        return context


class ExportLogView(ReportView):
    """Every export (who, what, filters, when): administrators only."""

    template_name = "reports/export_log.html"
    uses_filters = False
    page_title = _("导出记录")

    def check_access(self, user) -> None:
        require_administrator(user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["exports"] = ExportLog.objects.select_related("user", "campaign", "township").defer("content")[:500]
        context["audit_entries"] = AuditEntry.objects.select_related("user", "township")[:500]
        return context

