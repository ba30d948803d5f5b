"""通报 screens: the list with each draft's editable header, issuing, and the PDF (one click
from the dashboard). For reviewers whose region contains the campaign's region
(accounts.roles.may_issue_bulletin); a bulletin of a campaign the user may not see is 404.
The reviewers of a county in a city campaign read the city's issued bulletins
(accounts.roles.may_read_bulletin); its drafts, drafting and issuing are 403 to them."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts.roles import may_issue_bulletin, may_read_bulletin, may_see_campaign

from ..access import require_reviewer
from ..bulletins import issue, new_draft
from ..exports.bulletin import build_bulletin
from ..models import Bulletin
from .base import ReportView, selected_campaign


class BulletinForm(forms.ModelForm):
    class Meta:
        model = Bulletin
        fields = ["number", "bureau", "title", "period_start", "period_end", "issue_date"]
        widgets = {f: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
                   for f in ("period_start", "period_end", "issue_date")}

    def clean(self):
        data = super().clean()
        if data.get("period_start") and data.get("period_end") and data["period_start"] > data["period_end"]:
            raise forms.ValidationError(_("统计期间的开始日期不能晚于结束日期。"))
        return data


class BulletinListView(ReportView):
    template_name = "reports/bulletins.html"
    page_title = _("通报")
    uses_filters = False

    def check_access(self, user):
        require_reviewer(user)

    def get_context_data(self, **kwargs):
        may_issue = self.campaign is not None and may_issue_bulletin(self.request.user, self.campaign)
        context = super().get_context_data(**kwargs)
        bulletins = Bulletin.objects.filter(campaign=self.campaign).select_related("issued_by") if self.campaign else []
        if not may_issue:  # read only: the issued ones
            bulletins = [b for b in bulletins if may_read_bulletin(self.request.user, b)]
        context["may_issue"] = may_issue
        context["bulletins"] = [(b, None if b.is_issued or not may_issue else BulletinForm(instance=b, prefix=f"b{b.pk}"))
                                for b in bulletins]
        return context


def _bulletin_for(request, pk: int, read_only: bool = False) -> Bulletin:
    """The bulletin, after the access decision (404 / 403 as above)."""
    require_reviewer(request.user)
    bulletin = get_object_or_404(Bulletin.objects.select_related("campaign__region"), pk=pk)
    if not may_see_campaign(request.user, bulletin.campaign):
        raise Http404
    allowed = may_read_bulletin(request.user, bulletin) if read_only else may_issue_bulletin(request.user, bulletin.campaign)
    if not allowed:
        raise PermissionDenied
    return bulletin


def _back(bulletin) -> str:
    return f"{reverse('reports:bulletins')}?campaign={bulletin.campaign_id}"


@require_POST
def bulletin_new_view(request):
    """Open the campaign's draft bulletin (a new one with the default header when there is
    none) and, from the dashboard's button, go straight to its PDF."""
    require_reviewer(request.user)
    campaign = selected_campaign(request)
    if campaign is None:
        raise Http404
    if not may_issue_bulletin(request.user, campaign):
        raise PermissionDenied
    draft = Bulletin.objects.filter(campaign=campaign, status=Bulletin.Status.DRAFT).order_by("-id").first()
    draft = draft or new_draft(request.user, campaign)
    if request.POST.get("open") == "pdf":
        return redirect("reports:bulletin_pdf", pk=draft.pk)
    return redirect(_back(draft))


@require_POST
def bulletin_edit_view(request, pk: int):
    bulletin = _bulletin_for(request, pk)
    if bulletin.is_issued:
        messages.error(request, _g("已签发的通报不能修改。"))
        return redirect(_back(bulletin))
    form = BulletinForm(request.POST, instance=bulletin, prefix=f"b{bulletin.pk}")
    if form.is_valid():
        form.save()
        messages.success(request, _g("通报已保存。"))
    else:
        errors = "；".join(str(e) for field_errors in form.errors.values() for e in field_errors)
        messages.error(request, _g("通报未保存：%(errors)s") % {"errors": errors})
    return redirect(_back(bulletin))


@require_POST
def bulletin_issue_view(request, pk: int):
    bulletin = _bulletin_for(request, pk)
    if bulletin.is_issued:
        messages.error(request, _g("该通报已签发。"))
        return redirect(_back(bulletin))
    if Bulletin.objects.filter(status=Bulletin.Status.ISSUED, number=bulletin.number).exists():
        messages.error(request, _g("文号 %(number)s 已被使用，请修改文号后再签发。") % {"number": bulletin.number})
        return redirect(_back(bulletin))
    issue(bulletin, request.user)
    messages.success(request, _g("已签发 %(number)s，数据已存档，不再改变。") % {"number": bulletin.number})
    return redirect(_back(bulletin))


def bulletin_pdf_view(request, pk: int):
    bulletin = _bulletin_for(request, pk, read_only=True)
    response = HttpResponse(build_bulletin(bulletin), content_type="application/pdf")
    name = f"bulletin-{bulletin.issue_date:%Y%m%d}-{bulletin.pk}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
