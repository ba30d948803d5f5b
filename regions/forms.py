"""Staff forms of the regions screens: uploading the bureau's list, editing one region."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Region


class RegionImportForm(forms.Form):
    file = forms.FileField(
        label=_("区划名单"), allow_empty_file=True,
        help_text=_("CSV（UTF-8 或 GBK 编码）或 .xlsx 表格，列为“区划代码”“名称”，可选“类型”“上级代码”；不超过 20 MB。"),
    )


class RegionForm(forms.ModelForm):
    class Meta:
        model = Region
        fields = ["name", "office_phone"]
