from __future__ import annotations

from dataclasses import replace

from django.utils.translation import gettext_lazy as _

from accounts.roles import is_reviewer

from ..breakdowns import breakdown, channel_funnel, funnel_total, weekly_responses
from ..charts import awareness_chart_svg
from ..drilldown import child_level, child_rows, region_total
from ..questions import least_known
from ..rollup import gather_queries, records, township_rollup
from ..signoff import approval_context, latest_signoffs
from ..trend import weekly_series
from ..trend_chart import trend_chart_svg
from .approval import CountyApprovalForm
from .base import ReportView


class DashboardView(ReportView):
    """Overview of the region the user reads (report_region): one row per township of a
    county, per county of a city, per city of a province, with the region's total on top
    of the drill-down (reports:region), the awareness chart and the sign-off state."""

    page_title = _("统计报表")
    template_name = "reports/dashboard.html"

    def get_page_title(self):
        return _("统计报表")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": _("统计报表")}]

    def rollup_townships(self):
        """The townships to roll up: those the user may see (None: the campaign's all)."""
        return self.townships

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.campaign is None:
            return context
        townships = self.rollup_townships()
        # The weekly trend is independent of the roll-up: on PostgreSQL it runs on a second
        # connection while the roll-up's queries run (gather_queries).
        frame, (county_trend, township_trends) = gather_queries(
            lambda: township_rollup(self.campaign, self.filters, townships, self.today),
            lambda: weekly_series(self.campaign, self.filters, townships, self.today),
        )
        signoffs = latest_signoffs(self.campaign)
        rows = child_rows(frame, self.campaign, self.scope, self.today, signoffs)
        total = (region_total(frame, self.campaign, self.scope, self.today)
                 if self.scope is not None or self.bureau_wide else None)
        level = child_level(self.scope)
        context.update({
            "rows": rows,
            "total": total,
            "child_level": level or "township",
            "county": total if self.bureau_wide else None,
            "chart": awareness_chart_svg(rows),
            "signed_count": int(frame["township_id"].isin(list(signoffs)).sum()),
            "township_count": len(frame),
            "any_too_small": any(row["too_small"] for row in rows),
        })
        if total is not None:
            county_trend = replace(county_trend, name=total["name"])
        if level is not None:  # a city's or province's page: the region's line, not every township's
            township_trends = []
        # The chart: the region's line when it has a total, else the (first) township the user sees.
        shown = county_trend if total is not None or not township_trends else township_trends[0]
        context.update({
            "trend_chart": trend_chart_svg(shown),
            "trend_series": ([county_trend] if total is not None else []) + township_trends,
        })
        if total is not None and is_reviewer(self.request.user):
            # The approval of the region this page totals: the campaign's own, a county
            # reviewer's county of a city campaign, or the county of a region page.
            context.update(approval_context(self.request.user, self.campaign, self.scope, self.today))
            context.update({"show_approval": True, "approval_form": CountyApprovalForm()})
        return context


class LeastKnownView(ReportView):
    """Questions ranked by correct rate, lowest first, with the policy article that
    explains each: what the publicity should push next."""

    page_title = _("知识点排名")
    template_name = "reports/least_known.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.campaign is not None:
            context["questions"] = records(least_known(self.campaign, self.filters, self.townships))
        return context


class BreakdownView(ReportView):
    """Breakdowns by industry, size class and channel kind; funnel per channel; weeks."""

    page_title = _("分类分析")
    template_name = "reports/breakdowns.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.campaign is None:
            return context
        args = (self.filters, self.townships)
        context.update({
            "breakdowns": [
                (_("按行业门类"), records(breakdown(self.campaign, "industry", *args))),
                (_("按企业规模"), records(breakdown(self.campaign, "size_class", *args))),
                (_("按渠道类型"), records(breakdown(self.campaign, "channel_kind", *args))),
            ],
        })
        funnel = channel_funnel(self.campaign, *args)
        context.update({
            "funnel": records(funnel),
            "funnel_total": funnel_total(funnel),
            "weeks": records(weekly_responses(self.campaign, *args)),
        })
        return context


class MethodView(ReportView):
    page_title = _("统计方法说明")
    template_name = "reports/method.html"
    uses_filters = False

    def get_context_data(self, **kwargs):
        from .. import statistics as st

        context = super().get_context_data(**kwargs)
        context.update({"n0": st.N0, "min_responses": st.MIN_RESPONSES, "recent_days": st.RECENT_DAYS})
        return context
