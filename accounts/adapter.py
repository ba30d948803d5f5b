import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context


class AccountAdapter(DefaultAccountAdapter):
    """Staff accounts are created by administrators; nobody signs up by themselves."""

    def is_open_for_signup(self, request):
        return False

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth counts failed sign-ins per account ("5/15m/key") across every address, so
        # a stranger who knows an officer's e-mail could lock them out. Keyed by account
        # and client address, the lockout only stops the address that keeps failing;
        # "10/m/ip" still limits each address over all accounts, and TOTP guards the rest.
        return f"{super()._get_login_attempts_cache_key(request, **credentials)}:{self.get_client_ip(request)}"

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        # A user who has just signed in with a password may set up MFA right away;
        # asking for the password a second time only delays the mandatory setup.
        request = context.request
        if app == "allauth.mfa" and request is not None and request.user.is_authenticated:
            records = get_authentication_records(request, request.user)
            if records and time.time() - records[-1]["at"] < account_settings.REAUTHENTICATION_TIMEOUT:
                return False
        return super().is_reauthentication_required(app=app, **kwargs)
