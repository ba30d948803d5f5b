"""Which answers count in the figures, and which are counted apart.

The population of a township is its registered small/micro firms (the enterprise
registry, size class small or micro): N. A current response is *in the population* when
its USCC is such a firm and it counts in that firm's township (surveys.attribution puts
every registered firm's response there). Coverage, awareness, mean score, insured share,
Wilson interval, margin and target progress are computed over these responses only; as
one current response per (survey, USCC) may exist and a USCC names one firm, the number
n of in-population responses never exceeds N.

Every other current response is *out of the population* and shown apart, never mixed in:
- unregistered: the USCC is not in the registry (firms of another county, new firms not
  yet imported, mistyped codes); it counts in the township of its channel or the one
  picked on a county-wide channel;
- not small/micro: a registered firm sized medium, large or undetermined."""

from __future__ import annotations

from django.db.models import F, Q

from campaigns.models import SMALL_OR_MICRO


def population_q(prefix: str = "", relation: str = "enterprise") -> Q:
    """In the population, as a Q on Response (prefix "response__" on Answer: the answer's
    own township copy is then compared, which attribution keeps equal). `relation` names
    the firm: "enterprise", or a FilteredRelation of it (reports.rollup.response_counts)."""
    own_township = F("township_id")
    return Q(**{f"{prefix}{relation}__size_class__in": SMALL_OR_MICRO,
                f"{prefix}{relation}__township_id": own_township})


def registered_q(prefix: str = "") -> Q:
    """The USCC is in the enterprise registry."""
    return Q(**{f"{prefix}enterprise__isnull": False})
