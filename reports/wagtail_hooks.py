from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from accounts.roles import is_administrator, is_reviewer, may_see_responses, officer_township

from . import urls

# Wagtail's own 报告 menu is registered as "reports"; ours must differ or the sidebar
# opens one on top of the other.
MENU_NAME = "canbao-reports"


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_responses(request.user)


class AdministratorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_administrator(request.user)


class ReviewerMenuItem(MenuItem):
    def is_shown(self, request):
        return is_reviewer(request.user)


class OwnTownshipMenuItem(MenuItem):
    """An officer's own township report; its address depends on who asks."""

    def is_shown(self, request):
        return not is_reviewer(request.user) and officer_township(request.user) is not None

    def render_component(self, request):
        from wagtail.admin.ui.sidebar import LinkMenuItem as LinkMenuItemComponent

        url = reverse("reports:township", args=[officer_township(request.user).pk])
        return LinkMenuItemComponent(self.name, self.label, url, icon_name=self.icon_name, classname=self.classname,
                                     attrs=self.attrs)


class ReportsSubmenuItem(SubmenuMenuItem):
    def is_shown(self, request):
        return may_see_responses(request.user)


@hooks.register("register_admin_urls")
def register_report_urls():
    return [path("reports/", include((urls.urlpatterns, "reports"), namespace="reports"))]


@hooks.register("register_admin_menu_item")
def register_reports_menu():
    menu = Menu(items=[
        ReportsMenuItem(_("总览"), reverse("reports:dashboard"), name="canbao-dashboard", icon_name="table", order=10),
        OwnTownshipMenuItem(_("本乡镇报表"), reverse("reports:dashboard"), name="canbao-own-township", icon_name="home",
                            order=12),
        ReportsMenuItem(_("知识点排名"), reverse("reports:least_known"), name="canbao-least-known", icon_name="help",
                        order=15),
        ReportsMenuItem(_("分类分析"), reverse("reports:breakdowns"), name="canbao-breakdowns", icon_name="list-ul",
                        order=20),
        ReviewerMenuItem(_("通报"), reverse("reports:bulletins"), name="canbao-bulletins", icon_name="doc-full-inverse",
                         order=25),
        ReportsMenuItem(_("统计方法说明"), reverse("reports:method"), name="canbao-method", icon_name="doc-full", order=30),
        AdministratorMenuItem(_("导出记录"), reverse("reports:export_log"), name="canbao-export-log", icon_name="download",
                              order=40),
    ])
    return ReportsSubmenuItem(_("统计报表"), menu, icon_name="table", name=MENU_NAME, order=250)
