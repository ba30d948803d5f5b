from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _analyze_after_migrate(sender, using="default", **kwargs) -> None:
    from .db import refresh_planner_statistics

    refresh_planner_statistics(using=using)


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "canbao"

    def ready(self):
        # Sent once per migrate for this app, after every migration has run.
        post_migrate.connect(_analyze_after_migrate, sender=self, dispatch_uid="core.analyze_after_migrate")
