"""The sign-in page offers no sign-up link: staff accounts are created by administrators."""

import pytest

pytestmark = pytest.mark.django_db


def test_login_page_has_no_signup_link(client):
    page = client.get("/accounts/login/").content.decode()
    assert 'name="login"' in page
    assert "/accounts/signup/" not in page and "请先注册" not in page and "sign up" not in page.lower()
