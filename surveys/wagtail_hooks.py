from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views
from .admin_forms import SurveyAdminForm
from .models import Survey


class SurveyViewSet(SnippetViewSet):
    model = Survey
    icon = "form"
    menu_label = _("调查问卷")
    menu_name = "surveys"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["__str__", "version", "opens_at", "closes_at", "pass_mark"]
    edit_handler = ObjectList(Survey.panels, base_form_class=SurveyAdminForm)


register_snippet(SurveyViewSet)


@hooks.register("register_snippet_listing_buttons")
def new_version_button(snippet, user, next_url=None):
    if isinstance(snippet, Survey) and user.has_perm("surveys.add_survey"):
        yield ListingButton(
            _("创建新版本"), reverse("surveys_admin:new_version", args=[snippet.pk]), icon_name="copy", priority=30,
        )


@hooks.register("register_admin_urls")
def register_admin_urls():
    from django.urls import include

    urls = [
        path("consultations/", admin_views.consultation_list, name="consultations"),
        path("consultations/<int:pk>/", admin_views.consultation_detail, name="consultation"),
        path("consultations/<int:pk>/reveal/", admin_views.reveal_phone, name="reveal_phone"),
        path("new-version/<int:pk>/", admin_views.new_version, name="new_version"),
    ]
    return [path("surveys/", include((urls, "surveys_admin"), namespace="surveys_admin"))]


class FollowUpMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.may_follow_up(request.user)


@hooks.register("register_admin_menu_item")
def register_follow_up_menu_item():
    return FollowUpMenuItem(_("咨询跟进"), reverse("surveys_admin:consultations"), icon_name="mail", order=310)
