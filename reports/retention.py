"""Deleting personal files after their retention period: uploaded registry files
(campaigns) and the contents of exports. The export log rows stay (who exported what and
when); only the file is gone."""

from __future__ import annotations

import datetime

from campaigns.retention import delete_expired_import_files, retention_cutoff

from .models import ExportLog


def delete_expired_export_files(now: datetime.datetime | None = None) -> int:
    """Empty the content of exports made before the retention cutoff; returns how many."""
    return ExportLog.objects.filter(created_at__lt=retention_cutoff(now), content__isnull=False).update(content=None)


def delete_expired_private_files(now: datetime.datetime | None = None) -> dict[str, int]:
    """Every expired personal file: run daily (`manage.py delete_expired_files`, or the
    worker's periodic loop)."""
    return {"imports": delete_expired_import_files(now), "exports": delete_expired_export_files(now)}
