"""通报 (bulletins): the figures a bulletin states, their ranking against the previous
issued bulletin, and issuing (which freezes the figures for good).

The figures of a bulletin are the roll-up as of the end of its period (responses up to
that day), every township's sign-off state and the least-known facts. Views and the PDF
renderer read only the dict built here, so an issued bulletin renders from its frozen
figures alone."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .bulletin_outcomes import outcome_figures
from .bulletin_trend import trend_figures
from .filters import ReportFilters
from .models import Bulletin
from .questions import least_known
from .rollup import county_row, records, township_rollup
from .signoff import changes_since, latest_county_approval, latest_signoffs

LEAST_KNOWN_FACTS = 3
BEHIND = ("at_risk", "missed")
DEFAULT_TITLE = "关于小微企业工伤保险政策知晓度调查工作进展情况的通报"


def bureau_name() -> str:
    """The issuing bureau: the site's 单位名称 when the home page sets it, else the setting."""
    from cms.models import HomePage

    home = HomePage.objects.exclude(bureau_name="").first()
    return home.bureau_name if home else settings.CANBAO_BUREAU_NAME


def next_number(today: datetime.date) -> str:
    """The next document number of the year: 东人社通〔2026〕3号."""
    issued = Bulletin.objects.filter(status=Bulletin.Status.ISSUED, issue_date__year=today.year).count()
    return f"{settings.CANBAO_BULLETIN_PREFIX}〔{today.year}〕{issued + 1}号"


def new_draft(user, campaign, today: datetime.date | None = None) -> Bulletin:
    """A draft with the default bureau, number, title and period (campaign start to today)."""
    today = today or timezone.localdate()
    return Bulletin.objects.create(
        campaign=campaign, number=next_number(today), bureau=bureau_name(), title=DEFAULT_TITLE,
        period_start=campaign.starts_on, period_end=today, issue_date=today, created_by=user,
    )


def _signoff_state(signoff, row: dict | None) -> str:
    """未确认 / 已确认 / 已确认，有变动 (figures moved since the confirmation)."""
    if signoff is None:
        return "未确认"
    if row is not None and changes_since(signoff, now_row=row):
        return "已确认，有变动"
    return "已确认"


def compute_figures(campaign, period_end: datetime.date, today: datetime.date | None = None) -> dict:
    """The figures a bulletin ending on `period_end` states, as plain JSON."""
    today = today or timezone.localdate()
    as_of = min(period_end, today)
    filters = ReportFilters(date_to=period_end) if period_end < today else ReportFilters()
    frame = township_rollup(campaign, filters, today=as_of)
    rows = records(frame)
    county = county_row(frame, campaign, as_of)
    unfiltered = {r["township_id"]: r for r in records(township_rollup(campaign, today=today))} if filters.as_dict() else {
        r["township_id"]: r for r in rows}
    signoffs = latest_signoffs(campaign)
    approval = latest_county_approval(campaign)
    facts = records(least_known(campaign, filters))[:LEAST_KNOWN_FACTS]
    keep = ("township_id", "name", "firms", "responses", "passed", "coverage", "awareness", "awareness_low",
            "awareness_high", "margin", "target", "status", "closed", "too_small")
    townships = [{**{k: r[k] for k in keep},
                  "signoff": _signoff_state(signoffs.get(r["township_id"]), unfiltered.get(r["township_id"]))}
                 for r in rows]
    return {
        "as_of": as_of.isoformat(),
        "county": {k: county[k] for k in keep if k != "township_id"},
        "townships": townships,
        "facts": [{"text": f["text"], "rate": f["rate"], "answered": f["answered"]} for f in facts],
        "outcomes": outcome_figures(campaign),
        "trend": trend_figures(campaign, filters, as_of),
        "approval": (f"已于{timezone.localtime(approval.signed_at):%Y-%m-%d}审核"
                     + ("（部分乡镇未确认，已说明理由）" if approval.override_reason else "")) if approval else "尚未审核",
    }


def figures_of(bulletin: Bulletin, today: datetime.date | None = None) -> dict:
    """An issued bulletin's frozen figures, or a draft's figures as they are now."""
    if bulletin.is_issued and bulletin.figures is not None:
        return bulletin.figures
    return compute_figures(bulletin.campaign, bulletin.period_end, today)


def previous_issued(bulletin: Bulletin) -> Bulletin | None:
    """The last bulletin of the campaign issued before this one (for a draft: the last issued)."""
    qs = Bulletin.objects.filter(campaign=bulletin.campaign, status=Bulletin.Status.ISSUED).exclude(pk=bulletin.pk)
    if bulletin.is_issued and bulletin.issued_at:
        qs = qs.filter(issued_at__lt=bulletin.issued_at)
    return qs.order_by("-issued_at", "-id").first()


def _ranks(rows: list[dict], key: str) -> dict[int, int | None]:
    """1 = highest; equal rates share a rank; townships without the figure get none."""
    ranked = sorted((r for r in rows if r[key] is not None), key=lambda r: -r[key])
    ranks: dict[int, int | None] = {r["township_id"]: None for r in rows}
    for i, r in enumerate(ranked):
        tied = i and abs(ranked[i - 1][key] - r[key]) < 1e-12
        ranks[r["township_id"]] = ranks[ranked[i - 1]["township_id"]] if tied else i + 1
    return ranks


def ranking(figures: dict, previous: dict | None) -> list[dict]:
    """Townships ranked by coverage, each with its awareness rank and the change of both
    rates (in percentage points) and ranks since the previous bulletin."""
    rows = figures["townships"]
    cov_rank, aw_rank = _ranks(rows, "coverage"), _ranks(rows, "awareness")
    before = {r["township_id"]: r for r in (previous or {}).get("townships", [])}
    prev_cov = _ranks(list(before.values()), "coverage") if before else {}
    prev_aw = _ranks(list(before.values()), "awareness") if before else {}
    out = []
    for r in sorted(rows, key=lambda r: (cov_rank[r["township_id"]] is None, cov_rank[r["township_id"]] or 0)):
        tid, old = r["township_id"], before.get(r["township_id"])
        out.append({**r, "coverage_rank": cov_rank[tid], "awareness_rank": aw_rank[tid],
                    "coverage_change": _points(r["coverage"], old["coverage"]) if old else None,
                    "awareness_change": _points(r["awareness"], old["awareness"]) if old else None,
                    "coverage_rank_change": _rank_change(prev_cov.get(tid), cov_rank[tid]),
                    "awareness_rank_change": _rank_change(prev_aw.get(tid), aw_rank[tid])})
    return out


def _rank_change(before: int | None, now: int | None) -> int | None:
    """Places gained (positive) or lost since the previous bulletin."""
    return None if before is None or now is None else before - now


def _points(now, before) -> float | None:
    return None if now is None or before is None else (now - before) * 100


def behind_target(figures: dict) -> list[str]:
    return [r["name"] for r in figures["townships"] if r["status"] in BEHIND]


@transaction.atomic
def issue(bulletin: Bulletin, user, today: datetime.date | None = None) -> Bulletin:
    """Freeze the figures and mark the bulletin issued; from now on it never changes."""
    locked = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    locked.figures = compute_figures(locked.campaign, locked.period_end, today)
    locked.status, locked.issued_by, locked.issued_at = Bulletin.Status.ISSUED, user, timezone.now()
    locked.save()
    return locked
