"""Channel lookup for the public hot path (/q/<code> and the survey behind it): the
channel with its township and survey as frozen data, kept briefly in the shared cache and
forgotten whenever the channel, its campaign or its survey is saved."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from .models import Channel

MISSING = "missing"


@dataclass(frozen=True)
class ChannelInfo:
    id: int
    code: str
    township_id: int
    township_name: str
    campaign_id: int
    is_active: bool
    expires_at: datetime.datetime | None
    survey_id: int | None
    survey_stamp: tuple | None  # (version, updated_at) of the survey, for the definition cache

    def usable(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.is_active and (self.expires_at is None or now < self.expires_at)

    def unavailable_reason(self, now: datetime.datetime | None = None) -> str:
        """"" when the channel takes visitors, else "paused" or "expired"."""
        if not self.is_active:
            return "paused"
        if not self.usable(now):
            return "expired"
        return ""


def cache_seconds() -> int:
    return int(getattr(settings, "CAMPAIGNS_CHANNEL_CACHE_SECONDS", 30))


def _key(code: str) -> str:
    return f"campaigns:channel:{code}"


def channel_info(code: str) -> ChannelInfo | None:
    """The channel of a (lower-case) code, or None when there is none."""
    if not code or len(code) > 16:
        return None
    info = cache.get(_key(code))
    if info is None:
        row = (
            Channel.objects.filter(code=code)
            .values_list(
                "id", "township_id", "township__name", "campaign_id", "is_active", "expires_at",
                "campaign__survey_id", "campaign__survey__version", "campaign__survey__updated_at",
            )
            .first()
        )
        if row is None:
            info = MISSING
        else:
            stamp = (row[7], row[8].timestamp()) if row[6] else None
            info = ChannelInfo(row[0], code, row[1], row[2], row[3], row[4], row[5], row[6], stamp)
        cache.set(_key(code), info, cache_seconds())
    return None if info == MISSING else info


def forget_channels(codes) -> None:
    cache.delete_many([_key(code) for code in codes])


def forget_channel(code: str) -> None:
    forget_channels([code])
