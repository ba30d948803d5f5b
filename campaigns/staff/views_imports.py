"""Import screens: upload → preview → confirm → report (reviewers and administrators)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import may_download_import_file

from ..imports import ACTION_LABELS, ImportFileError, check_upload, report_csv, start_import
from ..models import ImportBatch
from .forms import ImportUploadForm

IMPORT_PERMISSION = "campaigns.add_importbatch"
PREVIEW_ROWS = 300


def _require(request):
    if not request.user.has_perm(IMPORT_PERMISSION):
        raise PermissionDenied


def upload(request):
    _require(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            check_upload(upload_file.name, upload_file.size)  # before reading it into memory
            batch = start_import(form.cleaned_data["kind"], upload_file.name, upload_file.read(), request.user)
        except ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("canbao_imports:detail", pk=batch.pk)
    context = {"form": form, "batches": ImportBatch.objects.all()[:20], "page_title": _("数据导入"), "header_icon": "upload"}
    return TemplateResponse(request, "campaigns/staff/import_upload.html", context, status=400 if form.errors else 200)


def detail(request, pk: int):
    _require(request)
    batch = get_object_or_404(ImportBatch, pk=pk)
    rows = [[n, ACTION_LABELS.get(a, a), a, c, name, reason] for n, a, c, name, reason in batch.rows[:PREVIEW_ROWS]]
    context = {
        "batch": batch, "rows": rows, "shown": len(rows), "total": len(batch.rows),
        "labels": ACTION_LABELS, "page_title": str(batch), "header_icon": "upload",
        "may_download_file": bool(batch.file) and may_download_import_file(request.user, batch),
        "running": batch.status in (ImportBatch.Status.PENDING, ImportBatch.Status.PREVIEWING, ImportBatch.Status.APPLYING),
    }
    return TemplateResponse(request, "campaigns/staff/import_detail.html", context)


@require_POST
def confirm(request, pk: int):
    from ..tasks import apply_import

    _require(request)
    batch = get_object_or_404(ImportBatch, pk=pk)
    if batch.status != ImportBatch.Status.PREVIEWED:
        messages.error(request, _("该批次当前状态为“%(status)s”，不能确认导入。") % {"status": batch.get_status_display()})
        return redirect("canbao_imports:detail", pk=pk)
    ImportBatch.objects.filter(pk=pk).update(status=ImportBatch.Status.APPLYING, progress=0)
    apply_import.enqueue(batch.pk)
    batch.refresh_from_db()
    if batch.status == ImportBatch.Status.APPLIED:
        messages.success(request, _("导入完成：新增 %(created)d，更新 %(updated)d，未变 %(unchanged)d，拒绝 %(rejected)d。") % batch.counts)
    return redirect("canbao_imports:detail", pk=pk)


def original_file(request, pk: int):
    """The uploaded file itself, from private storage: its uploader and administrators only;
    everyone else (and a file past its retention) gets 404."""
    batch = ImportBatch.objects.filter(pk=pk).first()
    if batch is None or not batch.file or not may_download_import_file(request.user, batch):
        raise Http404
    try:
        handle = batch.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=batch.original_name,
                        content_type="application/octet-stream")


def report(request, pk: int):
    _require(request)
    batch = get_object_or_404(ImportBatch, pk=pk)
    response = HttpResponse(report_csv(batch), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{batch.pk}-report.csv"'
    return response
