from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupsConfig(AppConfig):
    name = "followups"
    verbose_name = _("跟进与参保成效")

    def ready(self):
        from . import receivers  # noqa: F401 - logs every download of the campaigns target list
