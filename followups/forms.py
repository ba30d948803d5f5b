"""The follow-up form an officer fills in on the phone or after a visit."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import FollowUp


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["contacted_on", "way", "result", "next_step"]
        widgets = {"contacted_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    close_consultations = forms.BooleanField(label=_("同时办结该企业的待跟进咨询"), required=False)

    def __init__(self, *args, open_consultations: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not open_consultations:
            del self.fields["close_consultations"]
