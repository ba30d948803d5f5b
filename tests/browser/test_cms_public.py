"""The public site on a small phone with JavaScript off: estimator, search, no sideways scrolling."""

import io
from importlib import import_module

import pytest

from django.apps import apps

from wagtail.models import Collection

from cms import demo
from tests.browser.conftest import PHONE_AGENT

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def public_site(wagtail_site, townships):
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    demo.load(io.StringIO(), seed=1)
    # Transactional flushes remove the migration-seeded estimator data: seed it again.
    import_module("cms.migrations.0003_seed_risk_classes").seed(apps, None)


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN", java_script_enabled=False,
                                  user_agent=PHONE_AGENT)
    page = context.new_page()
    page.set_default_timeout(30000)
    yield page
    context.close()


def test_estimator_and_search_work_without_javascript(phone, live_server, public_site, screenshot):
    phone.goto(f"{live_server.url}/estimate/")
    phone.select_option("select[name=industry]", label="餐饮业")
    phone.fill("input[name=payroll]", "abc")
    phone.fill("input[name=headcount]", "8")
    phone.click("form button[type=submit]")
    assert "工资总额只能填写数字" in phone.locator("[role=alert]").first.inner_text()
    phone.fill("input[name=payroll]", "50000")
    phone.click("form button[type=submit]")
    assert phone.locator("#monthly").inner_text() == "200.00 元"
    screenshot("cms-estimator-phone", phone)

    phone.goto(f"{live_server.url}/search/")
    phone.fill("input[name=q]", "工伤认定")
    phone.click("form button[type=submit]")
    first = phone.locator(".search-results li").first
    assert "发生工伤后如何申请" in first.inner_text()
    assert first.locator("mark").count() >= 1
    screenshot("cms-search-phone", phone)


def test_pages_fit_a_360px_screen(phone, live_server, public_site, screenshot):
    for name, path in [("home", "/"), ("article", "/policy/dongzhi-2023-plan/"),
                       ("publicity-month", "/2023-publicity-month/"), ("faq", "/faq/")]:
        response = phone.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360, path
        assert phone.locator("main h1").count() == 1, path
        screenshot(f"cms-360-{name}", phone)
