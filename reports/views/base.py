from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from accounts.roles import is_reviewer, may_see_region_report, report_region, visible_campaigns
from campaigns.models import Campaign

from ..access import report_townships, require_reports
from ..filters import ReportFilterForm, ReportFilters
from ..statistics import days_left


def selected_campaign(request) -> Campaign | None:
    """The campaign chosen in the query string, else the most recent one the user may see
    (404 for one outside the user's regions)."""
    campaigns = visible_campaigns(request.user)
    pk = request.GET.get("campaign", "")
    if pk.isdigit():
        return get_object_or_404(campaigns.select_related("region"), pk=int(pk))
    return campaigns.select_related("region").order_by("-starts_on", "-id").first()


class ReportView(WagtailAdminTemplateMixin, TemplateView):
    """Base of every report screen: access check, campaign, filters, visible townships."""

    header_icon = "table"
    uses_filters = True

    def check_access(self, user) -> None:
        require_reports(user)

    def load_objects(self, request, **kwargs) -> None:
        """Fetch the objects named in the URL (after the access check)."""

    def dispatch(self, request, *args, **kwargs):
        self.check_access(request.user)
        self.today = timezone.localdate()
        self.campaign = selected_campaign(request)
        self.load_objects(request, **kwargs)
        self.form = ReportFilterForm(request.GET)
        self.filters = self.form.filters() if self.uses_filters else ReportFilters()
        self.townships = report_townships(request.user, self.campaign)
        # Sees the campaign's whole region: its total, approval and every township.
        self.bureau_wide = is_reviewer(request.user) and self.townships is None
        # The region whose total and rows the dashboard shows (reports.drilldown).
        self.scope = report_region(request.user, self.campaign)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": f"{reverse('reports:dashboard')}?{self.query()}", "label": _("统计报表")},
                *self.region_crumbs(), {"url": "", "label": self.get_page_title()}]

    def region_crumbs(self, region=None) -> list[dict]:
        """Breadcrumbs from below the campaign's region down to `region`: each a link to its
        page when the user may open it, else its name only."""
        from ..drilldown import region_path

        if region is None or self.campaign is None:
            return []
        crumbs = []
        for node in region_path(self.campaign, region):
            url = (f"{reverse('reports:region', args=[node.pk])}?{self.query()}"
                   if may_see_region_report(self.request.user, node, self.campaign) else None)
            crumbs.append({"url": url, "label": node.name})
        return crumbs

    def query(self, **extra) -> str:
        """The current campaign and filters as a query string (for links and exports)."""
        from django.utils.http import urlencode

        params = {"campaign": self.campaign.pk} if self.campaign else {}
        params.update(self.filters.as_dict())
        params.update(extra)
        return urlencode(params)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({
            "campaign": self.campaign, "campaigns": visible_campaigns(self.request.user).order_by("-starts_on", "-id"),
            "form": self.form, "filters": self.filters, "query": self.query(), "today": self.today,
            "bureau_wide": self.bureau_wide,
            "export_formats": [("xlsx", _("导出 XLSX")), ("csv", _("导出 CSV")), ("pdf", _("导出 PDF 报告"))],
            "days_left": days_left(self.campaign.deadline, self.today) if self.campaign else None,
        })
        return context
