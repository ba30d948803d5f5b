"""Browser tests: Debian's chromium driven by Playwright (never a downloaded browser)."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
# What an employer's phone sends: WeChat's browser on Android. Playwright's own agent says
# "HeadlessChrome", which the scan counter rightly takes for an automated fetch (no scan, no form token).
PHONE_AGENT = (
    "Mozilla/5.0 (Linux; Android 13; V2145A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0.0.0 "
    "Mobile Safari/537.36 MicroMessenger/8.0.47.2560(0x28002F35) NetType/4G Language/zh_CN"
)
ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"



def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module. Playwright's sync API keeps an event loop running in
    this thread while it is open, which breaks any later asyncio.run() (the load
    generator's test) and makes Django refuse ORM calls; so it lives only as long as the
    module's tests, and DJANGO_ALLOW_ASYNC_UNSAFE (the ORM calls of fixtures and
    assertions here are synchronous and safe) is set only meanwhile."""
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("chromium is required in CI: apt-get install -y chromium")
        pytest.skip("Debian chromium is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def poster_channel(townships, wagtail_site):
    """A live campaign (deadline far ahead) with the awareness survey and one poster channel in 尧渡镇."""
    import datetime

    from django.core.cache import cache

    from campaigns.models import Campaign, Channel
    from surveys.awareness import build_awareness_survey

    cache.clear()
    campaign = Campaign.objects.create(
        name="2024年小微企业参保扩面行动", starts_on=datetime.date(2024, 3, 1), ends_on=datetime.date(2099, 6, 30),
        deadline=datetime.date(2099, 6, 30), survey=build_awareness_survey(),
    )
    return Channel.objects.create(campaign=campaign, township=townships["尧渡镇"], kind=Channel.Kind.POSTER)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", user_agent=PHONE_AGENT)
    page = context.new_page()
    page.set_default_timeout(30000)
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    ARTIFACTS.mkdir(exist_ok=True)

    def _shot(name: str, target=None):
        path = ARTIFACTS / f"{name}.png"
        (target or page).screenshot(path=str(path), full_page=True)
        return path

    return _shot


def complete_sign_in(page, email, password=None, totp_secret=None):
    """On allauth's login page: enter e-mail and password, then, if the account uses
    MFA, the current TOTP code computed from its secret."""
    from tests.conftest import TEST_PASSWORD, TEST_TOTP_SECRET, totp_code

    assert "/accounts/login/" in page.url, page.url
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password or TEST_PASSWORD)
    page.click("form button[type=submit]")
    if totp_secret is not False:
        page.wait_for_url("**/accounts/2fa/authenticate/**")
        page.fill("input[name=code]", totp_code(totp_secret or TEST_TOTP_SECRET))
        page.click("form button[type=submit]")
