"""Content-Security-Policy on every HTML response (Django 5.2 has none built in).

The public site (survey, results, CMS pages, estimator, search, error pages) runs no
inline script and no script from elsewhere: only this origin's files (the survey's autosave
and progress bar, static/js/survey.js; the survey works without it). Inline styles stay allowed (the survey's
critical CSS is inlined so the first paint on a 3G phone needs one request). The Wagtail
admin and the sign-in pages use inline scripts and styles of their own, so they get a
looser policy, still limited to this origin. Every policy keeps pages out of foreign
frames, forms posting to this site only, and plugins off.
"""

from __future__ import annotations

from django.conf import settings

PUBLIC_POLICY = (
    "default-src 'self'; script-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "media-src 'self'; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'self'"
)
ADMIN_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "style-src 'self' 'unsafe-inline'; media-src 'self' blob:; font-src 'self' data:; connect-src 'self'; "
    "frame-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'self'"
)
# Staff areas: the Wagtail admin (reports and campaign screens live under it) and allauth.
ADMIN_PREFIXES = ("/admin/", "/accounts/")


def policy_for(path: str) -> str:
    prefixes = getattr(settings, "CANBAO_CSP_ADMIN_PREFIXES", ADMIN_PREFIXES)
    return ADMIN_POLICY if path.startswith(prefixes) else PUBLIC_POLICY


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response and response.get("Content-Type", "").startswith("text/html"):
            response["Content-Security-Policy"] = policy_for(request.path)
        return response
