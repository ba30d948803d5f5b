from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Staff accounts are created by administrators; nobody signs up by themselves."""

    def is_open_for_signup(self, request):
        return False
