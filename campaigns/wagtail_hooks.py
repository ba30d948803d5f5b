"""The 参保扩面 menu of the Wagtail admin: firms, campaigns, channels, targets, imports."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup

from .staff.menus import ImportsViewSet, PostersViewSet, TargetsViewSet
from .staff.viewsets import CampaignViewSet, ChannelViewSet, EnterpriseViewSet, TownshipTargetViewSet


class CampaignsGroup(ViewSetGroup):
    menu_label = _("参保扩面")
    menu_icon = "group"
    menu_order = 200
    items = (EnterpriseViewSet, TargetsViewSet, CampaignViewSet, TownshipTargetViewSet, ChannelViewSet, ImportsViewSet)


@hooks.register("register_admin_viewset")
def register_campaigns_viewsets():
    return [CampaignsGroup(), PostersViewSet()]
