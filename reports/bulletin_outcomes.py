"""The 通报's outcome figures: firms newly insured since the campaign start (the campaign's
region, by township and, for a city campaign, by county) and the newly insured rate among
respondents vs non-respondents, from
followups.outcomes. Stored with the bulletin's other figures as plain JSON, so an issued
bulletin keeps them; bulletins issued before this existed simply have none."""

from __future__ import annotations

from campaigns.models import Township
from followups.outcomes import county_outcome, township_outcomes

from .rollup import campaign_townships


def _by_county(rows) -> list[list]:
    """[county name, newly insured, targets] per county, in code order."""
    county_of = {pk: (code, name) for pk, code, name in Township.objects.filter(
        pk__in=[r.township_id for r in rows]).values_list("pk", "county__code", "county__name")}
    totals: dict[str, list] = {}
    for r in rows:
        code, name = county_of[r.township_id]
        total = totals.setdefault(code, [name, 0, 0])
        total[1] += r.newly_insured
        total[2] += r.targets
    return [totals[code] for code in sorted(totals)]


def outcome_figures(campaign) -> dict:
    """As plain JSON: the region's counts and rates, and the newly insured per township (and
    per county for a city campaign)."""
    rows = township_outcomes(campaign, campaign_townships(campaign))
    county = county_outcome(rows)
    upper = campaign.region_id is not None and campaign.region.level != "county"
    return {
        "targets": county.targets, "newly_insured": county.newly_insured, "rate": county.all_targets.rate,
        "respondents": [county.respondents.joined, county.respondents.of, county.respondents.rate],
        "non_respondents": [county.non_respondents.joined, county.non_respondents.of, county.non_respondents.rate],
        "new_registrations": county.new_registrations.of,
        "townships": [[r.name, r.newly_insured, r.targets] for r in rows],
        **({"counties": _by_county(rows)} if upper else {}),
    }


def outcome_text(outcomes: dict, pct) -> str:
    """One paragraph of the bulletin (pct formats a rate)."""
    parts = outcomes.get("counties") or outcomes["townships"]  # a city's bulletin names its counties
    by_township = "、".join(f"{name}{joined}家" for name, joined, _targets in parts if joined)
    joined_r, of_r, rate_r = outcomes["respondents"]
    joined_n, of_n, rate_n = outcomes["non_respondents"]
    return (f"活动以来新参保{outcomes['newly_insured']}家，占活动开始时未参保的小微企业（{outcomes['targets']}家，"
            f"含新登记企业{outcomes['new_registrations']}家）的{pct(outcomes['rate'])}"
            + (f"，其中{by_township}" if by_township else "") + "。"
            f"已答卷企业新参保{joined_r}家/{of_r}家（{pct(rate_r)}），未答卷企业{joined_n}家/{of_n}家（{pct(rate_n)}）；"
            "两者之差为描述，不说明答卷导致参保。")
