"""The 通报's 近期走势: the county's last weeks of the weekly trend (reports.trend) as of
the bulletin's period end. Stored with the bulletin's other figures as plain JSON, so an
issued bulletin keeps them; bulletins issued before this existed simply have none."""

from __future__ import annotations

import datetime

from .filters import ReportFilters
from .rollup import campaign_townships
from .trend import weekly_series

TREND_WEEKS = 8


def trend_figures(campaign, filters: ReportFilters, as_of: datetime.date, weeks: int = TREND_WEEKS) -> list[dict]:
    """The county's last `weeks` weeks up to `as_of`, oldest first: week (Monday, ISO),
    responses that week, cumulative responses, coverage and awareness (ratios or None)."""
    # Scoped to the campaign's townships: another campaign may share the survey.
    county, _townships = weekly_series(campaign, filters, campaign_townships(campaign), today=as_of)
    return [{"week": p["week"].isoformat(), "responses": p["responses"], "cumulative": p["cumulative"],
             "coverage": p["coverage"], "awareness": p["awareness"]} for p in county.points[-weeks:]]
