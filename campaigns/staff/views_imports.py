"""Import screens: upload → preview → confirm → report (reviewers and administrators)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import may_download_import_file, may_see_import_batch
from core.jobs import sweep_stale_jobs

from ..imports import (
    ACTION_LABELS,
    ImportFileError,
    check_upload,
    remap_import,
    report_csv,
    restart_import,
    start_import,
)
from ..imports.headers import FIELD_LABELS, FIELDS_BY_KIND
from ..models import ImportBatch
from .forms import ImportUploadForm

IMPORT_PERMISSION = "campaigns.add_importbatch"
PREVIEW_ROWS = 300


def _require(request):
    if not request.user.has_perm(IMPORT_PERMISSION):
        raise PermissionDenied


def _batch(request, pk: int) -> ImportBatch:
    """A batch of the user's counties (or their own upload); any other answers 404."""
    batch = get_object_or_404(ImportBatch.objects.select_related("county"), pk=pk)
    if not may_see_import_batch(request.user, batch):
        raise Http404
    return batch


def upload(request):
    _require(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            check_upload(upload_file.name, upload_file.size)  # before reading it into memory
            batch = start_import(form.cleaned_data["kind"], upload_file.name, upload_file.read(), request.user,
                                 list_date=form.cleaned_data.get("list_date"), county=form.cleaned_data.get("county"))
        except ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("canbao_imports:detail", pk=batch.pk)
    batches = [b for b in ImportBatch.objects.select_related("county")[:200] if may_see_import_batch(request.user, b)]
    context = {"form": form, "batches": batches[:20], "page_title": _("数据导入"), "header_icon": "upload"}
    return TemplateResponse(request, "campaigns/staff/import_upload.html", context, status=400 if form.errors else 200)


def detail(request, pk: int):
    _require(request)
    sweep_stale_jobs()  # a batch whose worker was killed shows as failed, with a restart button
    batch = _batch(request, pk)
    rows = [[n, ACTION_LABELS.get(a, a), a, c, name, reason] for n, a, c, name, reason in batch.rows[:PREVIEW_ROWS]]
    context = {
        "batch": batch, "rows": rows, "shown": len(rows), "total": len(batch.rows),
        "labels": ACTION_LABELS, "page_title": str(batch), "header_icon": "upload",
        "may_download_file": bool(batch.file) and may_download_import_file(request.user, batch),
        "running": batch.status in (ImportBatch.Status.PENDING, ImportBatch.Status.PREVIEWING, ImportBatch.Status.APPLYING),
        "mapping": _mapping_rows(batch), "column_choices": _column_choices(batch),
        "can_remap": batch.status in REMAPPABLE and bool((batch.column_mapping or {}).get("labels")),
    }
    return TemplateResponse(request, "campaigns/staff/import_detail.html", context)


REMAPPABLE = (ImportBatch.Status.PREVIEWED, ImportBatch.Status.FAILED)


def _column_name(index: int, label: str) -> str:
    letters, n = "", index + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return _("%(letters)s列（%(label)s）") % {"letters": letters, "label": label or _("无表头")}


def _column_choices(batch: ImportBatch) -> list[tuple[int, str]]:
    labels = (batch.column_mapping or {}).get("labels") or []
    return [(i, _column_name(i, label)) for i, label in enumerate(labels)]


def _mapping_rows(batch: ImportBatch) -> list[dict]:
    """Every field of this kind of list with the column it is read from (None: not read)."""
    mapping = batch.column_mapping or {}
    labels, fields = mapping.get("labels") or [], mapping.get("fields") or {}
    rows = []
    for fname in FIELDS_BY_KIND[batch.kind]:
        col = fields.get(fname)
        rows.append({"field": fname, "label": FIELD_LABELS[fname], "column": col,
                     "column_name": _column_name(col, labels[col]) if col is not None and col < len(labels) else ""})
    return rows


@require_POST
def remap(request, pk: int):
    """Re-run the preview with the columns the officer chose on the preview page."""
    _require(request)
    batch = _batch(request, pk)
    if batch.status not in REMAPPABLE:
        messages.error(request, _("该批次当前状态为“%(status)s”，不能修改列对应。") % {"status": batch.get_status_display()})
        return redirect("canbao_imports:detail", pk=pk)
    chosen = {}
    for fname in FIELDS_BY_KIND[batch.kind]:
        raw = request.POST.get(f"column_{fname}", "")
        chosen[fname] = int(raw) if raw.isdigit() else None
    try:
        remap_import(batch, chosen)
    except ImportFileError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已按修改后的列对应重新预览。"))
    return redirect("canbao_imports:detail", pk=pk)


@require_POST
def confirm(request, pk: int):
    from ..tasks import apply_import

    _require(request)
    batch = _batch(request, pk)
    if batch.status != ImportBatch.Status.PREVIEWED:
        messages.error(request, _("该批次当前状态为“%(status)s”，不能确认导入。") % {"status": batch.get_status_display()})
        return redirect("canbao_imports:detail", pk=pk)
    # Queued, not yet running: no lease until a worker takes it (core.jobs).
    ImportBatch.objects.filter(pk=pk).update(status=ImportBatch.Status.APPLYING, progress=0, heartbeat_at=None)
    apply_import.enqueue(batch.pk)
    batch.refresh_from_db()
    if batch.status == ImportBatch.Status.APPLIED:
        messages.success(request, _("导入完成：新增 %(created)d，更新 %(updated)d，未变 %(unchanged)d，拒绝 %(rejected)d。") % batch.counts)
    return redirect("canbao_imports:detail", pk=pk)


@require_POST
def restart(request, pk: int):
    """Queue a failed batch again (its worker was killed, or the database stayed away)."""
    _require(request)
    batch = _batch(request, pk)
    if not restart_import(batch):
        messages.error(request, _("该批次当前状态为“%(status)s”，无需重新开始。") % {"status": batch.get_status_display()})
    else:
        messages.success(request, _("已重新开始。"))
    return redirect("canbao_imports:detail", pk=pk)


def original_file(request, pk: int):
    """The uploaded file itself, from private storage: its uploader and administrators only;
    everyone else (and a file past its retention) gets 404."""
    batch = ImportBatch.objects.filter(pk=pk).first()
    if batch is None or not batch.file or not may_download_import_file(request.user, batch) or not may_see_import_batch(
            request.user, batch):
        raise Http404
    try:
        handle = batch.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=batch.original_name,
                        content_type="application/octet-stream")


def report(request, pk: int):
    _require(request)
    batch = _batch(request, pk)
    response = HttpResponse(report_csv(batch), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{batch.pk}-report.csv"'
    return response
