from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("账户与角色")

    def ready(self):
        from .roles import sync_role_permissions_after_migrate

        # Permissions of apps migrated later are attached to the role groups each time.
        post_migrate.connect(sync_role_permissions_after_migrate)
