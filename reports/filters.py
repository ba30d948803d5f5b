"""Report filters: parsed from the query string by a form, applied as Q objects to
responses (directly or through an answer's response)."""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Channel, SizeClass

from .labels import INDUSTRY_SECTION_CHOICES

INDUSTRY_SECTIONS = INDUSTRY_SECTION_CHOICES  # "C 制造业"


@dataclass(frozen=True)
class ReportFilters:
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    channel_kind: str = ""
    industry_section: str = ""
    size_class: str = ""

    def as_dict(self) -> dict:
        return {k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in asdict(self).items() if v}

    @property
    def is_empty(self) -> bool:
        return not self.as_dict()

    def as_query(self) -> str:
        from django.utils.http import urlencode

        return urlencode(self.as_dict())


class ReportFilterForm(forms.Form):
    date_from = forms.DateField(label=_("开始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("结束日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    channel_kind = forms.ChoiceField(label=_("渠道类型"), required=False, choices=[("", _("全部"))] + list(Channel.Kind.choices))
    industry_section = forms.ChoiceField(label=_("行业门类"), required=False, choices=[("", _("全部"))] + INDUSTRY_SECTIONS)
    size_class = forms.ChoiceField(label=_("企业规模"), required=False, choices=[("", _("全部"))] + list(SizeClass.choices))

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("开始日期不能晚于结束日期。"))
        return data

    def filters(self) -> ReportFilters:
        """The valid filters; an invalid form yields no filters (its errors are shown)."""
        if not self.is_valid():
            return ReportFilters()
        data = self.cleaned_data
        return ReportFilters(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            channel_kind=data.get("channel_kind") or "",
            industry_section=data.get("industry_section") or "",
            size_class=data.get("size_class") or "",
        )


def filters_from_dict(data: dict | None) -> ReportFilters:
    form = ReportFilterForm(data or {})
    return form.filters()


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def response_q(filters: ReportFilters, prefix: str = "") -> Q:
    """The filters as a Q on Response (prefix "response__" when applied to answers)."""
    q = date_q(filters, f"{prefix}submitted_at")
    if filters.channel_kind:
        q &= Q(**{f"{prefix}channel__kind": filters.channel_kind})
    if filters.industry_section:
        q &= Q(**{f"{prefix}enterprise__industry_section": filters.industry_section})
    if filters.size_class:
        q &= Q(**{f"{prefix}enterprise__size_class": filters.size_class})
    return q


def enterprise_q(filters: ReportFilters) -> Q:
    """The firm filters (industry, size class) as a Q on Enterprise."""
    q = Q()
    if filters.industry_section:
        q &= Q(industry_section=filters.industry_section)
    if filters.size_class:
        q &= Q(size_class=filters.size_class)
    return q


def date_q(filters: ReportFilters, field: str) -> Q:
    """The date range (local calendar days, both ends included) on a datetime field."""
    q = Q()
    if filters.date_from:
        q &= Q(**{f"{field}__gte": _start_of(filters.date_from)})
    if filters.date_to:
        q &= Q(**{f"{field}__lt": _start_of(filters.date_to + datetime.timedelta(days=1))})
    return q


def scan_q(filters: ReportFilters) -> Q:
    """Scans carry no firm, so only date and channel kind apply to them."""
    q = date_q(filters, "scanned_at")
    if filters.channel_kind:
        q &= Q(channel__kind=filters.channel_kind)
    return q
