"""ModelViewSets for firms, campaigns, channels and targets, scoped by township."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.model import ModelViewSet

from ..models import Campaign, Channel, Enterprise, TownshipTarget
from .forms import CampaignForm, ChannelForm, EnterpriseForm, TownshipTargetForm
from .scoping import (
    CampaignScopedObjectMixin,
    CampaignScopedViewMixin,
    ChannelScopedObjectMixin,
    ChannelScopedViewMixin,
    TownshipScopedObjectMixin,
    TownshipScopedViewMixin,
)


def yes_no_column(model, field: str) -> Column:
    """A boolean field listed as 是/否 instead of Python's True/False."""
    return Column(field, label=model._meta.get_field(field).verbose_name,
                  accessor=lambda obj: _("是") if getattr(obj, field) else _("否"))


class ScopedIndexView(TownshipScopedViewMixin, generic.IndexView):
    pass


class ScopedEditView(TownshipScopedViewMixin, generic.EditView):
    pass


class ScopedDeleteView(TownshipScopedViewMixin, generic.DeleteView):
    pass


class ScopedInspectView(TownshipScopedViewMixin, generic.InspectView):
    pass


class ScopedHistoryView(TownshipScopedObjectMixin, history.HistoryView):
    pass


class ScopedUsageView(TownshipScopedObjectMixin, usage.UsageView):
    pass


class TownshipScopedViewSet(ModelViewSet):
    """A ModelViewSet whose list and object views only reach the user's townships."""

    index_view_class = ScopedIndexView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    inspect_view_class = ScopedInspectView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    copy_view_enabled = False


class EnterpriseViewSet(TownshipScopedViewSet):
    name = "canbao_enterprises"
    url_prefix = "canbao/enterprises"
    model = Enterprise
    icon = "group"
    menu_label = _("企业名录")
    list_display = ["name", "uscc", "township", "size_class", yes_no_column(Enterprise, "insured"),
                    yes_no_column(Enterprise, "uscc_needs_review")]
    list_filter = ["township", "size_class", "insured", "uscc_needs_review"]
    search_fields = ["name", "uscc"]
    list_per_page = 50

    def get_form_class(self, for_update=False):
        return EnterpriseForm


def qr_links(channel: Channel):
    qr = reverse("canbao_posters:channel_qr", kwargs={"pk": channel.pk, "fmt": "pdf"})
    links = [(reverse("canbao_posters:channel_qr", kwargs={"pk": channel.pk, "fmt": fmt}), label)
             for fmt, label in (("png", "PNG"), ("svg", "SVG"), ("pdf", _("海报PDF")))]
    links += [(f"{qr}?layout=a3", _("A3海报")), (f"{qr}?layout=tent", _("桌牌"))]
    if channel.township_id:
        links.append((reverse("canbao_posters:township_zip", kwargs={"pk": channel.campaign_id, "township": channel.township_id}),
                      _("本乡镇全部海报（zip）")))
    return format_html_join(" · ", '<a href="{}">{}</a>', links)


class ChannelIndexView(ChannelScopedViewMixin, generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("campaign__region", "township", "region").annotate(
            scan_count=Count("scans"))


class ChannelHistoryView(ChannelScopedObjectMixin, history.HistoryView):
    pass


class ChannelUsageView(ChannelScopedObjectMixin, usage.UsageView):
    pass


class ChannelViewSet(ModelViewSet):
    name = "canbao_channels"
    url_prefix = "canbao/channels"
    model = Channel
    icon = "link"
    menu_label = _("二维码渠道")
    index_view_class = ChannelIndexView
    edit_view_class = type("ChannelEditView", (ChannelScopedViewMixin, generic.EditView), {})
    delete_view_class = type("ChannelDeleteView", (ChannelScopedViewMixin, generic.DeleteView), {})
    inspect_view_class = type("ChannelInspectView", (ChannelScopedViewMixin, generic.InspectView), {})
    history_view_class = ChannelHistoryView
    usage_view_class = ChannelUsageView
    copy_view_enabled = False
    list_display = ["__str__", "campaign", "label", yes_no_column(Channel, "is_active"), Column("scan_count", label=_("扫码次数")),
                    Column("qr", label=_("二维码下载"), accessor=qr_links)]
    list_filter = ["campaign", "township", "kind", "is_active"]
    search_fields = ["code", "label"]
    list_per_page = 50

    def get_form_class(self, for_update=False):
        return ChannelForm


def campaign_links(campaign: Campaign):
    return format_html(
        '<a href="{}">{}</a> · <a href="{}">{}</a>',
        reverse("canbao_targets:campaign_targets", kwargs={"pk": campaign.pk}), _("各乡镇目标"),
        reverse("canbao_posters:bundles", kwargs={"pk": campaign.pk}), _("全部海报PDF"),
    )


class CampaignViewSet(ModelViewSet):
    name = "canbao_campaigns"
    url_prefix = "canbao/campaigns"
    model = Campaign
    icon = "date"
    menu_label = _("扩面行动")
    list_display = ["name", "region", "starts_on", "ends_on", "deadline", "survey",
                    Column("links", label=_("目标与海报"), accessor=campaign_links)]
    index_view_class = type("CampaignIndexView", (CampaignScopedViewMixin, generic.IndexView), {})
    edit_view_class = type("CampaignEditView", (CampaignScopedViewMixin, generic.EditView), {})
    delete_view_class = type("CampaignDeleteView", (CampaignScopedViewMixin, generic.DeleteView), {})
    inspect_view_class = type("CampaignInspectView", (CampaignScopedViewMixin, generic.InspectView), {})
    history_view_class = type("CampaignHistoryView", (CampaignScopedObjectMixin, history.HistoryView), {})
    usage_view_class = type("CampaignUsageView", (CampaignScopedObjectMixin, usage.UsageView), {})
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return CampaignForm


class TownshipTargetViewSet(TownshipScopedViewSet):
    name = "canbao_township_targets"
    url_prefix = "canbao/township-targets"
    model = TownshipTarget
    icon = "order"
    menu_label = _("乡镇目标")
    list_display = ["campaign", "township", "target_responses"]
    list_filter = ["campaign", "township"]

    def get_form_class(self, for_update=False):
        return TownshipTargetForm
