"""URL-only viewsets for the custom screens, each with a permission-checked menu item."""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext_lazy as _

from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from . import views_imports, views_posters, views_targets


class PermissionMenuViewSet(ViewSet):
    """A ViewSet whose menu item shows only to users with `permission`."""

    permission = ""

    @property
    def menu_item_class(self):
        permission = self.permission

        class PermittedMenuItem(MenuItem):
            def is_shown(self, request):
                return request.user.has_perm(permission)

        return PermittedMenuItem


class TargetsViewSet(PermissionMenuViewSet):
    name = "canbao_targets"
    url_prefix = "canbao/targets"
    icon = "list-ul"
    menu_label = _("参保扩面对象")
    permission = "campaigns.view_enterprise"

    @property
    def menu_url(self):
        from django.urls import reverse

        return reverse("canbao_targets:target_list")

    def get_urlpatterns(self):
        return [
            path("", views_targets.target_list_view, name="target_list"),
            path("campaign/<int:pk>/", views_targets.campaign_targets_view, name="campaign_targets"),
            path("campaign/<int:pk>/counties/", views_targets.county_targets_view, name="county_targets"),
        ]


class ImportsViewSet(PermissionMenuViewSet):
    name = "canbao_imports"
    url_prefix = "canbao/imports"
    icon = "upload"
    menu_label = _("数据导入")
    permission = "campaigns.add_importbatch"

    @property
    def menu_url(self):
        from django.urls import reverse

        return reverse("canbao_imports:upload")

    def get_urlpatterns(self):
        return [
            path("", views_imports.upload, name="upload"),
            path("<int:pk>/", views_imports.detail, name="detail"),
            path("<int:pk>/confirm/", views_imports.confirm, name="confirm"),
            path("<int:pk>/restart/", views_imports.restart, name="restart"),
            path("<int:pk>/columns/", views_imports.remap, name="remap"),
            path("<int:pk>/report.csv", views_imports.report, name="report"),
        ]


class PostersViewSet(ViewSet):
    name = "canbao_posters"
    url_prefix = "canbao/posters"

    def get_urlpatterns(self):
        return [
            path("channel/<int:pk>/qr.<str:fmt>", views_posters.channel_qr, name="channel_qr"),
            path("campaign/<int:pk>/", views_posters.bundles, name="bundles"),
            path("campaign/<int:pk>/township/<int:township>/posters.zip", views_posters.township_zip, name="township_zip"),
            path("bundle/<int:pk>/download/", views_posters.bundle_download, name="bundle_download"),
        ]
