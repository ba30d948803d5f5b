"""The 通报's outcome figures: firms newly insured since the campaign start (county and by
township) and the newly insured rate among respondents vs non-respondents, from
followups.outcomes. Stored with the bulletin's other figures as plain JSON, so an issued
bulletin keeps them; bulletins issued before this existed simply have none."""

from __future__ import annotations

from followups.outcomes import county_outcome, township_outcomes


def outcome_figures(campaign) -> dict:
    """As plain JSON: the county's counts and rates, and the newly insured per township."""
    rows = township_outcomes(campaign)
    county = county_outcome(rows)
    return {
        "targets": county.targets, "newly_insured": county.newly_insured, "rate": county.all_targets.rate,
        "respondents": [county.respondents.joined, county.respondents.of, county.respondents.rate],
        "non_respondents": [county.non_respondents.joined, county.non_respondents.of, county.non_respondents.rate],
        "new_registrations": county.new_registrations.of,
        "townships": [[r.name, r.newly_insured, r.targets] for r in rows],
    }


def outcome_text(outcomes: dict, pct) -> str:
    """One paragraph of the bulletin (pct formats a rate)."""
    by_township = "、".join(f"{name}{joined}家" for name, joined, _targets in outcomes["townships"] if joined)
    joined_r, of_r, rate_r = outcomes["respondents"]
    joined_n, of_n, rate_n = outcomes["non_respondents"]
    return (f"活动以来新参保{outcomes['newly_insured']}家，占活动开始时未参保的小微企业（{outcomes['targets']}家，"
            f"含新登记企业{outcomes['new_registrations']}家）的{pct(outcomes['rate'])}"
            + (f"，其中{by_township}" if by_township else "") + "。"
            f"已答卷企业新参保{joined_r}家/{of_r}家（{pct(rate_r)}），未答卷企业{joined_n}家/{of_n}家（{pct(rate_n)}）；"
            "两者之差为描述，不说明答卷导致参保。")
