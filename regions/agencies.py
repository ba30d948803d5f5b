"""Who a firm deals with, named from the region tree rather than fixed to one county: the
bureau that issues a campaign's posters (人力资源和社会保障局 of the campaign's region), the
insurance agency where a firm registers (社会保险经办机构 of its county), the province's
online service hall, and what a channel without a township serves (方城县通用, 全市通用).

The deployment's own bureau (settings.CANBAO_BUREAU_NAME) stands in where no region is
known (a campaign created before regions existed)."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

# The online service hall of the provinces the shipped region list holds (by the first two
# digits of the code); other provinces get the generic wording.
ONLINE_SERVICES = {"34": "安徽政务服务网（皖事通）", "41": "河南政务服务网（豫事办）"}
WHOLE_REGION = {"province": gettext_noop("全省通用"), "city": gettext_noop("全市通用"), "county": gettext_noop("全县通用")}


def bureau_name(region) -> str:
    """The human resources and social security bureau of `region`, e.g. 南阳市人力资源和社会保障局."""
    return f"{region.name}人力资源和社会保障局" if region is not None else settings.CANBAO_BUREAU_NAME


def is_configured_region(region_name: str, configured: str | None = None) -> bool:
    """Whether the deployment's bureau (`configured`, else settings.CANBAO_BUREAU_NAME) is
    that region's: its name begins with the region's (东至县 → 东至县人力资源和社会保障局)."""
    configured = settings.CANBAO_BUREAU_NAME if configured is None else configured
    return bool(region_name) and configured.startswith(region_name)


def public_brand(region_name: str) -> str:
    """The region a campaign's survey and result pages are headed with: its name when its
    bureau is not the deployment's own (a 南阳市 campaign on a 东至县 site), else "" (the
    deployment's own names, settings.CANBAO_SITE_NAME and CANBAO_BUREAU_NAME)."""
    return "" if not region_name or is_configured_region(region_name) else region_name


def agency_name(county) -> str:
    """Where a firm registers: its county's insurance agency, e.g. 方城县社会保险经办机构."""
    return f"{county.name}社会保险经办机构" if county is not None else "县（市、区）社会保险经办机构"


def online_service(region) -> str:
    """The province's online service hall for a region (any level), generic when unknown."""
    code = getattr(region, "code", "") or ""
    return ONLINE_SERVICES.get(code[:2], "本省政务服务网")


def served_label(channel) -> str:
    """A channel's place on posters and lists: its township, else the region it serves
    (方城县通用), else the whole of its campaign's region (全县通用, 全市通用, 全省通用)."""
    if channel.township_id:
        return channel.township.name
    if channel.region_id:
        return _("%(region)s通用") % {"region": channel.region.name}
    campaign_region = channel.campaign.region if channel.campaign.region_id else None
    return _(WHOLE_REGION[campaign_region.level] if campaign_region else WHOLE_REGION["county"])
