"""行政区域 in the Wagtail admin's settings menu: the region tree and the import of the
bureau's list of divisions, shown to reviewers and administrators (accounts.roles)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from accounts.roles import is_reviewer

from . import views


class RegionsMenuItem(MenuItem):
    def is_shown(self, request):
        return is_reviewer(request.user)


class RegionsViewSet(ViewSet):
    name = "canbao_regions"
    url_prefix = "canbao/regions"
    icon = "site"
    menu_label = _("行政区域")
    add_to_settings_menu = True
    menu_item_class = RegionsMenuItem

    @property
    def menu_url(self):
        return reverse("canbao_regions:list")

    def get_urlpatterns(self):
        return [
            path("", views.region_list, name="list"),
            path("<int:pk>/edit/", views.region_edit, name="edit"),
            path("import/", views.upload, name="import_upload"),
            path("import/<int:pk>/", views.detail, name="import_detail"),
            path("import/<int:pk>/confirm/", views.confirm, name="import_confirm"),
        ]


@hooks.register("register_admin_viewset")
def register_regions_viewset():
    return RegionsViewSet()
