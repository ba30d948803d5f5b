"""Accept an uploaded file: check it can be read, store it, queue the preview; restart a
batch whose task failed or whose worker was killed; re-run the preview with the columns an
officer corrected."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from ..models import ImportBatch
from .reading import ImportFileError, check_upload, read_table

MAX_NAME_LENGTH = 200  # ImportBatch.original_name


def start_import(kind: str, name: str, data: bytes, user=None, list_date=None, county=None) -> ImportBatch:
    """Reject an unreadable file with ImportFileError (nothing stored); otherwise keep it,
    with the column mapping found (and, for an insured list, the date it speaks for), and
    queue the preview task. `county`: the county the list is of (townships looked up there)."""
    from ..tasks import preview_import

    if len(name) > MAX_NAME_LENGTH:
        raise ImportFileError(_("文件名过长（%(n)d 个字符），请改为不超过 %(limit)d 个字符后再上传。")
                              % {"n": len(name), "limit": MAX_NAME_LENGTH})
    check_upload(name, len(data))
    table = read_table(data, name, kind)  # raises ImportFileError with a message for staff
    batch = ImportBatch(kind=kind, original_name=name, created_by=user, column_mapping=table.mapping(),
                        list_date=list_date, county=county)
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


def remap_import(batch: ImportBatch, fields: dict[str, int | None]) -> ImportBatch:
    """Preview the batch again with the officer's columns ({field: column or None}).
    Raises ImportFileError (nothing changed) when the file cannot be read that way."""
    from ..tasks import preview_import

    with batch.file.open("rb") as fh:
        data = fh.read()
    table = read_table(data, batch.original_name, batch.kind, fields)
    mapping = table.mapping() | {"corrected": True}
    ImportBatch.objects.filter(pk=batch.pk).update(
        column_mapping=mapping, status=ImportBatch.Status.PENDING, progress=0, counts={}, rows=[], error=""
    )
    preview_import.enqueue(batch.pk)
    batch.refresh_from_db()
    return batch


def chosen_fields(batch: ImportBatch) -> dict | None:
    """The columns to read the batch's file with: the officer's, once corrected."""
    mapping = batch.column_mapping or {}
    return mapping.get("fields") if mapping.get("corrected") else None
