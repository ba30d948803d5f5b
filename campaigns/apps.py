from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("扩面行动")

    def ready(self):
        from accounts import roles

        from . import signals  # noqa: F401 - connects the channel lookup's invalidation

        models = ("enterprise", "campaign", "channel", "townshiptarget", "importbatch", "posterbundle", "scan",
                  "regiontarget")
        everything = [f"campaigns.{action}_{model}" for model in models for action in ("add", "change", "delete", "view")]
        roles.extend_role_permissions(roles.REVIEWER, everything)
        roles.extend_role_permissions(roles.OFFICER, [
            "campaigns.view_enterprise", "campaigns.change_enterprise", "campaigns.view_channel",
            "campaigns.view_campaign", "campaigns.view_townshiptarget",
        ])
