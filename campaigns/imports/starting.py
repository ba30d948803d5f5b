"""Accept an uploaded file: check it can be read, store it, queue the preview; restart a
batch whose task failed or whose worker was killed."""

from __future__ import annotations

from django.core.files.base import ContentFile

from ..models import ImportBatch
from .reading import check_upload, read_table


def start_import(kind: str, name: str, data: bytes, user=None) -> ImportBatch:
    """Reject an unreadable file with ImportFileError (nothing stored); otherwise keep it
    and queue the preview task."""
    from ..tasks import preview_import

    check_upload(name, len(data))
    read_table(data, name, kind)  # raises ImportFileError with a message for staff
    batch = ImportBatch(kind=kind, original_name=name[:200], created_by=user)
    batch.file.save(name, ContentFile(data), save=False)
    batch.save()
    preview_import.enqueue(batch.pk)
    batch.refresh_from_db()
    return batch


def restart_import(batch: ImportBatch) -> bool:
    """Queue a failed batch again from the step that did not finish: the apply when the
    preview had finished (staff had confirmed it), else the preview. The apply re-plans
    against the current registry and writes in one transaction, so a run cut short left
    nothing behind. Returns False (nothing queued) unless the batch has failed."""
    from ..tasks import apply_import, preview_import

    resume_apply = bool(batch.counts)
    status = ImportBatch.Status.APPLYING if resume_apply else ImportBatch.Status.PENDING
    queued = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.FAILED).update(
        status=status, progress=0, error="", heartbeat_at=None
    )
    if not queued:
        return False
    (apply_import if resume_apply else preview_import).enqueue(batch.pk)
    return True
