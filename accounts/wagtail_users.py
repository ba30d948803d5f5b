"""wagtail.users with canbao's user screens (accounts.users): listed in INSTALLED_APPS in
place of "wagtail.users"."""

from wagtail.users.apps import WagtailUsersAppConfig


class CanbaoUsersConfig(WagtailUsersAppConfig):
    user_viewset = "accounts.users.UserViewSet"
