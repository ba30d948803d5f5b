"""The bureau's list of divisions against what is already here: a preview (new, renamed,
unchanged per level, and the rows in error) and, once staff confirm, everything written in
one transaction — missing regions created parents first, names corrected, nothing deleted;
an existing township keeps its pk and everything that points at it. Importing the same list
again changes nothing."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.models import Township

from .imports import Entry, ImportFileError, check_rows, read_rows
from .models import Region, RegionImport

NEW, RENAMED, UNCHANGED = "new", "renamed", "unchanged"
ACTIONS = (NEW, RENAMED, UNCHANGED)
ACTION_LABELS = {NEW: gettext_lazy("新增"), RENAMED: gettext_lazy("更新"), UNCHANGED: gettext_lazy("未变")}
LEVELS = ("province", "city", "county", "township")
LEVEL_LABELS = {"province": gettext_lazy("省级"), "city": gettext_lazy("市级"), "county": gettext_lazy("县级"),
                "township": gettext_lazy("乡镇（街道）")}
MAX_NAME_LENGTH = 200  # RegionImport.original_name


@dataclass
class Plan:
    counts: dict = field(default_factory=lambda: {level: dict.fromkeys(ACTIONS, 0) for level in LEVELS})
    changes: list = field(default_factory=list)  # [row, code, name, level, action, reason] (not the unchanged)
    errors: list = field(default_factory=list)  # [row, reason]


def _entries(stored: list) -> list[Entry]:
    return [Entry(*item) for item in stored]


def _kind_label(kind: str) -> str:
    return str(dict(Township.Kind.choices).get(kind, kind))


def _township_changes(entry: Entry, township: Township) -> list[str]:
    reasons = []
    if township.name != entry.name:
        reasons.append(_("名称由“%(old)s”改为“%(new)s”") % {"old": township.name, "new": entry.name})
    if entry.kind and entry.kind != township.kind:
        reasons.append(_("类型由“%(old)s”改为“%(new)s”") % {"old": _kind_label(township.kind),
                                                         "new": _kind_label(entry.kind)})
    if township.is_placeholder:
        reasons.append(_("演示占位改为正式区划"))
    return reasons


def _region_changes(entry: Entry, region: Region, regions: dict[str, Region]) -> list[str]:
    reasons = []
    if region.name != entry.name:
        reasons.append(_("名称由“%(old)s”改为“%(new)s”") % {"old": region.name, "new": entry.name})
    old_parent = region.parent.code if region.parent_id else ""
    if old_parent != entry.parent:
        old = regions[old_parent].name if old_parent in regions else _("无")
        reasons.append(_("上级由“%(old)s”改为“%(new)s”") % {"old": old, "new": entry.parent})
    return reasons


def plan(entries: list[Entry], regions: dict[str, Region], townships: dict[str, Township]) -> Plan:
    result = Plan()
    for entry in entries:
        if entry.level == "township":
            existing = townships.get(entry.code)
            if existing is None and not entry.kind:
                result.errors.append([entry.row, _("无法从名称“%(name)s”判断乡镇类型，请在“类型”列填写 街道、镇、乡 或 开发区。")
                                      % {"name": entry.name}])
                continue
            reasons = _township_changes(entry, existing) if existing else []
        else:
            existing = regions.get(entry.code)
            reasons = _region_changes(entry, existing, regions) if existing else []
        action = NEW if existing is None else (RENAMED if reasons else UNCHANGED)
        result.counts[entry.level][action] += 1
        if action != UNCHANGED:
            result.changes.append([entry.row, entry.code, entry.name, entry.level, action, "；".join(reasons)])
    return result


def _current() -> tuple[dict[str, Region], dict[str, Township]]:
    return ({r.code: r for r in Region.objects.select_related("parent")}, {t.code: t for t in Township.objects.all()})


def preview_import(name: str, data: bytes, user=None) -> RegionImport:
    """Read and check the file, plan it against the database and keep the preview. Raises
    ImportFileError (nothing kept) when the file cannot be read as a list of divisions."""
    rows = read_rows(data, name)
    regions, townships = _current()
    checked = check_rows(rows, set(regions))
    result = plan(checked.entries, regions, townships)
    errors = sorted([list(e) for e in checked.errors] + result.errors)
    return RegionImport.objects.create(
        original_name=name[:MAX_NAME_LENGTH], created_by=user if user and user.is_authenticated else None,
        status=RegionImport.Status.REFUSED if errors else RegionImport.Status.PREVIEWED,
        entries=[e.as_list() for e in checked.entries], counts=result.counts, changes=result.changes, errors=errors,
    )


def _apply_regions(entries: list[Entry], regions: dict[str, Region]) -> None:
    for level in ("province", "city", "county"):  # parents first
        for entry in (e for e in entries if e.level == level):
            parent = regions.get(entry.parent) if entry.parent else None
            region = regions.get(entry.code)
            if region is None:
                regions[entry.code] = Region.objects.create(code=entry.code, name=entry.name, level=level, parent=parent)
            elif region.name != entry.name or region.parent_id != (parent.pk if parent else None):
                region.name, region.parent = entry.name, parent
                region.save(update_fields=["name", "parent"])


def _apply_townships(entries: list[Entry], regions: dict[str, Region], townships: dict[str, Township]) -> None:
    from campaigns.channels import forget_townships

    new, changed = [], []
    for entry in (e for e in entries if e.level == "township"):
        township = townships.get(entry.code)
        if township is None:
            new.append(Township(code=entry.code, name=entry.name, kind=entry.kind, county=regions[entry.parent]))
        elif _township_changes(entry, township):
            township.name, township.kind = entry.name, entry.kind or township.kind
            township.is_placeholder = False
            changed.append(township)
    Township.objects.bulk_create(new, batch_size=1000)
    Township.objects.bulk_update(changed, ["name", "kind", "is_placeholder"], batch_size=1000)
    if new or changed:
        transaction.on_commit(forget_townships)  # bulk writes send no post_save


def apply_import(batch: RegionImport) -> Plan:
    """Write a previewed list in one transaction, planned again against the database as it is
    now; refuses (ImportFileError, nothing written) unless the batch is previewed and still
    without errors."""
    with transaction.atomic():
        batch = RegionImport.objects.select_for_update().get(pk=batch.pk)
        if batch.status != RegionImport.Status.PREVIEWED:
            raise ImportFileError(_("该批次当前状态为“%(status)s”，不能确认导入。") % {"status": batch.get_status_display()})
        entries = _entries(batch.entries)
        regions, townships = _current()
        checked = check_rows([(e.row, {"code": e.code, "name": e.name, "kind": "", "parent": e.parent})
                              for e in entries], set(regions))
        result = plan(entries, regions, townships)
        if checked.errors or result.errors:
            raise ImportFileError(_("数据库中的区划已有变化，请重新上传名单预览后再确认。"))
        _apply_regions(entries, regions)
        _apply_townships(entries, regions, townships)
        batch.status, batch.applied_at = RegionImport.Status.APPLIED, timezone.now()
        batch.counts, batch.changes = result.counts, result.changes
        batch.save(update_fields=["status", "applied_at", "counts", "changes"])
    return result
