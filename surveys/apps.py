from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("知晓度调查")

    def ready(self):
        from accounts import roles

        from . import signals  # noqa: F401 - connects the channel lookup's invalidation

        survey_perms = ["surveys.add_survey", "surveys.change_survey", "surveys.view_survey"]
        follow_up = ["surveys.view_consultationrequest", "surveys.change_consultationrequest"]
        roles.extend_role_permissions(roles.EDITOR, survey_perms)
        roles.extend_role_permissions(roles.REVIEWER, survey_perms + follow_up)
        roles.extend_role_permissions(roles.OFFICER, follow_up)
