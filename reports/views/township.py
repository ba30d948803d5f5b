from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from surveys.models import Question

from ..access import township_for
from ..breakdowns import channel_funnel, funnel_total
from ..models import SignOff
from ..questions import least_known, question_rates
from ..rollup import records, township_rollup
from ..signoff import changes_since, may_confirm_township, sign_off_township
from ..trend import weekly_series
from ..trend_chart import trend_chart_svg
from .base import ReportView


class SignOffForm(forms.Form):
    comment = forms.CharField(label=_("审核意见"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                              error_messages={"required": _("请填写审核意见。")})


class TownshipView(ReportView):
    """One township's report: figures, least-known questions, sign-off history and form."""

    template_name = "reports/township.html"

    def load_objects(self, request, **kwargs):
        self.township = township_for(request.user, kwargs["pk"])

    def get_page_title(self):
        return self.township.name

    def region_crumbs(self, region=None):
        # A campaign above the county: 统计报表 → (city →) county → township.
        if self.campaign is None or self.campaign.region_id is None:
            return []
        return super().region_crumbs(self.township.county)

    def post(self, request, *args, **kwargs):
        if not may_confirm_township(request.user, self.township):
            raise PermissionDenied
        if self.campaign is None:
            raise Http404
        form = SignOffForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(signoff_form=form))
        sign_off_township(request.user, self.campaign, self.township, form.cleaned_data["comment"], self.today)
        messages.success(request, _g("已审核确认%(name)s的报表，当前数据已存档。") % {"name": self.township.name})
        return redirect(f"{reverse('reports:township', args=[self.township.pk])}?campaign={self.campaign.pk}")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["township"] = self.township
        if self.campaign is None:
            return context
        mine = [self.township.pk]
        signoffs = list(SignOff.objects.filter(campaign=self.campaign, township=self.township,
                                               level=SignOff.Level.TOWNSHIP).select_related("signed_by"))
        [row] = records(township_rollup(self.campaign, self.filters, mine, self.today))
        funnel = channel_funnel(self.campaign, self.filters, mine)
        _, [trend] = weekly_series(self.campaign, self.filters, mine, self.today)
        context.update({
            "trend_chart": trend_chart_svg(trend),
            "trend_series": [trend],
            "row": row,
            "funnel": records(funnel),
            "funnel_total": funnel_total(funnel),
            "questions": records(least_known(self.campaign, self.filters, mine, township_id=self.township.pk)),
            "signoffs": signoffs,
            "changes": changes_since(signoffs[0], self.today) if signoffs else [],
            "may_sign_off": may_confirm_township(self.request.user, self.township),
            "signoff_form": kwargs.get("signoff_form") or SignOffForm(),
        })
        return context


class QuestionView(ReportView):
    """One knowledge question: correct rate county-wide and per visible township."""

    template_name = "reports/question.html"

    def load_objects(self, request, **kwargs):
        self.question = get_object_or_404(Question, pk=kwargs["pk"], role=Question.Role.KNOWLEDGE)

    def get_page_title(self):
        return _g("题目：%(text)s") % {"text": self.question.text}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["question"] = self.question
        if self.campaign is None or self.campaign.survey_id != self.question.survey_id:
            return context
        county, per_township = question_rates(self.campaign, self.filters, self.townships)
        names = {r["township_id"]: r["name"] for r in records(township_rollup(self.campaign, townships=self.townships,
                                                                            today=self.today))}
        mine = per_township[per_township["question_id"] == self.question.pk]
        rows = sorted(({**r, "name": names.get(r["township_id"], "")} for r in records(mine)),
                      key=lambda r: (r["rate"] is None, r["rate"] or 0))
        overall = [r for r in records(county) if r["question_id"] == self.question.pk]
        context.update({"rows": rows, "overall": overall[0] if overall and self.bureau_wide else None})
        return context

