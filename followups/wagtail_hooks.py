from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from accounts.roles import may_see_responses

from . import urls


class FollowupsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_responses(request.user)


@hooks.register("register_admin_urls")
def register_followup_urls():
    return [path("followups/", include((urls.urlpatterns, "followups"), namespace="followups"))]


@hooks.register("register_admin_menu_item")
def register_worklist_menu():
    return FollowupsMenuItem(_("跟进工作清单"), reverse("followups:worklist"), icon_name="list-ul", order=240)


@hooks.register("register_admin_menu_item")
def register_outcomes_menu():
    return FollowupsMenuItem(_("参保扩面成效"), reverse("followups:outcomes"), icon_name="table", order=245)
