"""Staff screens of the region tree: the list (province → city → county → townships), a
region's name and office phone, and the import of the bureau's list (upload → preview →
confirm). Every decision is accounts.roles'; a screen a user may not use answers 404."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import is_reviewer, may_edit_regions, may_import_regions, visible_regions

from .forms import RegionForm, RegionImportForm
from .importing import ACTION_LABELS, ACTIONS, LEVEL_LABELS, LEVELS, apply_import, preview_import
from .imports import ImportFileError, check_upload
from .models import Region, RegionImport

PREVIEW_ROWS = 300
ERROR_ROWS = 1000


def region_list(request):
    if not is_reviewer(request.user):
        raise Http404
    regions = visible_regions(request.user).annotate(township_count=Count("townships")).order_by("code")
    context = {"regions": regions, "may_edit": may_edit_regions(request.user),
               "may_import": may_import_regions(request.user), "page_title": _("行政区域"), "header_icon": "site"}
    return TemplateResponse(request, "regions/region_list.html", context)


def region_edit(request, pk: int):
    if not may_edit_regions(request.user):
        raise Http404
    region = get_object_or_404(Region, pk=pk)
    form = RegionForm(request.POST or None, instance=region)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("已保存“%(name)s”。") % {"name": region.name})
        return redirect("canbao_regions:list")
    context = {"form": form, "region": region, "page_title": region.name, "header_icon": "site"}
    return TemplateResponse(request, "regions/region_edit.html", context, status=400 if form.errors else 200)


def _require_import(request):
    if not may_import_regions(request.user):
        raise Http404


def upload(request):
    _require_import(request)
    form = RegionImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            check_upload(upload_file.name, upload_file.size)  # before reading it into memory
            batch = preview_import(upload_file.name, upload_file.read(), request.user)
        except ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("canbao_regions:import_detail", pk=batch.pk)
    context = {"form": form, "batches": RegionImport.objects.all()[:20], "page_title": _("导入区划名单"),
               "header_icon": "upload"}
    return TemplateResponse(request, "regions/import_upload.html", context, status=400 if form.errors else 200)


def detail(request, pk: int):
    _require_import(request)
    batch = get_object_or_404(RegionImport, pk=pk)
    counts = [{"level": LEVEL_LABELS[level], **{a: batch.counts.get(level, {}).get(a, 0) for a in ACTIONS}}
              for level in LEVELS]
    changes = [[n, code, name, LEVEL_LABELS.get(level, level), ACTION_LABELS.get(action, action), action, reason]
               for n, code, name, level, action, reason in batch.changes[:PREVIEW_ROWS]]
    context = {
        "batch": batch, "counts": counts, "changes": changes, "changes_total": len(batch.changes),
        "errors": batch.errors[:ERROR_ROWS], "errors_total": len(batch.errors),
        "page_title": _("区划导入 · %(name)s") % {"name": batch.original_name}, "header_icon": "upload",
    }
    return TemplateResponse(request, "regions/import_detail.html", context)


@require_POST
def confirm(request, pk: int):
    _require_import(request)
    batch = get_object_or_404(RegionImport, pk=pk)
    try:
        apply_import(batch)
    except ImportFileError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("区划名单已导入。"))
    return redirect("canbao_regions:import_detail", pk=pk)
