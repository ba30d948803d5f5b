"""County and city approvals (the upper steps of the sign-off chain, reviewers only) and the
archive of any sign-off with its frozen figures."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.views import View

from accounts.roles import may_approve_region, may_see_campaign, may_see_region, sees_everything
from regions.models import Region

from ..access import require_reviewer, township_for
from ..models import SignOff
from ..signoff import ApprovalBlocked, approve_region, changes_since, may_approve_within
from .base import ReportView, selected_campaign


class CountyApprovalForm(forms.Form):
    comment = forms.CharField(label=_("审核意见"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                              error_messages={"required": _("请填写审核意见。")})
    override_reason = forms.CharField(
        label=_("下级尚未全部确认时的审核理由"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("乡镇全部确认（市级审核：各县全部审核）后可留空；否则必须说明理由，理由与未确认的名单一并存档。"),
    )


def approval_region_for(user, campaign, region_pk=None):
    """The region to approve (None: a campaign without a region, "全县"), after the access
    decision: 404 for a region the user may not see or the campaign does not cover, 403
    when the user sees it but may not approve it."""
    if region_pk is None:
        region = campaign.region if campaign.region_id else None
    else:
        region = get_object_or_404(Region, pk=region_pk)
    if region is None:
        if not sees_everything(user):
            raise PermissionDenied
        return None
    if not may_see_region(user, region) or not may_approve_within(campaign, region):
        raise Http404
    if not may_approve_region(user, region):
        raise PermissionDenied
    return region


def blocked_message(region, names: list[str]) -> str:
    if region is not None and region.level != Region.Level.COUNTY:
        return _g("以下县（市、区）尚未审核，须填写审核理由：%(names)s") % {"names": "、".join(names)}
    return _g("以下乡镇尚未确认，须填写审核理由：%(names)s") % {"names": "、".join(names)}


class RegionApprovalView(View):
    """POST: approve the figures of a county or city of the selected campaign (without a
    region in the URL: the campaign's own region), then back to the page it was sent from."""

    http_method_names = ["post"]

    def post(self, request, region_pk: int | None = None):
        require_reviewer(request.user)
        campaign = selected_campaign(request)
        if campaign is None:
            raise Http404
        region = approval_region_for(request.user, campaign, region_pk)
        back = self.back_url(request, campaign)
        form = CountyApprovalForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(back)
        try:
            approve_region(request.user, campaign, region, form.cleaned_data["comment"],
                           form.cleaned_data["override_reason"])
        except ApprovalBlocked as blocked:
            messages.error(request, blocked_message(region, blocked.unconfirmed))
            return redirect(back)
        name = region.name if region is not None else _g("全县")
        messages.success(request, _g("已审核%(name)s报表，当前数据已存档。") % {"name": name})
        return redirect(back)

    @staticmethod
    def back_url(request, campaign) -> str:
        """The page that posted (a "next" field on this site), else the dashboard."""
        nxt = request.POST.get("next", "")
        if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()},
                                                   require_https=request.is_secure()):
            return nxt
        return f"{reverse('reports:dashboard')}?campaign={campaign.pk}"


CountyApprovalView = RegionApprovalView  # reports:approve_county: the campaign's own region


class SignOffDetailView(ReportView):
    """The figures frozen at a sign-off, unchanged by later responses: a township's, a
    county's or a city's (with its children's rows as they were)."""

    template_name = "reports/signoff.html"
    uses_filters = False

    def load_objects(self, request, **kwargs):
        self.signoff = get_object_or_404(
            SignOff.objects.select_related("township", "region", "signed_by", "campaign__region"), pk=kwargs["pk"])
        if self.signoff.township_id is not None:
            township_for(request.user, self.signoff.township_id)
            return
        require_reviewer(request.user)
        if not may_see_campaign(request.user, self.signoff.campaign):
            raise Http404
        if self.signoff.region_id is not None and not may_see_region(request.user, self.signoff.region):
            raise Http404  # another county's approval: a county reviewer learns nothing of it

    def get_page_title(self):
        if self.signoff.township_id:
            name = self.signoff.township.name
        else:
            name = self.signoff.region.name if self.signoff.region_id else _g("全县")
        return _g("%(name)s 审核存档") % {"name": name}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        figures = self.signoff.figures
        level = figures.get("level", "county")
        children = figures.get("counties") if level != "county" else figures.get("townships")
        context.update({"signoff": self.signoff, "row": figures["row"], "questions": figures.get("questions", []),
                        "as_of": figures["as_of"], "unconfirmed": figures.get("unconfirmed", []),
                        "children": children if self.signoff.township_id is None else None,
                        "children_are_counties": level != "county",
                        "changes": changes_since(self.signoff, self.today)})
        return context

