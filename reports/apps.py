from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("统计报表")

    def ready(self):
        from accounts.roles import OFFICER, REVIEWER, extend_role_permissions

        # Access to every report screen is decided by accounts.roles; these model
        # permissions let Wagtail's own permission screens show who may sign off.
        extend_role_permissions(REVIEWER, ["reports.add_signoff", "reports.view_signoff"])
        extend_role_permissions(OFFICER, ["reports.view_signoff"])
