"""Admin forms that respect township scoping and the USCC and size rules."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm

from accounts.roles import is_reviewer, may_see_phone_numbers, visible_townships

from ..classification import parse_industry
from ..models import Channel, Enterprise, InsuredChange
from ..uscc import check_uscc


class EnterpriseForm(WagtailAdminModelForm):
    class Meta:
        model = Enterprise
        fields = ["name", "uscc", "township", "industry_code", "industry_name", "employees", "revenue", "assets",
                  "registered_on", "contact_phone", "insured", "insured_source", "insured_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        self.fields["township"].queryset = visible_townships(user)
        township = self.instance.township if self.instance.pk else None
        if township is not None and not may_see_phone_numbers(user, township):
            del self.fields["contact_phone"]
        self._was_insured = self.instance.insured if self.instance.pk else None

    def save(self, commit=True):
        firm = super().save(commit=commit)
        if commit and self._was_insured is not None and self._was_insured != firm.insured:
            # A staff correction is part of the insured history too (no import batch).
            InsuredChange.objects.create(enterprise=firm, insured_from=self._was_insured, insured_to=firm.insured,
                                         effective_on=firm.insured_on or timezone.localdate())
        return firm

    def clean_uscc(self):
        result = check_uscc(self.cleaned_data.get("uscc"))
        if not result.well_formed:
            raise forms.ValidationError(result.message)
        # Staff copy codes from official records: a failed check is kept and flagged.
        self.instance.uscc_needs_review = not result.check_ok
        return result.code

    def clean_industry_code(self):
        raw = self.cleaned_data.get("industry_code", "").strip()
        if not raw:
            return ""
        industry = parse_industry(raw)
        if industry is None:
            raise forms.ValidationError(_("无法识别的行业代码，请填写国民经济行业（GB/T 4754）门类字母或代码，如 C、52、5211。"))
        return industry.code


class ChannelForm(WagtailAdminModelForm):
    class Meta:
        model = Channel
        fields = ["campaign", "township", "kind", "label", "is_active", "expires_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = visible_townships(self.for_user)
        self.fields["township"].empty_label = _("全县通用（答题人自选乡镇）")

    def clean_township(self):
        township = self.cleaned_data.get("township")
        # Only bureau-wide staff may publish a channel that counts in every township.
        if township is None and not is_reviewer(self.for_user):
            raise forms.ValidationError(_("请选择乡镇。"))
        return township


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("导入类型"), choices=[])
    file = forms.FileField(label=_("文件"), allow_empty_file=True, help_text=_("支持 .xlsx、.xls、.ods 或 .csv（UTF-8 或 GBK 编码），不超过 20 MB。"))
    list_date = forms.DateField(
        label=_("名单日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("参保单位名单：名单所反映的日期，参保状态变化以此日期生效；新登记企业名单：月报日期，记为新增企业的新登记日期。留空则为今天。"),
    )

    def __init__(self, *args, **kwargs):
        from ..models import ImportBatch

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ImportBatch.Kind.choices
