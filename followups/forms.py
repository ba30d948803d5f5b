"""The follow-up form an officer fills in on the phone or after a visit."""

from django import forms

from .models import FollowUp


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["contacted_on", "way", "result", "next_step"]
        widgets = {"contacted_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
