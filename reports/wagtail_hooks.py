from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from accounts.roles import is_administrator, may_see_responses

from . import urls


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_responses(request.user)


class AdministratorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_administrator(request.user)


class ReportsSubmenuItem(SubmenuMenuItem):
    def is_shown(self, request):
        return may_see_responses(request.user)


@hooks.register("register_admin_urls")
def register_report_urls():
    return [path("reports/", include((urls.urlpatterns, "reports"), namespace="reports"))]


@hooks.register("register_admin_menu_item")
def register_reports_menu():
    menu = Menu(items=[
        ReportsMenuItem(_("县级总览"), reverse("reports:dashboard"), icon_name="table", order=10),
        ReportsMenuItem(_("知识点排名"), reverse("reports:least_known"), icon_name="help", order=15),
        ReportsMenuItem(_("分类分析"), reverse("reports:breakdowns"), icon_name="list-ul", order=20),
        ReportsMenuItem(_("统计方法说明"), reverse("reports:method"), icon_name="doc-full", order=30),
        AdministratorMenuItem(_("导出记录"), reverse("reports:export_log"), icon_name="download", order=40),
    ])
    return ReportsSubmenuItem(_("统计报表"), menu, icon_name="table", name="reports", order=250)
