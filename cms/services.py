"""What the home page shows: latest articles, the publicity month, the survey link."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from campaigns.models import Campaign, Channel

from .models import PolicyArticlePage, PublicityMonthPage

SURVEY_URL = "/q/{code}"


def latest_articles(limit: int = 5):
    """The newest live, public policy articles."""
    return list(
        PolicyArticlePage.objects.live().public().order_by("-issued_on", "-first_published_at")
        .only("title", "url_path", "summary", "issued_on", "document_number", "path", "depth")[:limit]
    )


def latest_publicity_month() -> PublicityMonthPage | None:
    return PublicityMonthPage.objects.live().public().order_by("-starts_on").first()


def current_campaign_links(campaign: Campaign | None = None) -> dict:
    """The newest campaign that has an active county-wide channel (or the given campaign),
    and the survey URL of that channel. Only a county-wide channel asks the visitor for
    their township: a township's channel would count every website visitor there. A
    website channel is preferred, then any other county-wide kind."""
    usable = Channel.objects.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()), is_active=True,
                                    township__isnull=True)
    if campaign is not None:
        usable = usable.filter(campaign=campaign)
    channel = (
        usable.select_related("campaign")
        .order_by("-campaign__starts_on", "-campaign_id", "pk")
        .first()
    )
    if channel is None:
        return {"campaign": campaign or Campaign.objects.order_by("-starts_on").first(), "survey_url": None}
    preferred = usable.filter(campaign_id=channel.campaign_id, kind=Channel.Kind.WEBSITE).order_by("pk").first()
    chosen = preferred or channel
    return {"campaign": channel.campaign, "survey_url": SURVEY_URL.format(code=chosen.code)}
