from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("政策宣传")

    def ready(self):
        from django.db.models.signals import post_migrate

        from accounts.roles import REVIEWER, extend_role_permissions

        from . import permissions, signals

        signals.connect()
        post_migrate.connect(permissions.grant_after_migrate, dispatch_uid="cms_collection_permissions")
        estimator_perms = [f"cms.{action}_{model}" for model in ("riskclass", "industry")
                           for action in ("add", "change", "view")]
        extend_role_permissions(REVIEWER, estimator_perms)
