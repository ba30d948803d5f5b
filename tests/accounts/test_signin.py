"""Sign-in goes through allauth only; MFA is enforced for those who may see results."""

import pytest

from django.contrib.auth.models import Group

from accounts import roles
from tests.conftest import TEST_PASSWORD, totp_code

pytestmark = pytest.mark.django_db


def login_post(client, email, password):
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_admin_login_form_cannot_authenticate(client, editor):
    response = client.post("/admin/login/?next=/admin/pages/", {"username": editor.username, "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Fpages%2F"
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_admin_login_does_not_redirect_offsite(client):
    response = client.get("/admin/login/?next=https://evil.example/")
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"


def test_admin_redirects_anonymous_to_allauth(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_editor_signs_in_without_mfa(client, editor):
    response = login_post(client, editor.email, TEST_PASSWORD)
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_reviewer_needs_totp_code(client, reviewer):
    response = login_post(client, reviewer.email, TEST_PASSWORD)
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert "_auth_user_id" not in client.session
    assert wrong.status_code == 200
    client.post("/accounts/2fa/authenticate/", {"code": totp_code()})
    assert client.session["_auth_user_id"] == str(reviewer.pk)
    assert client.get("/admin/").status_code == 200


def test_a_code_of_the_window_just_past_is_refused(client, reviewer):
    """No drift window: allauth remembers a used code for one period only, so accepting the
    previous window's code would let a used code in again once that memory lapsed."""
    login_post(client, reviewer.email, TEST_PASSWORD)
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(steps_ago=1)})
    assert "_auth_user_id" not in client.session
    client.post("/accounts/2fa/authenticate/", {"code": totp_code()})
    assert "_auth_user_id" in client.session


@pytest.mark.parametrize("role,township", [(roles.REVIEWER, None), (roles.OFFICER, "尧渡镇"), (roles.ADMINISTRATOR, None)])
def test_user_who_may_see_results_must_set_up_mfa(client, make_user, role, township):
    user = make_user(role, township, mfa=False)
    login_post(client, user.email, TEST_PASSWORD)
    assert client.session["_auth_user_id"] == str(user.pk)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"
    setup_page = client.get(response["Location"])
    assert setup_page.status_code == 200
    assert "两步验证" in setup_page.content.decode()


def test_officer_without_township_is_not_forced_but_sees_nothing(client, make_user):
    user = make_user(roles.OFFICER, None, mfa=False)
    assert not roles.may_see_responses(user)
    assert roles.visible_townships(user).count() == 0


def test_repeated_failures_lock_the_account_with_chinese_message(client, editor):
    for _ in range(5):
        response = login_post(client, editor.email, "wrong-password")
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session
    response = login_post(client, editor.email, TEST_PASSWORD)
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_signup_is_closed(client):
    response = client.get("/accounts/signup/")
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 403)
    assert "password1" not in response.content.decode()


def test_password_reset_sends_mail(client, editor, mailoutbox):
    client.post("/accounts/password/reset/", {"email": editor.email})
    assert len(mailoutbox) == 1
    assert editor.email in mailoutbox[0].to


def test_role_groups_exist_with_permissions():
    roles.sync_role_permissions()
    names = set(Group.objects.values_list("name", flat=True))
    assert set(roles.ROLES) <= names
    editor_group = Group.objects.get(name=roles.EDITOR)
    assert editor_group.permissions.filter(codename="access_admin").exists()
    editor_codes = set(editor_group.page_permissions.values_list("permission__codename", flat=True))
    reviewer_codes = set(Group.objects.get(name=roles.REVIEWER).page_permissions.values_list("permission__codename", flat=True))
    assert "publish_page" not in editor_codes
    assert "publish_page" in reviewer_codes


def test_a_stranger_cannot_lock_an_officer_out(client, officer_yaodu):
    """Failures count per account and client address: five wrong passwords from one
    address lock that address out, and the officer signs in from their own."""
    for _ in range(6):
        response = client.post("/accounts/login/", {"login": officer_yaodu.email, "password": "wrong"},
                               REMOTE_ADDR="203.0.113.9")
        assert "_auth_user_id" not in client.session
    assert "登录失败次数过多" in response.content.decode()
    response = client.post("/accounts/login/", {"login": officer_yaodu.email, "password": TEST_PASSWORD},
                           REMOTE_ADDR="198.51.100.7")
    assert "登录失败次数过多" not in response.content.decode()
    assert response.status_code == 302  # on to the TOTP step


def test_rate_limited_sign_in_carries_retry_after(client, settings):
    settings.ACCOUNT_RATE_LIMITS = settings.ACCOUNT_RATE_LIMITS | {"login": "1/m/ip"}
    client.post("/accounts/login/", {"login": "a@example.test", "password": "x"})
    response = client.post("/accounts/login/", {"login": "a@example.test", "password": "x"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
