"""Keep the public channel lookup in step with survey edits (a cached channel carries
its survey's version stamp), and responses in step with the registry (attribution)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from campaigns.channels import forget_channels
from campaigns.models import Channel, Enterprise
from campaigns.signals import registry_changed

from .attribution import attribute_responses
from .models import Survey


@receiver(post_save, sender=Survey, dispatch_uid="surveys.forget_survey_channels")
def survey_changed(sender, instance, **kwargs):
    forget_channels(Channel.objects.filter(campaign__survey=instance).values_list("code", flat=True))


@receiver(post_save, sender=Enterprise, dispatch_uid="surveys.attribute_firm_responses")
def firm_saved(sender, instance, raw=False, **kwargs):
    """A firm added or edited by staff: its responses follow its township."""
    if not raw:
        attribute_responses([instance.uscc])


@receiver(registry_changed, dispatch_uid="surveys.attribute_imported_responses")
def registry_imported(sender, usccs, **kwargs):
    attribute_responses(usccs)
