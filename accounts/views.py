from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_http_methods


@require_http_methods(["GET", "POST", "HEAD"])
def admin_login_handover(request):
    """Wagtail's own login form is disabled: every sign-in goes through allauth,
    where rate limits, lockout and MFA apply. Nothing posted here authenticates."""
    next_url = request.GET.get("next") or "/admin/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/admin/"
    return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")
