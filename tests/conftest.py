"""Fixtures shared by every test package: townships and staff users per role."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts import roles
from accounts.models import Profile
from campaigns.models import Township
from campaigns.townships import load_townships

TEST_PASSWORD = "a-long-test-password-1"
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DP"


def totp_code(secret: str = TEST_TOTP_SECRET, steps_ago: int = 0) -> str:
    """The TOTP code for a secret, computed the way an authenticator app does: the current
    one, or the one shown ``steps_ago`` 30-second windows earlier. In the last seconds of a
    window it waits for the next one, as a person would: a code typed as its window closes
    arrives too late (MFA_TOTP_TOLERANCE = 0; a browser test failed so in CI)."""
    import time

    left = 30 - time.time() % 30
    if left < 6:
        time.sleep(left + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 - steps_ago))


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: rate-limit counters, cached channels and
    result snapshots never leak from one test into the next."""
    from django.core.cache import cache

    from campaigns.channels import forget_local

    cache.clear()
    forget_local()
    yield


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts and ends in the site's default language: a request in English
    activates English for the whole thread (LocaleMiddleware never deactivates it), and
    without this reset the next test on the same worker would render English."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    """Each test stores private files (uploaded registry files) in a folder of its own:
    parallel workers never see, or delete, each other's files."""
    root = tmp_path / "private"
    settings.PRIVATE_ROOT = root
    settings.STORAGES = settings.STORAGES | {
        "private": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": root}}
    }
    return root


@pytest.fixture
def redis_url(settings):
    """A Redis URL for tests that need a real Redis: the database named by
    CANBAO_TEST_REDIS_URL (default 127.0.0.1:6379/15), with every key under a prefix of
    this test's own (settings.REDIS_KEY_PREFIX). Afterwards only those keys are deleted:
    no test flushes a database, so parallel workers and other users of the server are
    never touched."""
    import os
    import uuid

    import redis

    url = os.environ.get("CANBAO_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    server = redis.Redis.from_url(url)
    try:
        server.ping()
    except redis.ConnectionError:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is required in CI ({url})")
        pytest.skip(f"Redis is not running ({url})")
    prefix = f"canbao-test-{uuid.uuid4().hex[:12]}"
    settings.REDIS_URL = url
    settings.REDIS_KEY_PREFIX = prefix
    yield url
    keys = list(server.scan_iter(match=f"{prefix}:*", count=1000))
    if keys:
        server.delete(*keys)
    server.close()


@pytest.fixture
def townships(db):
    load_townships()
    return {t.name: t for t in Township.objects.all()}


@pytest.fixture
def make_user(db, townships):
    """make_user(role, township_name=None, mfa=True) -> a staff user with a verified email.
    Roles that must use MFA get a TOTP authenticator unless mfa=False."""
    counter = {"n": 0}

    def _make(role, township_name=None, mfa=True, email=None):
        roles.sync_role_permissions()
        counter["n"] += 1
        email = email or f"user{counter['n']}@example.test"
        user = get_user_model().objects.create_user(
            username=email.split("@")[0], email=email, password=TEST_PASSWORD,
            is_superuser=(role == roles.ADMINISTRATOR), is_staff=(role == roles.ADMINISTRATOR),
        )
        user.groups.add(Group.objects.get(name=role))
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        Profile.objects.create(user=user, township=townships[township_name] if township_name else None)
        if mfa and roles.requires_mfa(user):
            TOTP.activate(user, TEST_TOTP_SECRET)
        return user

    return _make


@pytest.fixture
def editor(make_user):
    return make_user(roles.EDITOR)


@pytest.fixture
def reviewer(make_user):
    return make_user(roles.REVIEWER)


@pytest.fixture
def officer_yaodu(make_user):
    return make_user(roles.OFFICER, "尧渡镇")


@pytest.fixture
def officer_dongliu(make_user):
    return make_user(roles.OFFICER, "东流镇")


@pytest.fixture
def administrator(make_user):
    return make_user(roles.ADMINISTRATOR)


@pytest.fixture
def wagtail_site(db):
    """The default Locale, root page, root collection and home site. Migrations create them, but
    transactional tests (live_server) flush the tables between tests."""
    from wagtail.models import Collection, Locale, Page

    from cms.demo import ensure_home_page

    Locale.objects.get_or_create(language_code="zh-hans")
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=Locale.objects.first()))
    if Collection.get_first_root_node() is None:  # documents, images and media need it
        Collection.add_root(name="Root")
    return ensure_home_page()


def pytest_terminal_summary(terminalreporter):
    """When fuzz tests ran: how many generated inputs each one tried (they record it as a
    user property, which xdist carries back to this process)."""
    counts, outcomes = {}, {}
    for report in (r for reports in terminalreporter.stats.values() for r in reports):
        if getattr(report, "when", None) == "call":
            outcomes[report.nodeid] = "known failure (xfail)" if hasattr(report, "wasxfail") else report.outcome
        for name, value in getattr(report, "user_properties", None) or []:
            if name == "fuzz_examples":
                counts[report.nodeid] = value
    if counts:
        terminalreporter.section("fuzz")
        for nodeid, n in sorted(counts.items()):
            terminalreporter.write_line(f"{nodeid.split('::')[-1]}: {n} generated inputs, {outcomes.get(nodeid, '?')}")
        failed = sum(1 for nodeid in counts if outcomes.get(nodeid) == "failed")
        terminalreporter.write_line(f"fuzz total: {sum(counts.values())} generated inputs in {len(counts)} tests, "
                                    f"{failed} failed")
