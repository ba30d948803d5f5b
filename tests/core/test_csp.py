"""Every HTML page carries a Content-Security-Policy: the public site allows only script
files of this origin (the survey's autosave and progress, static/js/survey.js) and no inline
script, the admin and sign-in pages only this origin's (with inline) scripts."""

import pytest

from core.csp import ADMIN_POLICY, PUBLIC_POLICY

pytestmark = pytest.mark.django_db


def _directives(policy: str) -> dict[str, str]:
    return {part.split()[0]: part for part in (p.strip() for p in policy.split(";")) if part}


def test_public_pages_run_no_inline_or_foreign_script(client, wagtail_site):
    for path in ("/", "/search/?q=工伤", "/estimate/", "/no-such-page/"):
        response = client.get(path)
        assert response["Content-Security-Policy"] == PUBLIC_POLICY, path
    directives = _directives(PUBLIC_POLICY)
    assert directives["script-src"] == "script-src 'self'"
    assert "'unsafe-inline'" not in directives["default-src"]
    assert directives["object-src"] == "object-src 'none'"


def test_admin_and_sign_in_get_the_admin_policy(client, editor):
    assert client.get("/accounts/login/")["Content-Security-Policy"] == ADMIN_POLICY
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 200 and response["Content-Security-Policy"] == ADMIN_POLICY
    assert "'unsafe-eval'" not in ADMIN_POLICY and "*" not in ADMIN_POLICY


def test_public_templates_have_no_inline_script():
    import re
    from pathlib import Path

    from django.conf import settings

    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)  # a script element without a file
    offenders = []
    for folder in ("templates", "surveys/templates", "cms/templates"):
        for template in (Path(settings.BASE_DIR) / folder).rglob("*.html"):
            text = template.read_text(encoding="utf-8")
            if inline.search(text) or " onclick=" in text or " onload=" in text or "javascript:" in text:
                offenders.append(str(template))
    assert offenders == []


def test_files_are_not_given_a_policy(client, wagtail_site):
    response = client.get("/static/css/site.css")
    assert "Content-Security-Policy" not in response
