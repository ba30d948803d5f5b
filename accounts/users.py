"""Wagtail's user screens with what canbao knows beyond Django's User (accounts.Profile): the
township an officer is bound to and the region (county, city or province) a reviewer reads.
Administrators set them on the user's 账户 tab; roles.py reads them."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from .models import Profile


class ProfileFieldsMixin(forms.Form):
    township = forms.ModelChoiceField(
        label=_("所属乡镇"), queryset=None, required=False, help_text=_("乡镇专干只能查看和管理本乡镇的数据。"),
    )
    region = forms.ModelChoiceField(
        label=_("所属区域"), queryset=None, required=False,
        help_text=_("审核人只能查看该县（市、区）、市或省及其下属乡镇的数据；留空则为整个系统。"),
    )

    def __init__(self, *args, **kwargs):
        from campaigns.models import Township
        from regions.models import Region

        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = Township.objects.select_related("county")
        self.fields["township"].label_from_instance = lambda t: f"{t.county.name} · {t.name}"
        self.fields["region"].queryset = Region.objects.all()
        self.fields["region"].label_from_instance = lambda r: f"{r.name}（{r.get_level_display()}，{r.code[:6]}）"
        profile = Profile.objects.filter(user=self.instance).first() if self.instance.pk else None
        if profile is not None:
            self.initial.setdefault("township", profile.township_id)
            self.initial.setdefault("region", profile.region_id)

    def save(self, commit=True):
        user = super().save(commit=commit)
        if commit:
            Profile.objects.update_or_create(user=user, defaults={
                "township": self.cleaned_data.get("township"), "region": self.cleaned_data.get("region"),
            })
        return user


class CanbaoUserCreationForm(ProfileFieldsMixin, UserCreationForm):
    pass


class CanbaoUserEditForm(ProfileFieldsMixin, UserEditForm):
    pass


class UserViewSet(WagtailUserViewSet):
    create_template_name = "accounts/users/create.html"
    edit_template_name = "accounts/users/edit.html"

    def get_form_class(self, for_update=False):
        return CanbaoUserEditForm if for_update else CanbaoUserCreationForm
