"""Response targets per township and the list of firms to reach (参保扩面对象)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.db.models import Count, Q

from .models import SMALL_OR_MICRO, Campaign, Enterprise, Township, TownshipTarget

Z_95 = 1.96
MARGIN = 0.05
P = 0.5  # the most cautious proportion
N0 = Z_95**2 * P * (1 - P) / MARGIN**2  # 384.16


def sample_size(population: int) -> int:
    """Responses needed for ±5 points at 95% confidence over `population` firms, with the
    finite-population correction: n = n0 / (1 + (n0 − 1) / N), rounded up; 0 when N = 0."""
    if population <= 0:
        return 0
    return min(population, math.ceil(N0 / (1 + (N0 - 1) / population) - 1e-9))


def sample_size_formula(population: int) -> str:
    """The calculation written out for staff."""
    n = sample_size(population)
    if population <= 0:
        return "N = 0：该乡镇暂无小型、微型企业，默认目标为 0"
    return (
        f"n₀ = 1.96² × 0.5 × 0.5 ÷ 0.05² = {N0:.2f}；"
        f"n = n₀ ÷ (1 + (n₀ − 1) ÷ N) = {N0:.2f} ÷ (1 + {N0 - 1:.2f} ÷ {population}) → {n}"
    )


@dataclass
class TargetRow:
    township: Township
    small_micro: int
    default_target: int
    target: int
    is_override: bool
    formula: str


def target_list(user=None):
    """Small and micro firms that are not insured, in the townships the user may see."""
    from accounts.roles import visible_townships

    firms = Enterprise.objects.filter(size_class__in=SMALL_OR_MICRO, insured=False).select_related("township")
    if user is not None:
        firms = firms.filter(township__in=visible_townships(user))
    return firms


def campaign_targets(campaign: Campaign, townships=None) -> list[TargetRow]:
    """Each township's target: the staff override if set, else the sample size over its
    small and micro firms."""
    townships = townships if townships is not None else Township.objects.all()
    counts = dict(
        townships.annotate(
            n=Count("enterprises", filter=Q(enterprises__size_class__in=SMALL_OR_MICRO))
        ).values_list("pk", "n")
    )
    overrides = dict(
        TownshipTarget.objects.filter(campaign=campaign, target_responses__isnull=False).values_list(
            "township_id", "target_responses"
        )
    )
    rows = []
    for township in townships.order_by("code"):
        population = counts.get(township.pk, 0)
        default = sample_size(population)
        override = overrides.get(township.pk)
        rows.append(TargetRow(township, population, default, override if override is not None else default,
                              override is not None, sample_size_formula(population)))
    return rows


@dataclass
class CountyTargetRow:
    county: object  # regions.Region
    townships_total: int  # the sum of its townships' targets (what it is held to without one)
    target: int | None  # the campaign's RegionTarget, None when unset


def county_targets(campaign: Campaign, counties) -> list[CountyTargetRow]:
    """A city (or provincial) campaign's targets per county: the RegionTarget set for it,
    beside the sum of its townships' targets."""
    from .models import RegionTarget

    set_targets = dict(RegionTarget.objects.filter(campaign=campaign).values_list("region_id", "target_responses"))
    rows = []
    for county in counties.order_by("code"):
        total = sum(r.target for r in campaign_targets(campaign, Township.objects.filter(county=county)))
        rows.append(CountyTargetRow(county, total, set_targets.get(county.pk)))
    return rows
