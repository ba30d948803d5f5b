"""Staff navigation: each role signs in and reaches every report screen it may see by
clicking the sidebar alone; our 统计报表 menu and Wagtail's own 报告 menu each open their
own submenu."""

import re

import pytest
from playwright.sync_api import expect

from accounts import roles
from tests.browser.conftest import complete_sign_in
from tests.reports import dataset

pytestmark = pytest.mark.django_db(transaction=True)

COMMON = [("总览", r"/admin/reports/$", "统计报表"), ("知识点排名", r"/admin/reports/facts/$", "知识点排名"),
          ("分类分析", r"/admin/reports/breakdowns/$", "分类分析"), ("统计方法说明", r"/admin/reports/method/$", "统计方法说明")]
OWN_TOWNSHIP = ("本乡镇报表", r"/admin/reports/township/\d+/$", "尧渡镇")
EXPORT_LOG = ("导出记录", r"/admin/reports/exports/$", "导出记录")
BULLETINS = ("通报", r"/admin/reports/bulletins/$", "通报")
SCREENS = {
    roles.EDITOR: [],
    roles.REVIEWER: [*COMMON, BULLETINS],
    roles.OFFICER: [COMMON[0], OWN_TOWNSHIP, *COMMON[1:]],
    roles.ADMINISTRATOR: [*COMMON, BULLETINS, EXPORT_LOG],
}
ALL_LABELS = {label for screens in SCREENS.values() for label, _, _ in screens}


def open_reports_menu(page):
    sidebar = page.locator("#wagtail-sidebar")
    sidebar.get_by_role("button", name="统计报表").click()
    return sidebar


@pytest.mark.parametrize("role", roles.ROLES)
def test_each_role_reaches_its_report_screens_through_the_sidebar(role, page, live_server, make_user, townships,
                                                                   wagtail_site):
    dataset.build(townships)
    user = make_user(role, "尧渡镇" if role == roles.OFFICER else None)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/?next=/admin/")
    complete_sign_in(page, user.email, totp_secret=None if roles.requires_mfa(user) else False)
    page.wait_for_url(f"{live_server.url}/admin/", timeout=30000)  # the first admin page: slow on a loaded machine
    sidebar = page.locator("#wagtail-sidebar")
    sidebar.locator(".sidebar-menu-item__link").first.wait_for()

    screens = SCREENS[role]
    if not screens:
        assert sidebar.get_by_role("button", name="统计报表").count() == 0
        return
    for label, path, heading in screens:
        menu = open_reports_menu(page)
        menu.get_by_role("link", name=label, exact=True).click()
        page.wait_for_url(re.compile(path.replace("/admin", re.escape(live_server.url) + "/admin", 1)))
        assert heading in page.locator("h1").first.inner_text()
    # The submenu lists exactly what the role may open.
    menu = open_reports_menu(page)
    menu.get_by_role("link", name=screens[-1][0], exact=True).wait_for()
    shown = {label for label in ALL_LABELS if menu.get_by_role("link", name=label, exact=True).count()}
    assert shown == {label for label, _, _ in screens}

    # Wagtail's own 报告 menu (when the role has it) opens its own submenu, not ours.
    page.keyboard.press("Escape")
    wagtail_reports = sidebar.get_by_role("button", name="报告", exact=True)
    if wagtail_reports.count():
        wagtail_reports.click()
        assert wagtail_reports.get_attribute("aria-expanded") == "true"
        assert sidebar.get_by_role("button", name="统计报表").get_attribute("aria-expanded") == "false"
        expect(sidebar.get_by_role("link", name="总览", exact=True)).to_be_hidden()
