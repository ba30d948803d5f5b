"""通报 (bulletins): the figures a bulletin states, their ranking against the previous
issued bulletin, and issuing (which freezes the figures for good).

The figures of a bulletin are the roll-up as of the end of its period (responses up to
that day), every township's sign-off state and the least-known facts. A city campaign's
bulletin (a city bureau's 定期工作通报 to its counties) states the city total, ranks the
counties (reports.levels.region_rows) with each one's approval, and carries every county's
townships for the annex. Views and the PDF renderer read only the dict built here, so an
issued bulletin renders from its frozen figures alone ("county" is the total of the
campaign's region at every level, as in bulletins issued before regions)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from regions import agencies

from . import statistics as st
from .bulletin_outcomes import outcome_figures
from .bulletin_trend import trend_figures
from .filters import ReportFilters
from .levels import region_rows
from .models import Bulletin
from .questions import least_known
from .rollup import campaign_townships, county_row, records, township_rollup
from .signoff import changes_since, latest_county_approval, latest_signoffs, region_approvals

LEAST_KNOWN_FACTS = 3
BEHIND = ("at_risk", "missed")
DEFAULT_TITLE = "关于小微企业工伤保险政策知晓度调查工作进展情况的通报"


def _configured_bureau() -> str:
    from cms.models import HomePage

    home = HomePage.objects.exclude(bureau_name="").first()
    return home.bureau_name if home else settings.CANBAO_BUREAU_NAME


def _own_county(region, configured: str) -> bool:
    """Whether `region` is the county the deployment's configured bureau belongs to."""
    return region.level == "county" and agencies.is_configured_region(region.name, configured)


def bureau_name(campaign=None) -> str:
    """The issuing bureau: the site's 单位名称 when the home page sets it, else the setting,
    for a campaign without a region or of the configured county; else the bureau of the
    campaign's region (南阳市 → 南阳市人力资源和社会保障局)."""
    configured = _configured_bureau()
    region = campaign.region if campaign is not None and campaign.region_id else None
    if region is None or _own_county(region, configured):
        return configured
    return agencies.bureau_name(region)


def number_prefix(campaign=None) -> str:
    """The setting (东人社通) where bureau_name gives the configured bureau; else the region's
    short name: 南阳人社通 for 南阳市's campaign, 方城人社通 for 方城县's (editable on the draft)."""
    region = campaign.region if campaign is not None and campaign.region_id else None
    if region is None or _own_county(region, _configured_bureau()):
        return settings.CANBAO_BULLETIN_PREFIX
    short = region.name
    for suffix in ("自治县", "县", "市", "区", "省"):
        if len(short) > len(suffix) + 1 and short.endswith(suffix):
            short = short.removesuffix(suffix)
            break
    return f"{short}人社通"


def next_number(today: datetime.date, campaign=None) -> str:
    """The next document number of the year under the campaign's prefix: 东人社通〔2026〕3号."""
    prefix = number_prefix(campaign)
    issued = Bulletin.objects.filter(status=Bulletin.Status.ISSUED, issue_date__year=today.year,
                                     number__startswith=prefix).count()
    return f"{prefix}〔{today.year}〕{issued + 1}号"


def new_draft(user, campaign, today: datetime.date | None = None) -> Bulletin:
    """A draft with the default bureau, number, title and period (campaign start to today)."""
    today = today or timezone.localdate()
    return Bulletin.objects.create(
        campaign=campaign, number=next_number(today, campaign), bureau=bureau_name(campaign), title=DEFAULT_TITLE,
        period_start=campaign.starts_on, period_end=today, issue_date=today, created_by=user,
    )


def _signoff_state(signoff, row: dict | None, done: str = "已确认", missing: str = "未确认") -> str:
    """未确认 / 已确认 / 已确认，有变动 (figures moved since the confirmation); for a county:
    未审核 / 已审核 / 已审核，有变动."""
    if signoff is None:
        return missing
    if row is not None and changes_since(signoff, now_row=row):
        return f"{done}，有变动"
    return done


KEEP = ("name", "firms", "responses", "passed", "coverage", "awareness", "awareness_low", "awareness_high", "margin",
        "target", "status", "closed", "too_small")


def _approval_text(approval, level: str) -> str:
    if approval is None:
        return "尚未审核"
    missing = "部分县（市、区）未审核" if level != "county" else "部分乡镇未确认"
    return (f"已于{timezone.localtime(approval.signed_at):%Y-%m-%d}审核"
            + (f"（{missing}，已说明理由）" if approval.override_reason else ""))


def _county_figures(campaign, frame, unfiltered_frame, townships: list[dict], as_of) -> list[dict]:
    """Each county of a city campaign: its row, approval state and confirmed townships."""
    now = {r["region_id"]: r for r in region_rows(unfiltered_frame, campaign, "county")}
    approvals = region_approvals(campaign)
    counties = []
    for r in region_rows(frame, campaign, "county", as_of):
        mine = [t for t in townships if t["county_id"] == r["region_id"]]
        counties.append({"region_id": r["region_id"], "code": r["code"], **{k: r[k] for k in KEEP},
                         "approval": _signoff_state(approvals.get(r["region_id"]), now.get(r["region_id"]),
                                                    "已审核", "未审核"),
                         "townships_count": len(mine), "confirmed": sum(1 for t in mine if t["signoff"] != "未确认")})
    return counties


def compute_figures(campaign, period_end: datetime.date, today: datetime.date | None = None) -> dict:
    """The figures a bulletin ending on `period_end` states, as plain JSON."""
    today = today or timezone.localdate()
    as_of = min(period_end, today)
    filters = ReportFilters(date_to=period_end) if period_end < today else ReportFilters()
    frame = township_rollup(campaign, filters, today=as_of)
    rows = records(frame)
    county = county_row(frame, campaign, as_of)
    unfiltered_frame = township_rollup(campaign, today=today) if filters.as_dict() else frame
    unfiltered = {r["township_id"]: r for r in records(unfiltered_frame)}
    signoffs = latest_signoffs(campaign)
    level = campaign.region.level if campaign.region_id else "county"
    # Scoped to the campaign's townships: another campaign may share the survey.
    facts = records(least_known(campaign, filters, campaign_townships(campaign)))[:LEAST_KNOWN_FACTS]
    townships = [{"township_id": r["township_id"], "county_id": r["county_id"], **{k: r[k] for k in KEEP},
                  "signoff": _signoff_state(signoffs.get(r["township_id"]), unfiltered.get(r["township_id"]))}
                 for r in rows]
    figures = {
        "as_of": as_of.isoformat(),
        "level": level,
        "county": {k: county[k] for k in KEEP},
        "townships": townships,
        "facts": [{"text": f["text"], "rate": f["rate"], "answered": f["answered"]} for f in facts],
        "outcomes": outcome_figures(campaign),
        "trend": trend_figures(campaign, filters, as_of),
        "approval": _approval_text(latest_county_approval(campaign), level),
        "ranking_rule": RANKING_RULE,
    }
    if level != "county":
        figures["counties"] = _county_figures(campaign, frame, unfiltered_frame, townships, as_of)
        figures["approved_counties"] = sum(1 for c in figures["counties"] if c["approval"] != "未审核")
    return figures


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


def _ranks(rows: list[dict], key: str, id_key: str = "township_id") -> dict[int, int | None]:
    """1 = highest; equal rates share a rank; rows without the figure get none."""
    ranked = sorted((r for r in rows if r[key] is not None), key=lambda r: -r[key])
    ranks: dict[int, int | None] = {r[id_key]: None for r in rows}
    for i, r in enumerate(ranked):
        tied = i and abs(ranked[i - 1][key] - r[key]) < 1e-12
        ranks[r[id_key]] = ranks[ranked[i - 1][id_key]] if tied else i + 1
    return ranks


# How a bulletin ranks awareness, frozen with an issued bulletin's figures so that its PDF,
# rebuilt on every download, never changes: 1 (no "ranking_rule" key, issued before
# 2026-12-02) ranks every row with answers; 2 leaves out samples under MIN_RESPONSES.
RANKING_RULE = 2


def _awareness_ranks(rows: list[dict], id_key: str, rule: int = RANKING_RULE) -> dict[int, int | None]:
    """Awareness ranks among the rows with enough answers: a rate from fewer than
    statistics.MIN_RESPONSES answers is shown with "*" but not ranked (the method page:
    不宜排名比较). Coverage is a count of the whole population, ranked whatever n."""
    ranked = [r for r in rows if rule < 2 or not r.get("too_small")]
    return {r[id_key]: None for r in rows} | _ranks(ranked, "awareness", id_key)


def ranking_note(figures: dict, unit: str) -> str:
    """The footnote under a ranking table, as the bulletin's ranking rule has it."""
    if figures.get("ranking_rule", 1) < 2:
        return f"注：标 * 的{unit}有效答卷少于30份，知晓率仅供参考；“—”为尚无答卷，不参与排名"
    return (f"注：标 * 的{unit}有效答卷少于{st.MIN_RESPONSES}份，知晓率仅供参考，不参与知晓率排名；"
            "名次为“—”的尚无答卷或样本过少，不参与排名；“较上期”为“—”的无上期数据")


def ranking(figures: dict, previous: dict | None, rows_key: str = "townships") -> list[dict]:
    """Townships (rows_key "counties": a city's counties) ranked by coverage, each with its
    awareness rank (too-small samples unranked) and the change of both rates (in
    percentage points) and ranks since the previous bulletin."""
    id_key = "region_id" if rows_key == "counties" else "township_id"
    rows = figures.get(rows_key, [])
    rule = figures.get("ranking_rule", 1)  # the previous bulletin's ranks by the same rule
    cov_rank, aw_rank = _ranks(rows, "coverage", id_key), _awareness_ranks(rows, id_key, rule)
    before = {r[id_key]: r for r in (previous or {}).get(rows_key, [])}
    prev_cov = _ranks(list(before.values()), "coverage", id_key) if before else {}
    prev_aw = _awareness_ranks(list(before.values()), id_key, rule) if before else {}
    out = []
    for r in sorted(rows, key=lambda r: (cov_rank[r[id_key]] is None, cov_rank[r[id_key]] or 0)):
        rid, old = r[id_key], before.get(r[id_key])
        out.append({**r, "coverage_rank": cov_rank[rid], "awareness_rank": aw_rank[rid],
                    "coverage_change": _points(r["coverage"], old["coverage"]) if old else None,
                    "awareness_change": _points(r["awareness"], old["awareness"]) if old else None,
                    "coverage_rank_change": _rank_change(prev_cov.get(rid), cov_rank[rid]),
                    "awareness_rank_change": _rank_change(prev_aw.get(rid), aw_rank[rid])})
    return out


def _rank_change(before: int | None, now: int | None) -> int | None:
    """Places gained (positive) or lost since the previous bulletin."""
    return None if before is None or now is None else before - now


def _points(now, before) -> float | None:
    return None if now is None or before is None else (now - before) * 100


def behind_target(figures: dict, rows_key: str = "townships") -> list[str]:
    return [r["name"] for r in figures.get(rows_key, []) if r["status"] in BEHIND]


@transaction.atomic
def issue(bulletin: Bulletin, user, today: datetime.date | None = None) -> Bulletin:
    """Freeze the figures and mark the bulletin issued; from now on it never changes."""
    locked = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    locked.figures = compute_figures(locked.campaign, locked.period_end, today)
    locked.status, locked.issued_by, locked.issued_at = Bulletin.Status.ISSUED, user, timezone.now()
    locked.save()
    return locked
