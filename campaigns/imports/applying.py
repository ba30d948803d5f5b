"""Preview and apply an import batch; write the downloadable report."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.db import refresh_planner_statistics

from ..exports import csv_with_bom
from ..models import Enterprise, ImportBatch, InsuredChange
from ..signals import registry_changed
from .planning import ACTION_LABELS, CREATE_FIELDS, CREATED, UPDATED, Plan, plan_insured, plan_registry
from .reading import read_table
from .starting import chosen_fields
from .writing import insert_firms, update_firms

PREVIEW_ROWS = 500


def _set_progress(batch: ImportBatch, percent: int) -> None:
    ImportBatch.beat(batch.pk, progress=percent)


def build_plan(batch: ImportBatch, data: bytes | None = None, progress: Callable[[int], None] | None = None) -> Plan:
    """Read the batch's file and work out, row by row, what importing it would do."""
    if data is None:
        with batch.file.open("rb") as fh:
            data = fh.read()
    table = read_table(data, batch.original_name, batch.kind, chosen_fields(batch))

    def row_progress(done: int, total: int) -> None:
        if progress:
            progress(10 + int(60 * done / max(total, 1)))

    if batch.kind == ImportBatch.Kind.INSURED:
        source = _("社保经办名单：%(name)s") % {"name": batch.original_name}
        return plan_insured(table, source, batch.effective_date, row_progress, county=batch.county)
    if batch.kind == ImportBatch.Kind.NEW_REGISTRATIONS:
        return plan_registry(table, row_progress, new_registration_on=batch.effective_date, county=batch.county)
    return plan_registry(table, row_progress, county=batch.county)


def preview_batch(batch: ImportBatch) -> ImportBatch:
    """Fill counts and row results without writing any firm."""
    plan = build_plan(batch, progress=lambda p: _set_progress(batch, p))
    batch.counts = plan.counts()
    batch.rows = plan.rows
    batch.status = ImportBatch.Status.PREVIEWED
    batch.progress = 100
    batch.error = ""
    batch.save(update_fields=["counts", "rows", "status", "progress", "error"])
    return batch


def write_plan(plan: Plan) -> None:
    """Create and update firms in bulk (writing.py); the caller holds the transaction."""
    now = timezone.now()
    insert_firms(CREATE_FIELDS, plan.creates, now)
    if plan.updates:
        update_firms(plan.updates, plan.update_fields, now)


def record_status_changes(batch: ImportBatch, plan: Plan) -> None:
    """Keep the history of insured status: one row per firm whose status this list flips,
    effective on the list's date. A re-imported list flips nothing, so writes nothing."""
    InsuredChange.objects.bulk_create(
        [InsuredChange(enterprise_id=pk, insured_from=before, insured_to=after, effective_on=batch.effective_date, batch=batch)
         for pk, before, after in plan.status_changes],
        batch_size=2000,
    )


def apply_batch(batch: ImportBatch, data: bytes | None = None) -> ImportBatch:
    """Re-plan against the current registry and apply every row in one transaction."""
    plan = build_plan(batch, data, progress=lambda p: _set_progress(batch, p))
    with transaction.atomic():
        write_plan(plan)
        record_status_changes(batch, plan)
        registry_changed.send(Enterprise, usccs=[row[2] for row in plan.rows if row[1] in (CREATED, UPDATED)])
        batch.counts = plan.counts()
        batch.rows = plan.rows
        batch.status = ImportBatch.Status.APPLIED
        batch.progress = 100
        batch.error = ""
        batch.applied_at = timezone.now()
        batch.save(update_fields=["counts", "rows", "status", "progress", "error", "applied_at"])
    refresh_planner_statistics([Enterprise._meta.db_table])  # thousands of new firms: let the planner know
    return batch


def report_csv(batch: ImportBatch) -> str:
    """The row-by-row report as CSV text with a BOM, so Excel opens the Chinese right."""
    header = [_("行号"), _("结果"), _("统一社会信用代码"), _("企业名称"), _("说明")]
    return csv_with_bom(header, ([n, ACTION_LABELS.get(a, a), c, name, r] for n, a, c, name, r in batch.rows))
