"""The sign-off chain township → county → city: a township's figures are confirmed (by its
officer, or a reviewer on its behalf); a reviewer approves the county, which needs every
township of it confirmed; a city campaign's city reviewer approves the city, which needs
every county of it approved (its latest approval). A missing step needs a recorded override
reason, kept with the names of what was missing. Each step freezes the figures of that
moment (the region's total row and its children's rows) with who and when; `changes_since`
compares a frozen step with the figures now."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import is_reviewer, officer_township
from regions.tree import counties_under, is_within, townships_under

from .levels import region_rows
from .models import SignOff
from .questions import least_known
from .rollup import county_row, records, township_rollup

# The figures compared between a sign-off and now: the data, not the calendar (days left,
# projections and the recent rate move every day without any new response).
TRACKED_FIGURES: list[tuple[str, str]] = [
    ("firms", _("小微企业数")), ("uninsured", _("其中未参保")), ("scans", _("扫码次数")),
    ("responses", _("有效答卷")), ("out_of_population", _("不计入统计的答卷")), ("passed", _("达标答卷")),
    ("coverage", _("覆盖率")), ("awareness", _("知晓率")), ("mean_score", _("平均得分")),
    ("insured_share", _("自报已参保比例")), ("margin", _("误差范围")),
]
PERCENT_FIGURES = {"coverage", "awareness", "insured_share", "margin"}


class ApprovalBlocked(Exception):
    """The region cannot be approved: these townships are unconfirmed (these counties
    unapproved, for a city) and no reason was given."""

    def __init__(self, unconfirmed: list[str]):
        super().__init__(", ".join(unconfirmed))
        self.unconfirmed = unconfirmed


@dataclass(frozen=True)
class Change:
    figure: str
    label: str
    frozen: object
    now: object

    @property
    def is_percent(self) -> bool:
        return self.figure in PERCENT_FIGURES


def may_confirm_township(user, township) -> bool:
    """The township's own officer, or a reviewer on its behalf."""
    if is_reviewer(user):
        return True
    own = officer_township(user)
    return own is not None and township is not None and own.pk == township.pk


def township_snapshot(campaign, township, today: datetime.date | None = None) -> dict:
    """The unfiltered figures of one township exactly as its report page shows them."""
    today = today or timezone.localdate()
    [row] = records(township_rollup(campaign, townships=[township.pk], today=today))
    questions = records(least_known(campaign, townships=[township.pk], township_id=township.pk)[
        ["rank", "question_id", "position", "fact_code", "text", "answered", "correct", "rate", "low", "high"]])
    return {"as_of": today.isoformat(), "deadline": campaign.deadline.isoformat(), "row": row, "questions": questions}


def _region_row(frame, campaign, region, today) -> dict:
    """The total row of `region` within the campaign (the campaign's own total when None)."""
    if region is None or region.pk == campaign.region_id:
        return county_row(frame, campaign, today)
    rows = [r for r in region_rows(frame, campaign, region.level, today) if r["region_id"] == region.pk]
    return rows[0] if rows else {**county_row(frame, campaign, today), "region_id": region.pk, "code": region.code,
                                 "name": region.name}


def region_snapshot(campaign, region=None, today: datetime.date | None = None) -> dict:
    """The unfiltered total of `region` (the campaign's whole region when None) and its
    children's rows: a county's under "townships" (as before regions), a city's under
    "counties" (reports.levels.region_rows) with its townships under "townships" too."""
    today = today or timezone.localdate()
    whole = region is None or region.pk == campaign.region_id
    frame = township_rollup(campaign, townships=None if whole else townships_under(region), today=today)
    scope = region or (campaign.region if campaign.region_id else None)
    level = scope.level if scope is not None else "county"
    snapshot = {"as_of": today.isoformat(), "deadline": campaign.deadline.isoformat(), "level": level,
                "row": _region_row(frame, campaign, region, today), "townships": records(frame)}
    if level != "county":
        snapshot["counties"] = region_rows(frame, campaign, "county", today)
    return snapshot


def county_snapshot(campaign, today: datetime.date | None = None) -> dict:
    """The unfiltered total of the campaign's region and every child row."""
    return region_snapshot(campaign, None, today)


@transaction.atomic
def sign_off_township(user, campaign, township, comment: str, today: datetime.date | None = None) -> SignOff:
    """Record that `user` confirmed the township's figures as they are now."""
    return SignOff.objects.create(campaign=campaign, level=SignOff.Level.TOWNSHIP, township=township, signed_by=user,
                                  comment=comment.strip(), figures=township_snapshot(campaign, township, today))


def latest_signoffs(campaign) -> dict[int, SignOff]:
    """The most recent township confirmation per township of the campaign."""
    latest: dict[int, SignOff] = {}
    rows = SignOff.objects.filter(campaign=campaign, level=SignOff.Level.TOWNSHIP).select_related("signed_by")
    for signoff in rows.order_by("-signed_at", "-id"):
        latest.setdefault(signoff.township_id, signoff)
    return latest


def region_approvals(campaign, level: str = SignOff.Level.COUNTY) -> dict[int, SignOff]:
    """The most recent approval per region of `level` ("county" or "city")."""
    latest: dict[int, SignOff] = {}
    rows = SignOff.objects.filter(campaign=campaign, level=level, region__isnull=False).select_related("signed_by", "region")
    for signoff in rows.order_by("-signed_at", "-id"):
        latest.setdefault(signoff.region_id, signoff)
    return latest


def latest_region_approval(campaign, region=None) -> SignOff | None:
    """The most recent approval of `region` (None: a campaign without a region, approved as
    "全县" with no region recorded)."""
    rows = SignOff.objects.filter(campaign=campaign, level__in=[SignOff.Level.COUNTY, SignOff.Level.CITY])
    rows = rows.filter(region=region) if region is not None else rows.filter(region__isnull=True)
    return rows.select_related("signed_by", "region").order_by("-signed_at", "-id").first()


def latest_county_approval(campaign) -> SignOff | None:
    """The approval of the campaign's own region (a county campaign's county, a city
    campaign's city)."""
    return latest_region_approval(campaign, campaign.region if campaign.region_id else None)


def unconfirmed_townships(campaign, region=None) -> list[str]:
    """Names (in code order) of the townships (of `region`, else of the campaign) without a
    confirmation."""
    from campaigns.models import Township

    confirmed = latest_signoffs(campaign)
    scope = region or (campaign.region if campaign.region_id else None)
    towns = townships_under(scope) if scope is not None else Township.objects.all()
    return [t.name for t in towns.order_by("code") if t.pk not in confirmed]


def child_counties(region):
    """The counties of a city (or province) that have townships: the ones that approve."""
    from campaigns.models import Township

    return counties_under(region).filter(pk__in=Township.objects.values("county_id")).order_by("code")


def unapproved_children(campaign, region=None) -> list[str]:
    """What stands between `region` and a clean approval: a county's unconfirmed townships,
    a city's counties without an approval (names in code order)."""
    region = region or (campaign.region if campaign.region_id else None)
    if region is None or region.level == "county":
        return unconfirmed_townships(campaign, region)
    approved = region_approvals(campaign, SignOff.Level.COUNTY)
    return [county.name for county in child_counties(region) if county.pk not in approved]


def may_approve_within(campaign, region) -> bool:
    """`region` is a county or city the campaign covers (inside the campaign's region)."""
    if region is None or region.level not in (SignOff.Level.COUNTY, SignOff.Level.CITY):
        return False
    return is_within(region, campaign.region if campaign.region_id else None)


@transaction.atomic
def approve_region(user, campaign, region, comment: str, override_reason: str = "",
                   today: datetime.date | None = None) -> SignOff:
    """Approve a county's or a city's figures. Every child (a county's townships, a city's
    counties) must be confirmed or approved first, unless `override_reason` says why not;
    the unconfirmed ones are recorded with it. `region` None: a campaign without a region,
    approved as "全县". The access decision (accounts.roles.may_approve_region) is the
    caller's."""
    if region is not None and not may_approve_within(campaign, region):
        raise ValueError(f"{region} is not a county or city of {campaign}")
    unconfirmed = unapproved_children(campaign, region)
    reason = override_reason.strip()
    if unconfirmed and not reason:
        raise ApprovalBlocked(unconfirmed)
    figures = region_snapshot(campaign, region, today)
    figures["unconfirmed"] = unconfirmed
    level = SignOff.Level.CITY if region is not None and region.level == "city" else SignOff.Level.COUNTY
    return SignOff.objects.create(campaign=campaign, level=level, region=region, signed_by=user, comment=comment.strip(),
                                  override_reason=reason if unconfirmed else "", figures=figures)


def approve_county(user, campaign, comment: str, override_reason: str = "",
                   today: datetime.date | None = None) -> SignOff:
    """Approve the campaign's own region (its county; a city campaign's city; "全县" for a
    campaign without a region)."""
    return approve_region(user, campaign, campaign.region if campaign.region_id else None, comment, override_reason,
                          today)


def current_row(signoff: SignOff, today: datetime.date | None = None) -> dict:
    """The signed-off row's figures as they are now."""
    if signoff.level != SignOff.Level.TOWNSHIP:
        return region_snapshot(signoff.campaign, signoff.region, today)["row"]
    return township_snapshot(signoff.campaign, signoff.township, today)["row"]


def _differs(frozen, now) -> bool:
    if isinstance(frozen, float) or isinstance(now, float):
        return frozen is None or now is None or abs(float(frozen) - float(now)) > 1e-9
    return frozen != now


def changes_since(signoff: SignOff, today: datetime.date | None = None, now_row: dict | None = None) -> list[Change]:
    """Per tracked figure that moved since the sign-off: its frozen value and its value now.
    An empty list means the signed figures still hold."""
    frozen = signoff.figures.get("row", {})
    now = now_row if now_row is not None else current_row(signoff, today)
    return [Change(key, str(label), frozen.get(key), now.get(key)) for key, label in TRACKED_FIGURES
            if key in frozen and _differs(frozen.get(key), now.get(key))]


def approval_context(user, campaign, region=None, today: datetime.date | None = None) -> dict:
    """What a page shows of the approval of `region` (the campaign's own when None), for
    reports/includes/county_approval.html: the latest approval and what moved since, the
    children still unconfirmed/unapproved, whether `user` may approve, and for a city its
    counties' latest approvals (county id → SignOff)."""
    from accounts.roles import may_approve_region, sees_everything

    region = region or (campaign.region if campaign.region_id else None)
    approval = latest_region_approval(campaign, region)
    counties = []
    if region is not None and region.level != "county":
        approvals = region_approvals(campaign)
        counties = [(county, approvals.get(county.pk)) for county in child_counties(region)]
    return {
        "approval": approval,
        "approval_changes": changes_since(approval, today) if approval else [],
        "approval_region": region,
        "approval_unapproved": unapproved_children(campaign, region),
        "may_approve": may_approve_region(user, region) if region is not None else sees_everything(user),
        "county_approvals": counties,
    }
