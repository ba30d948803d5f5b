from __future__ import annotations

from django.http import Http404

from accounts.roles import may_see_region_report
from regions.models import Region
from regions.tree import townships_under

from .base import ReportView
from .dashboard import DashboardView


class RegionView(DashboardView):
    """One region of a campaign's report (a county of a city campaign, a city of a province
    campaign): the rows one level down and the region's total, as on the dashboard. 404
    unless the user reads the region (accounts.roles.may_see_region_report)."""

    template_name = "reports/region.html"

    def load_objects(self, request, **kwargs):
        try:
            self.region = Region.objects.select_related("parent__parent").get(pk=int(kwargs["pk"]))
        except (Region.DoesNotExist, ValueError, TypeError):
            raise Http404 from None
        if self.campaign is None or not may_see_region_report(request.user, self.region, self.campaign):
            raise Http404

    def get_context_data(self, **kwargs):
        self.scope = self.region
        context = super().get_context_data(**kwargs)
        context["region"] = self.region
        # Bulletins belong to the campaign's own region, on the dashboard; this page shows the
        # approval of its own region (show_approval, from DashboardView).
        context["county"] = None
        return context

    def rollup_townships(self):
        if self.region.pk == self.campaign.region_id and self.townships is None:
            return None  # the campaign's whole region: its total counts every channel
        return townships_under(self.region)

    def get_page_title(self):
        return self.region.name

    def region_crumbs(self, region=None):
        return super().region_crumbs(self.region)[:-1]  # the last one is the page's title

    def get_breadcrumbs_items(self):
        return ReportView.get_breadcrumbs_items(self)
