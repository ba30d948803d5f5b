"""Outcome figures since a campaign began, per township and for the county: targets,
contacted, answered, newly insured (number and rate), and the newly insured rate among
respondents vs non-respondents and among contacted vs not contacted. Targets that the
monthly list of new registrations added since the start (新登记) are counted apart too:
how many, and how many of them joined.

Every group is counted over the campaign's targets (followups.states): firms uninsured at
the start. The rates are those of all targets, not a sample, but joining is a chance
process, so each comes with a 95% Wilson interval (reports.statistics, no finite-population
correction) to show how far a difference between two groups may be noise. Comparing
respondents with non-respondents describes; it does not prove that answering caused joining."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from campaigns.models import Campaign, InsuredChange
from regions.tree import townships_under
from reports.statistics import safe_ratio, wilson_interval

from .states import campaign_targets


@dataclass
class Rate:
    joined: int
    of: int

    @property
    def rate(self) -> float | None:
        return safe_ratio(self.joined, self.of)

    @property
    def interval(self) -> tuple[float | None, float | None]:
        return wilson_interval(self.joined, self.of)


@dataclass
class OutcomeRow:
    name: str
    township_id: int | None
    targets: int
    contacted: int
    answered: int
    newly_insured: int
    respondents: Rate
    non_respondents: Rate
    contacted_rate: Rate
    not_contacted: Rate
    new_registrations: Rate  # 新登记 targets: joined / of

    @property
    def all_targets(self) -> Rate:
        return Rate(self.newly_insured, self.targets)

    @property
    def rates(self) -> list[Rate]:
        """In the order of the outcome table's columns."""
        return [self.all_targets, self.respondents, self.non_respondents, self.contacted_rate, self.not_contacted]


# Named apart from the annotations they count (an aggregate named "answered" would
# shadow the Exists annotation "answered" that the filters below refer to).
COUNTS = {
    "n_targets": Count("pk"),
    "n_contacted": Count("pk", filter=Q(contacted=True)),
    "n_answered": Count("pk", filter=Q(answered=True)),
    "n_joined": Count("pk", filter=Q(newly_insured=True)),
    "n_joined_answered": Count("pk", filter=Q(newly_insured=True, answered=True)),
    "n_joined_contacted": Count("pk", filter=Q(newly_insured=True, contacted=True)),
    "n_new": Count("pk", filter=Q(new_registration=True)),
    "n_joined_new": Count("pk", filter=Q(newly_insured=True, new_registration=True)),
}


def _row(name: str, township_id: int | None, c: dict) -> OutcomeRow:
    return OutcomeRow(
        name, township_id, c["n_targets"], c["n_contacted"], c["n_answered"], c["n_joined"],
        respondents=Rate(c["n_joined_answered"], c["n_answered"]),
        non_respondents=Rate(c["n_joined"] - c["n_joined_answered"], c["n_targets"] - c["n_answered"]),
        contacted_rate=Rate(c["n_joined_contacted"], c["n_contacted"]),
        not_contacted=Rate(c["n_joined"] - c["n_joined_contacted"], c["n_targets"] - c["n_contacted"]),
        new_registrations=Rate(c["n_joined_new"], c["n_new"]),
    )


def township_outcomes(campaign: Campaign, townships=None) -> list[OutcomeRow]:
    """One row per township the caller may see (the campaign region's when `townships` is None), in code order."""
    counted = {
        row.pop("township_id"): row
        for row in campaign_targets(campaign, townships).order_by().values("township_id").annotate(**COUNTS)
    }
    empty = dict.fromkeys(COUNTS, 0)
    visible = townships if townships is not None else townships_under(campaign.region)
    return [_row(t.name, t.pk, counted.get(t.pk, empty)) for t in visible.order_by("code")]


def county_outcome(rows: list[OutcomeRow], name: str | None = None) -> OutcomeRow:
    """The total of the rows' area (全县 unless named): the townships' counts added up
    (rates recomputed from them)."""
    total = {
        "n_targets": sum(r.targets for r in rows), "n_contacted": sum(r.contacted for r in rows),
        "n_answered": sum(r.answered for r in rows), "n_joined": sum(r.newly_insured for r in rows),
        "n_joined_answered": sum(r.respondents.joined for r in rows),
        "n_joined_contacted": sum(r.contacted_rate.joined for r in rows),
        "n_new": sum(r.new_registrations.of for r in rows), "n_joined_new": sum(r.new_registrations.joined for r in rows),
    }
    return _row(name or _("全县"), None, total)


def monthly_newly_insured(campaign: Campaign, townships=None) -> list[tuple[str, int]]:
    """Targets newly insured per month of the lists' dates, since the start."""
    targets = campaign_targets(campaign, townships).filter(newly_insured=True).values("pk")
    changes = InsuredChange.objects.filter(
        enterprise__in=targets, insured_from=False, insured_to=True, effective_on__gte=campaign.starts_on
    )
    by_month = changes.annotate(month=TruncMonth("effective_on")).order_by("month").values("month").annotate(
        firms=Count("enterprise", distinct=True)
    )
    return [(row["month"].strftime("%Y-%m"), row["firms"]) for row in by_month]
