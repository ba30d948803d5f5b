"""The contribution estimator (缴费测算): payroll × the rate of the industry's risk class
(《工伤保险条例》第十条). Rates and the industry mapping are data (cms.models.estimator)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Industry

MAX_MONTHLY_PAYROLL = Decimal("100000000")  # 1 亿元 a month: beyond any small or micro firm
MAX_HEADCOUNT = 100000
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Estimate:
    industry: Industry
    risk_class: int
    rate_percent: Decimal
    monthly_payroll: Decimal
    headcount: int
    monthly: Decimal
    yearly: Decimal
    per_person_monthly: Decimal


def estimate_contribution(industry: Industry, monthly_payroll: Decimal, headcount: int) -> Estimate:
    """Monthly and yearly contribution at the base rate of the industry's risk class."""
    rate = industry.risk_class.base_rate_percent
    monthly = (monthly_payroll * rate / 100).quantize(CENT, ROUND_HALF_UP)
    return Estimate(
        industry=industry,
        risk_class=industry.risk_class.number,
        rate_percent=rate.normalize(),
        monthly_payroll=monthly_payroll,
        headcount=headcount,
        monthly=monthly,
        yearly=(monthly * 12).quantize(CENT),
        per_person_monthly=(monthly / headcount).quantize(CENT, ROUND_HALF_UP),
    )


def _normalise_number(raw: str) -> str:
    # Full-width digits (１２０００), thousands separators and spaces are common on phones.
    text = unicodedata.normalize("NFKC", raw or "").strip()
    return text.replace(",", "").replace("，", "").replace(" ", "").removesuffix("元").removesuffix("人")


class EstimatorForm(forms.Form):
    industry = forms.ModelChoiceField(
        label=_("所属行业"), queryset=Industry.objects.select_related("risk_class"), empty_label=_("请选择行业"),
        error_messages={"required": _("请选择所属行业。"), "invalid_choice": _("所选行业不存在，请重新选择。")},
    )
    payroll = forms.CharField(
        label=_("每月工资总额（元）"), max_length=30, error_messages={"required": _("请填写每月工资总额。")},
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    headcount = forms.CharField(
        label=_("职工人数（人）"), max_length=10, error_messages={"required": _("请填写职工人数。")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_payroll(self) -> Decimal:
        text = _normalise_number(self.cleaned_data["payroll"])
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError(_("工资总额只能填写数字（单位：元），不能包含文字或字母。")) from None
        if not value.is_finite():
            raise forms.ValidationError(_("工资总额只能填写数字（单位：元），不能包含文字或字母。"))
        if value < 0:
            raise forms.ValidationError(_("工资总额不能是负数。"))
        if value == 0:
            raise forms.ValidationError(_("工资总额必须大于0。"))
        if value > MAX_MONTHLY_PAYROLL:
            raise forms.ValidationError(_("金额过大（超过1亿元/月），请核对是否多输了零。"))
        return value.quantize(CENT, ROUND_HALF_UP)

    def clean_headcount(self) -> int:
        text = _normalise_number(self.cleaned_data["headcount"])
        if text.startswith("-") and text[1:].isdigit():
            raise forms.ValidationError(_("职工人数不能是负数。"))
        if not text.isdigit():
            raise forms.ValidationError(_("职工人数只能填写整数，不能包含文字或字母。"))
        value = int(text)
        if value == 0:
            raise forms.ValidationError(_("职工人数至少为1人。"))
        if value > MAX_HEADCOUNT:
            raise forms.ValidationError(_("职工人数过大，请核对后重新填写。"))
        return value

    def is_valid(self) -> bool:
        valid = super().is_valid()
        for name in self.errors:
            if name in self.fields:  # let screen readers announce the message with the field
                self.fields[name].widget.attrs.update({"aria-invalid": "true", "aria-describedby": f"id_{name}-error"})
        return valid

    def estimate(self) -> Estimate:
        data = self.cleaned_data
        return estimate_contribution(data["industry"], data["payroll"], data["headcount"])
