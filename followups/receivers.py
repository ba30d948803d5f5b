"""Listen to campaigns: its own target-list CSV is logged like the work list's."""

from django.dispatch import receiver

from campaigns.signals import target_list_exported

from .downloads import record_target_download


@receiver(target_list_exported, dispatch_uid="followups.log_target_list_download")
def log_target_list_download(sender, user, rows, filters, include_personal, **kwargs):
    record_target_download(user, None, rows, filters, include_personal)
