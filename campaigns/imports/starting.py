"""Accept an uploaded file: check it can be read, store it, queue the preview."""

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
