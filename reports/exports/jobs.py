"""Starting and running exports. Every export is an ExportLog row (who, what, filters,
when); the file is built by a background task that reports its progress."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from accounts.roles import is_reviewer, may_see_phone_numbers, may_see_region_report, officer_township, report_region

from ..filters import ReportFilters, filters_from_dict
from ..models import ExportLog

TABLES = ("summary", "townships", "questions", "responses")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
}


@dataclass
class ExportJob:
    campaign: object
    filters_obj: ReportFilters
    townships: list[int] | None
    today: datetime.date
    with_county: bool
    include_personal: bool
    table: str
    filter_text: str
    region: object = None  # the region the export rolls up (its total, its rows by level); None: no region

    @property
    def total_name(self) -> str:
        return self.region.name if self.region is not None else "全县"

    @classmethod
    def from_log(cls, log: ExportLog) -> ExportJob:
        filters = filters_from_dict(log.filters)
        if log.township_id:
            townships, region, with_total = [log.township_id], None, False
        else:
            townships, region = export_scope(log)
            with_total = townships is None or region is not None
        text = describe_filters(filters, log.township)
        if region is not None and (log.filters or {}).get("region"):
            text = f"区域={region.name}，{text}"
        return cls(campaign=log.campaign, filters_obj=filters, townships=townships,
                   today=timezone.localdate(log.created_at), with_county=with_total,
                   include_personal=log.include_personal, table=log.table, filter_text=text, region=region)


def export_scope(log: ExportLog) -> tuple[list[int] | None, object]:
    """The townships (ids; None: all of the campaign's) and the region an export covers,
    decided again when it is built: the region it was asked for on a region page, else the
    user's part of the campaign (a county reviewer's county of a city campaign)."""
    from regions.models import Region
    from regions.tree import townships_under

    from ..access import report_townships

    visible = report_townships(log.user, log.campaign)
    region_id = (log.filters or {}).get("region")
    if region_id:
        region = Region.objects.filter(pk=region_id).first()
        if region is None or not may_see_region_report(log.user, region, log.campaign):
            raise PermissionError("region outside the user's reports")
        if region.pk == log.campaign.region_id and visible is None:
            return None, region
        return list(townships_under(region).values_list("pk", flat=True)), region
    region = report_region(log.user, log.campaign)
    return (None if visible is None else list(visible.values_list("pk", flat=True))), region


def describe_filters(filters: ReportFilters, township=None) -> str:
    labels = {"date_from": "开始日期", "date_to": "结束日期", "channel_kind": "渠道类型", "industry_section": "行业门类",
              "size_class": "企业规模"}
    parts = [f"{labels[k]}={v}" for k, v in filters.as_dict().items()]
    if township is not None:
        parts.insert(0, f"乡镇={township.name}")
    return "，".join(parts) or "无（全部）"


def start_export(user, campaign, fmt: str, filters: ReportFilters, township=None, table: str = "",
                 personal: bool = False, region=None) -> ExportLog:
    """Record the export and queue it. An officer's export is always limited to their
    own township; personal data only for users allowed to see it. `region`: a region page's
    export (checked by the caller), kept with the filters."""
    own = officer_township(user)
    if not is_reviewer(user):
        township = own
    if fmt == "csv" and table not in TABLES:
        table = "responses"
    if fmt != "csv":
        table = ""
    include_personal = bool(personal) and (township is not None and may_see_phone_numbers(user, township)
                                           or is_reviewer(user))
    log = ExportLog.objects.create(user=user, campaign=campaign, township=township, format=fmt, table=table,
                                   filters=filters.as_dict() | ({"region": region.pk} if region and not township else {}),
                                   include_personal=include_personal)
    from ..tasks import run_export

    # The log row is committed already (autocommit), so a worker can pick the task up.
    run_export.enqueue(str(log.pk))
    log.refresh_from_db()
    return log


def restart_export(log: ExportLog) -> bool:
    """Queue a failed export again (its worker was killed, or building it failed). Returns
    False, queueing nothing, unless the export has failed."""
    from ..tasks import run_export

    queued = ExportLog.objects.filter(pk=log.pk, status=ExportLog.Status.FAILED).update(
        status=ExportLog.Status.PENDING, progress=0, error="", finished_at=None, heartbeat_at=None
    )
    if queued:
        run_export.enqueue(str(log.pk))
    return bool(queued)


def build_export(log_id) -> None:
    """Build the file of one export, updating its status and progress."""
    from .pdf import build_pdf
    from .spreadsheets import build_csv, build_xlsx

    log = ExportLog.objects.select_related("campaign", "township").get(pk=log_id)
    ExportLog.beat(log.pk, status=ExportLog.Status.RUNNING, progress=1)

    def progress(done: int, total: int) -> None:
        ExportLog.beat(log.pk, progress=min(99, int(99 * done / total) if total else 99))

    builder = {"xlsx": build_xlsx, "csv": build_csv, "pdf": build_pdf}[log.format]
    try:
        content, rows = builder(ExportJob.from_log(log), progress)
    except Exception as exc:
        ExportLog.objects.filter(pk=log.pk).update(status=ExportLog.Status.FAILED, error=repr(exc)[:2000],
                                                   finished_at=timezone.now())
        raise
    ExportLog.objects.filter(pk=log.pk).update(status=ExportLog.Status.DONE, progress=100, rows=rows, content=content,
                                               finished_at=timezone.now())
