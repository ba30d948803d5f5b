"""Management commands on a fresh database, in a child process, as a newcomer runs them."""

import hashlib
import json
import os
import secrets
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def empty_database_url(tmp_path):
    """A URL for a brand-new empty database of the same kind the suite runs on."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        return
    import psycopg

    name = f"canbao_fresh_{uuid.uuid4().hex[:8]}"
    server = url.rsplit("/", 1)[0]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"{server}/{name}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(database_url, *args, settings="config.settings.test", extra_env=None):
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": settings, **(extra_env or {})}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for Playwright tests; production must not inherit it
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )


def snapshot(database_url) -> dict:
    """Row counts of every model plus a digest of the whole dump (sessions excluded)."""
    counts = manage(database_url, "shell", "-c", (
        "import json; from django.apps import apps; "
        "print(json.dumps({m._meta.label: m._default_manager.count() for m in apps.get_models()}))"
    ))
    assert counts.returncode == 0, counts.stderr
    dump = manage(database_url, "dumpdata", "--exclude", "sessions", "--exclude", "contenttypes",
                  "--exclude", "auth.permission", "--exclude", "wagtailsearch", "--indent", "0")
    assert dump.returncode == 0, dump.stderr
    return {"counts": json.loads(counts.stdout.strip().splitlines()[-1]),
            "digest": hashlib.sha256(dump.stdout.encode()).hexdigest()}


def test_migrate_and_load_demo_twice_changes_nothing(empty_database_url):
    first = manage(empty_database_url, "migrate", "--noinput")
    assert first.returncode == 0, first.stderr
    loaded = manage(empty_database_url, "load_demo")
    assert loaded.returncode == 0, loaded.stderr
    assert "editor@canbao.local" in loaded.stdout
    before = snapshot(empty_database_url)
    assert 17 + 13 * 4 <= before["counts"]["campaigns.Township"] <= 17 + 13 * 6  # 东至县, 南阳市's 13 counties
    assert before["counts"]["auth.User"] == 8

    again = manage(empty_database_url, "migrate", "--noinput")
    assert again.returncode == 0, again.stderr
    reloaded = manage(empty_database_url, "load_demo")
    assert reloaded.returncode == 0, reloaded.stderr
    after = snapshot(empty_database_url)
    assert after["counts"] == before["counts"]
    assert after["digest"] == before["digest"]


def test_production_refuses_to_start_without_a_real_secret_key(empty_database_url):
    env = {"SECRET_KEY": "", "ALLOWED_HOSTS": "canbao.example.gov.cn"}
    result = manage(empty_database_url, "check", settings="config.settings.production", extra_env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_check_deploy_reports_no_warnings(empty_database_url):
    env = {"SECRET_KEY": secrets.token_urlsafe(60), "ALLOWED_HOSTS": "canbao.example.gov.cn"}
    result = manage(empty_database_url, "check", "--deploy", "--fail-level", "WARNING",
                    settings="config.settings.production", extra_env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
@pytest.mark.parametrize("show", [True, False])
def test_demo_logins_are_printed_only_where_allowed(settings, townships, show):
    from io import StringIO

    from core.demo import load_users

    settings.CANBAO_SHOW_DEMO_LOGINS = show  # False in production settings
    out = StringIO()
    load_users(out, seed=1)
    assert ("canbao-demo-2024" in out.getvalue()) is show
