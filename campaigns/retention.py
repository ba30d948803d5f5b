"""Uploaded registry files are kept only as long as needed: after
settings.CANBAO_PRIVATE_FILE_RETENTION_DAYS the file is deleted (the batch, its counts and
its row-by-row report stay)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from core.private_files import private_storage

from .models import ImportBatch

_UNFINISHED = (ImportBatch.Status.PENDING, ImportBatch.Status.PREVIEWING, ImportBatch.Status.PREVIEWED)


def retention_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()) - datetime.timedelta(days=settings.CANBAO_PRIVATE_FILE_RETENTION_DAYS)


def delete_expired_import_files(now: datetime.datetime | None = None) -> int:
    """Delete the files of batches uploaded before the retention cutoff, and files in the
    private imports folder that no batch refers to (left by a failed upload) and are as
    old. A batch never confirmed is marked failed. Returns the number of files deleted."""
    cutoff = retention_cutoff(now)
    storage = private_storage()
    deleted = 0
    for batch in ImportBatch.objects.filter(created_at__lt=cutoff).exclude(file=""):
        if storage.exists(batch.file.name):
            storage.delete(batch.file.name)
            deleted += 1
        changes = {"file": ""}
        if batch.status in _UNFINISHED:
            changes |= {"status": ImportBatch.Status.FAILED, "error": _("文件已超过保存期限被删除，请重新上传。")}
        ImportBatch.objects.filter(pk=batch.pk).update(**changes)
    if storage.exists("imports"):
        referenced = set(ImportBatch.objects.exclude(file="").values_list("file", flat=True))
        for filename in storage.listdir("imports")[1]:
            name = f"imports/{filename}"
            if name not in referenced and storage.get_modified_time(name) < cutoff:
                storage.delete(name)
                deleted += 1
    return deleted
