"""Keep the public channel lookup (campaigns.channels) in step with staff edits."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from .channels import forget_channel, forget_channels, forget_townships
from .models import Campaign, Channel, Township

# Sent (with usccs=[…]) after an import created or updated firms in bulk, inside its
# transaction: apps that keep rows by USCC (survey responses) link and re-attribute them.
registry_changed = Signal()
# Sent (with user, rows, filters, include_personal) when staff download the target list as
# CSV: the export log (followups) records every such download.
target_list_exported = Signal()


@receiver([post_save, post_delete], sender=Channel, dispatch_uid="campaigns.forget_channel")
def channel_changed(sender, instance, **kwargs):
    forget_channel(instance.code)


@receiver(post_save, sender=Campaign, dispatch_uid="campaigns.forget_campaign_channels")
def campaign_changed(sender, instance, **kwargs):
    forget_channels(Channel.objects.filter(campaign=instance).values_list("code", flat=True))


@receiver([post_save, post_delete], sender=Township, dispatch_uid="campaigns.forget_townships")
def township_changed(sender, instance, **kwargs):
    forget_townships()
