"""Every download of a target list (with phone numbers) leaves a row in the export log."""

from __future__ import annotations

from django.utils import timezone

from accounts.roles import officer_township
from campaigns.models import Campaign
from reports.models import ExportLog

TARGETS_TABLE = "targets"


def record_target_download(user, campaign: Campaign | None, rows: int, filters: dict, include_personal: bool) -> ExportLog | None:
    """Log a finished CSV download of a target list: who, when, how many rows, which
    filters. The log is per campaign; with no campaign at all there is nothing to log
    against (and no work list to download), so None."""
    campaign = campaign or Campaign.objects.order_by("-starts_on", "-id").first()
    if campaign is None:
        return None
    now = timezone.now()
    return ExportLog.objects.create(
        user=user, campaign=campaign, township=officer_township(user), format=ExportLog.Format.CSV,
        table=TARGETS_TABLE, filters={k: v for k, v in filters.items() if v and k != "format"},
        include_personal=include_personal, status=ExportLog.Status.DONE, progress=100, rows=rows, finished_at=now,
    )
