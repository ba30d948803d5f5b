"""The county approval: the last step of the sign-off chain, reviewers only."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.views import View

from ..access import require_reviewer
from ..signoff import ApprovalBlocked, approve_county
from .base import selected_campaign


class CountyApprovalForm(forms.Form):
    comment = forms.CharField(label=_("审核意见"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                              error_messages={"required": _("请填写审核意见。")})
    override_reason = forms.CharField(
        label=_("尚有乡镇未确认时的审核理由"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("全部乡镇确认后可留空；否则必须说明理由，理由与未确认的乡镇一并存档。"),
    )


class CountyApprovalView(View):
    """POST: approve the county's figures of the selected campaign, then back to the dashboard."""

    http_method_names = ["post"]

    def post(self, request):
        require_reviewer(request.user)
        campaign = selected_campaign(request)
        if campaign is None:
            raise Http404
        back = f"{reverse('reports:dashboard')}?campaign={campaign.pk}"
        form = CountyApprovalForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(back)
        try:
            approve_county(request.user, campaign, form.cleaned_data["comment"], form.cleaned_data["override_reason"])
        except ApprovalBlocked as blocked:
            messages.error(request, _g("以下乡镇尚未确认，须填写审核理由：%(names)s") % {"names": "、".join(blocked.unconfirmed)})
            return redirect(back)
        messages.success(request, _g("已审核全县报表，当前数据已存档。"))
        return redirect(back)
