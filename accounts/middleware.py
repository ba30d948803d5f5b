from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .roles import requires_mfa

# Staff areas that expose responses or reports.
PROTECTED_PREFIXES = ("/admin/",)


class RequireMFAMiddleware:
    """Send a user who may see responses or reports, but has no TOTP authenticator,
    to set one up before any staff page opens."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.path.startswith(PROTECTED_PREFIXES)
            and request.user.is_authenticated
            and requires_mfa(request.user)
            and not _has_totp(request.user)
        ):
            messages.warning(request, _("您的账户可以查看调查结果，必须先启用两步验证（TOTP）。"))
            return redirect("mfa_activate_totp")
        return self.get_response(request)


def _has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
