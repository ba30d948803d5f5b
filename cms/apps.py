from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("政策宣传")

    def ready(self):
        from accounts.roles import REVIEWER, extend_role_permissions

        from . import signals

        signals.connect()
        estimator_perms = [f"cms.{action}_{model}" for model in ("riskclass", "industry")
                           for action in ("add", "change", "view")]
        extend_role_permissions(REVIEWER, estimator_perms)
