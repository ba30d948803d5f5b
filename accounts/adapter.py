import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context


class AccountAdapter(DefaultAccountAdapter):
    """Staff accounts are created by administrators; nobody signs up by themselves."""

    def is_open_for_signup(self, request):
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        # A user who has just signed in with a password may set up MFA right away;
        # asking for the password a second time only delays the mandatory setup.
        request = context.request
        if app == "allauth.mfa" and request is not None and request.user.is_authenticated:
            records = get_authentication_records(request, request.user)
            if records and time.time() - records[-1]["at"] < account_settings.REAUTHENTICATION_TIMEOUT:
                return False
        return super().is_reauthentication_required(app=app, **kwargs)
