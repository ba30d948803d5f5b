"""Admin forms that respect township scoping and the USCC and size rules."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm

from accounts.roles import (
    campaign_townships,
    is_reviewer,
    may_lead_region,
    may_see_phone_numbers,
    may_see_region,
    reviewer_region,
    sees_everything,
    visible_campaigns,
    visible_regions,
    visible_townships,
)
from regions.models import Region
from regions.tree import is_within

from ..classification import parse_industry
from ..models import Campaign, Channel, Enterprise, InsuredChange, TownshipTarget
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


def _counties(user):
    return visible_regions(user).filter(level=Region.Level.COUNTY)


class ChannelForm(WagtailAdminModelForm):
    """A township's channel (the user's townships within the campaign's region), or one
    without a township: for the user's county, or for the campaign's whole region when the
    user holds all of it (accounts.roles.may_lead_region)."""

    class Meta:
        model = Channel
        fields = ["campaign", "township", "region", "kind", "label", "is_active", "expires_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        self.fields["campaign"].queryset = visible_campaigns(user)
        campaign = self.instance.campaign if self.instance.campaign_id else None
        self.fields["township"].queryset = campaign_townships(user, campaign)
        self.fields["township"].empty_label = _("全县通用（答题人自选乡镇）")
        self.fields["region"].queryset = _counties(user)
        self.fields["region"].empty_label = _("整个行动区域")

    def clean(self):
        data = super().clean()
        campaign, township, user = data.get("campaign"), data.get("township"), self.for_user
        if campaign is None or self.errors:
            return data
        if township is not None:
            if not campaign_townships(user, campaign).filter(pk=township.pk).exists():
                self.add_error("township", _("该乡镇不在本扩面行动的区域内。"))
            data["region"] = None
            return data
        if not is_reviewer(user):  # officers publish for their own township only
            self.add_error("township", _("请选择乡镇。"))
            return data
        region = data.get("region")
        if region is None and not may_lead_region(user, campaign.region):
            region = data["region"] = reviewer_region(user)  # a county reviewer: their own county
        if region is not None and not (is_within(region, campaign.region) and may_see_region(user, region)):
            self.add_error("region", _("通用范围须是本扩面行动区域内、您所负责的县（市、区）。"))
        return data


class CampaignForm(WagtailAdminModelForm):
    """A campaign at a level: a county, city or province the user holds, or (deployment-wide
    users only) none, for every township of the deployment."""

    class Meta:
        model = Campaign
        fields = ["name", "region", "starts_on", "ends_on", "publicity_starts_on", "publicity_ends_on", "survey",
                  "deadline"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = visible_regions(self.for_user)
        self.fields["region"].empty_label = _("全部区域")

    def clean_region(self):
        region = self.cleaned_data.get("region")
        if not may_lead_region(self.for_user, region):
            raise forms.ValidationError(_("请选择您所负责的行政区域。"))
        return region


class TownshipTargetForm(WagtailAdminModelForm):
    class Meta:
        model = TownshipTarget
        fields = ["campaign", "township", "target_responses"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = visible_campaigns(self.for_user)
        self.fields["township"].queryset = visible_townships(self.for_user)

    def clean(self):
        data = super().clean()
        campaign, township = data.get("campaign"), data.get("township")
        if campaign is not None and township is not None and not campaign_townships(
                self.for_user, campaign).filter(pk=township.pk).exists():
            self.add_error("township", _("该乡镇不在本扩面行动的区域内。"))
        return data


class ImportUploadForm(forms.Form):
    """The list's kind, file and date; and its county when the uploader sees more than one
    county with townships (a county reviewer's lists are always of their county)."""

    kind = forms.ChoiceField(label=_("导入类型"), choices=[])
    file = forms.FileField(label=_("文件"), allow_empty_file=True, help_text=_("支持 .xlsx、.xls、.ods 或 .csv（UTF-8 或 GBK 编码），不超过 20 MB。"))
    list_date = forms.DateField(
        label=_("名单日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("参保单位名单：名单所反映的日期，参保状态变化以此日期生效；新登记企业名单：月报日期，记为新增企业的新登记日期。留空则为今天。"),
    )

    def __init__(self, *args, user=None, **kwargs):
        from ..models import ImportBatch

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ImportBatch.Kind.choices
        self.user = user
        mine = reviewer_region(user) if user is not None else None
        self.fixed = mine if mine is not None and mine.is_county else None
        self.counties = _counties(user).filter(townships__isnull=False).distinct() if user is not None else None
        if self.fixed is None and self.counties is not None and self.counties.count() > 1:
            self.fields["county"] = forms.ModelChoiceField(
                label=_("所属县（市、区）"), queryset=self.counties, empty_label=_("请选择"),
                help_text=_("名单中的乡镇名称只在所选县内识别，其他县的企业不会被修改。"),
            )

    def clean(self):
        data = super().clean()
        if self.fixed is not None:
            data["county"] = self.fixed
        elif "county" not in self.fields:
            only = self.counties.first() if self.counties is not None else None
            data["county"] = only if self.user is not None and not sees_everything(self.user) else None
            if data["county"] is None and self.user is not None and not sees_everything(self.user):
                raise forms.ValidationError(_("您负责的区域内还没有乡镇，请先导入行政区划。"))
        return data
