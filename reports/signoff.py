"""The sign-off chain: a township's figures are confirmed (by its officer, or a reviewer on
its behalf), then a reviewer approves the county, which needs every township confirmed or
a recorded override with a reason. Each step freezes the figures of that moment with who
and when; `changes_since` compares a frozen step with the figures now."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import is_reviewer, officer_township

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
    """The county cannot be approved: these townships are unconfirmed and no reason was given."""

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


def county_snapshot(campaign, today: datetime.date | None = None) -> dict:
    """The unfiltered county total and every township's row."""
    today = today or timezone.localdate()
    frame = township_rollup(campaign, today=today)
    return {"as_of": today.isoformat(), "deadline": campaign.deadline.isoformat(),
            "row": county_row(frame, campaign, today), "townships": records(frame)}


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


def latest_county_approval(campaign) -> SignOff | None:
    return (SignOff.objects.filter(campaign=campaign, level=SignOff.Level.COUNTY).select_related("signed_by")
            .order_by("-signed_at", "-id").first())


def unconfirmed_townships(campaign) -> list[str]:
    """Names (in code order) of the townships without a confirmation."""
    from campaigns.models import Township

    confirmed = latest_signoffs(campaign)
    return [t.name for t in Township.objects.order_by("code") if t.pk not in confirmed]


@transaction.atomic
def approve_county(user, campaign, comment: str, override_reason: str = "",
                   today: datetime.date | None = None) -> SignOff:
    """Approve the county's figures. Every township must be confirmed first, unless
    `override_reason` says why not; the unconfirmed ones are recorded with it."""
    unconfirmed = unconfirmed_townships(campaign)
    reason = override_reason.strip()
    if unconfirmed and not reason:
        raise ApprovalBlocked(unconfirmed)
    figures = county_snapshot(campaign, today)
    figures["unconfirmed"] = unconfirmed
    return SignOff.objects.create(campaign=campaign, level=SignOff.Level.COUNTY, signed_by=user, comment=comment.strip(),
                                  override_reason=reason if unconfirmed else "", figures=figures)


def current_row(signoff: SignOff, today: datetime.date | None = None) -> dict:
    """The signed-off row's figures as they are now."""
    if signoff.level == SignOff.Level.COUNTY:
        return county_snapshot(signoff.campaign, today)["row"]
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
