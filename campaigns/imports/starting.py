"""Accept an uploaded file: check it can be read, store it, queue the preview."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from ..models import ImportBatch
from .reading import ImportFileError, check_upload, read_table

MAX_NAME_LENGTH = 200  # ImportBatch.original_name


def start_import(kind: str, name: str, data: bytes, user=None) -> ImportBatch:
    """Reject an unreadable file with ImportFileError (nothing stored); otherwise keep it
    and queue the preview task."""
    from ..tasks import preview_import

    if len(name) > MAX_NAME_LENGTH:
        raise ImportFileError(_("文件名过长（%(n)d 个字符），请改为不超过 %(limit)d 个字符后再上传。")
                              % {"n": len(name), "limit": MAX_NAME_LENGTH})
    check_upload(name, len(data))
    read_table(data, name, kind)  # raises ImportFileError with a message for staff
    batch = ImportBatch(kind=kind, original_name=name, created_by=user)
    batch.file.save(name, ContentFile(data), save=False)
    batch.save()
    preview_import.enqueue(batch.pk)
    batch.refresh_from_db()
    return batch
