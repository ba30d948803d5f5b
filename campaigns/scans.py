"""Scans of channel QR codes: count one, then send the visitor to the survey."""

from __future__ import annotations

import random
import time

from django.db import OperationalError
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from core.db import relaxed_durability

from .models import Channel, Scan


class ChannelUnavailable(Exception):
    """The code is unknown (status 404) or the channel is paused/expired (410)."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


def survey_answer_url(channel: Channel) -> str:
    """The survey answering page for this channel (built by the surveys app)."""
    try:
        return reverse("surveys:answer", kwargs={"code": channel.code})
    except NoReverseMatch:
        return f"/s/{channel.code}/"


def record_scan(code: str) -> Channel:
    """Count one scan of a live channel. Each scan is its own row (an INSERT, never a
    read-modify-write), so concurrent scans cannot lose counts."""
    channel = Channel.objects.select_related("campaign", "township").filter(code=code.lower()).first()
    if channel is None:
        raise ChannelUnavailable(404, "unknown")
    if not channel.is_active:
        raise ChannelUnavailable(410, "paused")
    if channel.expires_at is not None and channel.expires_at <= timezone.now():
        raise ChannelUnavailable(410, "expired")
    _insert_scan(channel)
    return channel


def _insert_scan(channel: Channel, attempts: int = 8) -> None:
    # SQLite (development) may report a locked table under concurrent writers; a short
    # back-off keeps every scan. PostgreSQL never needs the retry.
    for attempt in range(attempts):
        try:
            with relaxed_durability():
                Scan.objects.create(channel=channel)
            return
        except OperationalError as exc:
            if "locked" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(0.01 * (attempt + 1) + random.random() * 0.01)


def scan_counts(channels) -> dict[int, int]:
    """channel id → number of scans."""
    from django.db.models import Count

    rows = Scan.objects.filter(channel__in=channels).values("channel").annotate(n=Count("id"))
    return {row["channel"]: row["n"] for row in rows}
