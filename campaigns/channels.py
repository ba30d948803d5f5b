"""Channel lookup for the public hot path (/q/<code> and the survey behind it): the
channel with its township and survey as frozen data, kept in the shared cache (and for a
few seconds in this process's memory, sparing a cache round trip per request) and
forgotten whenever the channel, its campaign or its survey is saved. Another app server
may serve its in-memory copy for up to CAMPAIGNS_CHANNEL_LOCAL_SECONDS after a save."""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from regions.agencies import public_brand
from regions.codes import prefix_length

from .models import Channel, Township

MISSING = "missing"


@dataclass(frozen=True)
class ChannelInfo:
    """township_id is None (and township_name "") for a county-wide channel, whose
    respondents pick their township on the form."""

    id: int
    code: str
    township_id: int | None
    township_name: str
    campaign_id: int
    is_active: bool
    expires_at: datetime.datetime | None
    survey_id: int | None
    survey_stamp: tuple | None  # (version, updated_at) of the survey, for the definition cache
    # The region a county-wide channel's respondents pick their township in, as the prefix of
    # its codes (channel.region, else the campaign's; "" for every township).
    scope_prefix: str = ""
    # The campaign's region when its public pages carry its names, not the deployment's
    # (regions.agencies.public_brand).
    brand: str = ""

    @property
    def is_county_wide(self) -> bool:
        return self.township_id is None

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


def local_seconds() -> float:
    return float(getattr(settings, "CAMPAIGNS_CHANNEL_LOCAL_SECONDS", 5))


_local: dict[str, tuple[float, object]] = {}


def _key(code: str) -> str:
    return f"campaigns:channel:v3:{code}"


def channel_info(code: str) -> ChannelInfo | None:
    """The channel of a (lower-case) code, or None when there is none."""
    if not code or len(code) > 16:
        return None
    now = time.monotonic()
    held = _local.get(code)
    if held is not None and held[0] > now:
        info = held[1]
    else:
        info = cache.get(_key(code))
        if info is None:
            info = _load(code)
            cache.set(_key(code), info, cache_seconds())
        if len(_local) > 5000:
            _local.clear()
        _local[code] = (now + local_seconds(), info)
    return None if info == MISSING else info


def _load(code: str) -> ChannelInfo | str:
    row = (
        Channel.objects.filter(code=code)
        .values_list(
            "id", "township_id", "township__name", "campaign_id", "is_active", "expires_at",
            "campaign__survey_id", "campaign__survey__version", "campaign__survey__updated_at",
            "region__code", "region__level", "campaign__region__code", "campaign__region__level",
            "campaign__region__name",
        )
        .first()
    )
    if row is None:
        return MISSING
    stamp = (row[7], row[8].timestamp()) if row[6] else None
    region_code, level = (row[9], row[10]) if row[9] else (row[11], row[12])
    scope = region_code[: prefix_length(level)] if region_code else ""
    return ChannelInfo(row[0], code, row[1], row[2] or "", row[3], row[4], row[5], row[6], stamp, scope,
                       public_brand(row[13] or ""))


TOWNSHIPS_KEY = "campaigns:townships:v4"


def township_rows() -> tuple[tuple[int, str, str, str, str, str], ...]:
    """Every township as (id, name, office phone, county code, county name, county agency's
    phone) in code order,
    kept like the channel lookup (shared cache, then a few seconds in this process;
    forgotten on every save of a township or region): the choices of a county-wide
    channel's form, the names of attributed townships and the number a result page tells a
    firm to call, without a query."""
    now = time.monotonic()
    held = _local.get(TOWNSHIPS_KEY)
    if held is not None and held[0] > now:
        return held[1]
    rows = cache.get(TOWNSHIPS_KEY)
    if rows is None:
        rows = tuple(Township.objects.order_by("county__code", "code").values_list(
            "id", "name", "office_phone", "county__code", "county__name", "county__office_phone"))
        cache.set(TOWNSHIPS_KEY, rows, cache_seconds())
    _local[TOWNSHIPS_KEY] = (now + local_seconds(), rows)
    return rows


def township_groups(scope_prefix: str = "") -> list[tuple[str, list[tuple[int, str]]]]:
    """The townships a county-wide channel's respondents pick from (those whose county code
    starts with `scope_prefix`; all for ""), grouped by county: [(county name, [(id, name)])]."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for pk, name, _phone, county_code, county_name, _county_phone in township_rows():
        if county_code.startswith(scope_prefix):
            groups.setdefault(county_name, []).append((pk, name))
    return list(groups.items())


def township_ids(scope_prefix: str = "") -> set[int]:
    return {row[0] for row in township_rows() if row[3].startswith(scope_prefix)}


_stamp: list = [None, 0]  # [the rows last stamped, their hash]


def townships_stamp() -> int:
    """Changes whenever the township list does: part of the key of a cached blank form."""
    rows = township_rows()
    if _stamp[0] is not rows:
        _stamp[:] = [rows, hash(rows)]
    return _stamp[1]


def township_name(township_id: int | None) -> str:
    return next((row[1] for row in township_rows() if row[0] == township_id), "")


def township_contacts(township_id: int | None) -> tuple[str, str, str]:
    """(township office's phone, county name, county agency's phone) of a township, each ''
    when unknown (campaigns.hotlines), without a query."""
    row = next((row for row in township_rows() if row[0] == township_id), None) if township_id else None
    return (row[2] or "", row[4] or "", row[5] or "") if row else ("", "", "")


def forget_townships() -> None:
    _local.pop(TOWNSHIPS_KEY, None)
    cache.delete(TOWNSHIPS_KEY)


def forget_channels(codes) -> None:
    codes = list(codes)
    for code in codes:
        _local.pop(code, None)
    cache.delete_many([_key(code) for code in codes])


def forget_channel(code: str) -> None:
    forget_channels([code])


def forget_local() -> None:
    """Empty this process's copies (tests start from an empty cache)."""
    _local.clear()
