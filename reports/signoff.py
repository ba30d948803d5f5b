"""Signing off a township's report: the figures of that moment are frozen with who and when."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from .models import SignOff
from .questions import least_known
from .rollup import records, township_rollup


def township_snapshot(campaign, township, today: datetime.date | None = None) -> dict:
    """The unfiltered figures of one township exactly as its report page shows them."""
    today = today or timezone.localdate()
    [row] = records(township_rollup(campaign, townships=[township.pk], today=today))
    questions = records(least_known(campaign, townships=[township.pk], township_id=township.pk)[
        ["rank", "question_id", "position", "fact_code", "text", "answered", "correct", "rate", "low", "high"]])
    return {"as_of": today.isoformat(), "deadline": campaign.deadline.isoformat(), "row": row, "questions": questions}


@transaction.atomic
def sign_off_township(user, campaign, township, comment: str, today: datetime.date | None = None) -> SignOff:
    """Record that `user` reviewed the township's report, with the figures as they are now."""
    return SignOff.objects.create(campaign=campaign, township=township, signed_by=user, comment=comment.strip(),
                                  figures=township_snapshot(campaign, township, today))


def latest_signoffs(campaign) -> dict[int, SignOff]:
    """The most recent sign-off per township of the campaign."""
    latest: dict[int, SignOff] = {}
    for signoff in SignOff.objects.filter(campaign=campaign).select_related("signed_by").order_by("-signed_at", "-id"):
        latest.setdefault(signoff.township_id, signoff)
    return latest
