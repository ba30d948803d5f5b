"""Keep the public channel lookup (campaigns.channels) in step with staff edits."""

from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from regions.models import Region

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


@receiver([post_save, post_delete], sender=Region, dispatch_uid="campaigns.forget_region")
def region_changed(sender, instance, **kwargs):
    # County names group the township picker; region codes scope county-wide channels.
    forget_townships()
    forget_channels(Channel.objects.filter(Q(region_id=instance.pk) | Q(campaign__region_id=instance.pk))
                    .values_list("code", flat=True))
