"""Keep the public channel lookup in step with survey edits: a cached channel carries
its survey's version stamp."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from campaigns.channels import forget_channels
from campaigns.models import Channel

from .models import Survey


@receiver(post_save, sender=Survey, dispatch_uid="surveys.forget_survey_channels")
def survey_changed(sender, instance, **kwargs):
    forget_channels(Channel.objects.filter(campaign__survey=instance).values_list("code", flat=True))
