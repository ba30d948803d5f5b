"""Every demo role signs in through allauth; MFA and lockout as a person sees them."""

import pytest

from django.contrib.auth import get_user_model

from accounts import roles
from accounts.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, DEMO_USERS, load_demo_users
from tests.browser.conftest import complete_sign_in
from tests.conftest import TEST_PASSWORD, totp_code

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_users(townships, wagtail_site):
    roles.sync_role_permissions()
    load_demo_users()


def sign_in(page, base_url, email, password):
    page.goto(f"{base_url}/admin/")
    complete_sign_in(page, email, password, totp_secret=False)


@pytest.mark.parametrize("email,display,role,township,region", DEMO_USERS)
def test_demo_role_signs_in_and_reaches_admin(page, live_server, demo_users, screenshot, email, display, role, township,
                                              region):
    sign_in(page, live_server.url, email, DEMO_PASSWORD)
    if roles.requires_mfa(get_user_model().objects.get(email=email)):
        page.wait_for_url("**/accounts/2fa/authenticate/")
        page.fill("input[name=code]", totp_code(DEMO_TOTP_SECRET))
        page.click("form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert "Wagtail" in page.title() or "仪表" in page.title(), page.title()
    screenshot(f"signin-{email.split('@')[0]}")


def test_user_without_mfa_is_sent_to_set_it_up_and_can_finish(page, live_server, make_user, wagtail_site, screenshot):
    officer = make_user(roles.OFFICER, "东流镇", mfa=False)
    sign_in(page, live_server.url, officer.email, TEST_PASSWORD)
    page.wait_for_url("**/accounts/2fa/totp/activate/")
    assert "两步验证" in page.content()
    screenshot("mfa-setup-required")
    secret = page.locator("input[name=secret], #authenticator_secret, [data-totp-secret]").first
    secret_value = secret.input_value() if secret.count() else None
    assert secret_value, "the setup page shows the secret for manual entry"
    page.fill("input[name=code]", totp_code(secret_value))
    page.click("form button[type=submit]")
    page.goto(f"{live_server.url}/admin/")
    assert page.url == f"{live_server.url}/admin/"


def test_five_wrong_passwords_lock_out_in_chinese(page, live_server, editor, wagtail_site, screenshot):
    for _ in range(5):
        sign_in(page, live_server.url, editor.email, "not-the-password")
        page.wait_for_load_state()
        assert "/accounts/login/" in page.url
    sign_in(page, live_server.url, editor.email, TEST_PASSWORD)
    page.wait_for_load_state()
    assert "登录失败次数过多" in page.content()
    screenshot("lockout")
