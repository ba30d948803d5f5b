"""The four roles of canbao and what each may see.

Roles are Django groups (created by a data migration); every access check in the
project goes through the functions here so that a township officer can never see
another township's data by accident.
"""

from __future__ import annotations

from .role_groups import (  # noqa: F401 - the roles' permissions, re-exported for callers
    ROLE_PAGE_PERMISSIONS,
    ROLE_PERMISSIONS,
    extend_role_permissions,
    sync_role_permissions,
    sync_role_permissions_after_migrate,
)
from .role_names import ADMINISTRATOR, EDITOR, OFFICER, REVIEWER, ROLES  # noqa: F401

# --- Who may see what --------------------------------------------------------


def _group_names(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_canbao_groups", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._canbao_groups = cached
    return cached


def has_role(user, role: str) -> bool:
    return role in _group_names(user)


def is_administrator(user) -> bool:
    return user.is_authenticated and (user.is_superuser or has_role(user, ADMINISTRATOR))


def is_reviewer(user) -> bool:
    """Reviewers and administrators: readers of a whole region (reviewer_region)."""
    return is_administrator(user) or has_role(user, REVIEWER)


def reviewer_region(user):
    """The region a reviewer reads: a county, a city or a province (Profile.region); None
    for administrators and unbound reviewers, who read the whole deployment."""
    if is_administrator(user) or not has_role(user, REVIEWER):
        return None
    profile = getattr(user, "profile", None)
    return profile.region if profile else None


def sees_everything(user) -> bool:
    """Administrators and reviewers bound to no region: every township of the deployment."""
    return is_reviewer(user) and reviewer_region(user) is None


def officer_township(user):
    """The township a township officer is bound to, or None."""
    if not has_role(user, OFFICER):
        return None
    profile = getattr(user, "profile", None)
    return profile.township if profile else None


def may_see_responses(user) -> bool:
    """Survey responses and reports: reviewers, administrators and bound officers."""
    return is_reviewer(user) or officer_township(user) is not None


def visible_townships(user):
    """Townships whose firms, channels, responses and reports the user may see."""
    from campaigns.models import Township
    from regions.tree import townships_under

    if is_reviewer(user):
        return townships_under(reviewer_region(user))
    township = officer_township(user)
    if township is not None:
        return Township.objects.filter(pk=township.pk)
    return Township.objects.none()


def visible_regions(user):
    """Regions whose roll-up the user may open: a reviewer's region and everything below it
    (every region for administrators and unbound reviewers); none for officers, who see
    their township only."""
    from regions.models import Region

    if not is_reviewer(user):
        return Region.objects.none()
    region = reviewer_region(user)
    if region is None:
        return Region.objects.all()
    if region.is_county:
        return Region.objects.filter(pk=region.pk)
    return Region.objects.filter(code__startswith=region.prefix).exclude(level__in=_levels_above(region.level))


def _levels_above(level: str) -> list[str]:
    order = ["province", "city", "county"]
    return order[: order.index(level)]


def may_see_region(user, region) -> bool:
    from regions.tree import is_within

    return is_reviewer(user) and region is not None and is_within(region, reviewer_region(user))


def may_import_regions(user) -> bool:
    """The bureau's list of division codes (regions.imports) reshapes every scope: only
    administrators and reviewers bound to no region may import it."""
    return sees_everything(user)


def may_edit_regions(user) -> bool:
    """Renaming a region or setting its office phone: administrators."""
    return is_administrator(user)


def may_see_region_report(user, region, campaign) -> bool:
    """A region's page of a campaign's report (reports:region): a region the user reads
    (may_see_region) that lies within the campaign's region."""
    from regions.tree import is_within

    if not may_see_region(user, region):
        return False
    return campaign is None or campaign.region_id is None or is_within(region, campaign.region)


def report_region(user, campaign):
    """The region whose roll-up the user's report of `campaign` shows: the campaign's region
    when the user reads all of it; the reviewer's own region when it lies inside the
    campaign's (a county reviewer of a city campaign: that county only); None for officers
    (their township, no total) and when neither applies."""
    from regions.tree import is_within

    if campaign is None or not is_reviewer(user):
        return None
    mine = reviewer_region(user)
    if campaign.region_id is None:
        return mine
    if is_within(campaign.region, mine):
        return campaign.region
    if is_within(mine, campaign.region):
        return mine
    return None


def may_approve_region(user, region) -> bool:
    """A county's or a city's approval (reports.signoff): a reviewer whose region contains it
    (a county reviewer approves their county; a city reviewer the city and, on a county's
    behalf, any county of it); administrators and unbound reviewers any; officers never. A
    reviewer who may not see the region gets 404 (may_see_region), others 403."""
    return region is not None and is_reviewer(user) and may_see_region(user, region)


def may_issue_bulletin(user, campaign) -> bool:
    """Draft, issue and read a campaign's 通报: reviewers whose region contains the
    campaign's region (a campaign without a region: reviewers of the whole deployment)."""
    from regions.tree import is_within

    if campaign is None or not is_reviewer(user):
        return False
    mine = reviewer_region(user)
    return mine is None or (campaign.region_id is not None and is_within(campaign.region, mine))


def may_read_bulletin(user, bulletin) -> bool:
    """Read a 通报: whoever may issue it; once issued, also the reviewers its campaign is
    visible to (a county reads the city's bulletin sent to it, never its draft)."""
    if may_issue_bulletin(user, bulletin.campaign):
        return True
    return bulletin.is_issued and is_reviewer(user) and may_see_campaign(user, bulletin.campaign)


def may_see_township(user, township) -> bool:
    from regions.tree import is_within

    if township is None:  # a county-wide object (a channel without a township)
        return sees_everything(user)
    if is_reviewer(user):
        region = reviewer_region(user)
        return region is None or is_within(township.county, region)
    own = officer_township(user)
    return own is not None and own.pk == township.pk


def may_see_campaign(user, campaign) -> bool:
    """A campaign overlaps what the user may see: a city campaign for a county reviewer of
    that city (who then sees the county's part), a county campaign for its city's reviewer,
    any campaign of the officer's county."""
    from regions.tree import is_within

    if campaign is None or not may_see_responses(user):
        return False
    if sees_everything(user) or campaign.region_id is None:
        return True
    if is_reviewer(user):
        mine = reviewer_region(user)
        return is_within(campaign.region, mine) or is_within(mine, campaign.region)
    return is_within(officer_township(user).county, campaign.region)


def visible_campaigns(user):
    from campaigns.models import Campaign

    if sees_everything(user):
        return Campaign.objects.all()
    if not may_see_responses(user):
        return Campaign.objects.none()
    return Campaign.objects.filter(pk__in=[c.pk for c in Campaign.objects.select_related("region")
                                            if may_see_campaign(user, c)])


def campaign_townships(user, campaign):
    """The campaign's townships (all when it has no region) that the user may see."""
    from regions.tree import townships_under

    if campaign is None or campaign.region_id is None:
        return visible_townships(user)
    return visible_townships(user).filter(pk__in=townships_under(campaign.region).values("pk"))


def channel_region(channel):
    """The region a channel without a township serves: its own, else its campaign's."""
    return channel.region if channel.region_id is not None else channel.campaign.region


def may_see_channel(user, channel) -> bool:
    """A township's channel: whoever sees the township; one without: whoever leads its region."""
    if channel.township_id is not None:
        return may_see_township(user, channel.township)
    return may_lead_region(user, channel_region(channel))


def visible_channel_filter(user):
    """may_see_channel as a Q on Channel (codes below a region start with its prefix)."""
    from django.db.models import Q

    region = reviewer_region(user) if is_reviewer(user) else None
    if sees_everything(user) or region is None:
        return Q() if sees_everything(user) else Q(township__in=visible_townships(user))
    above = _levels_above(region.level)
    own = Q(region__code__startswith=region.prefix) & ~Q(region__level__in=above)
    of_campaign = Q(region__isnull=True, campaign__region__code__startswith=region.prefix) & ~Q(
        campaign__region__level__in=above)
    return Q(township__in=visible_townships(user)) | Q(township__isnull=True) & (own | of_campaign)


def may_lead_region(user, region) -> bool:
    """The user holds all of `region` (None: the deployment): edits its campaigns, sets their
    county targets, makes channels without a township for all of it."""
    return sees_everything(user) or may_see_region(user, region)


def may_see_phone_numbers(user, township) -> bool:
    """Who may reveal a contact phone (the township's own officer and reviewers). Lists
    show every number masked; a number is shown only through a recorded "显示号码"
    (accounts.audit), and only to these users."""
    return may_see_township(user, township)


def may_see_import_batch(user, batch) -> bool:
    """An import batch: its uploader, deployment-wide users, reviewers of its county."""
    return user.is_authenticated and (batch.created_by_id == user.pk or may_lead_region(user, batch.county))


def may_download_import_file(user, batch) -> bool:
    """An uploaded registry file (every firm's name and phone): its uploader, while still
    allowed to import, and administrators. Everyone else gets 404, not 403."""
    if is_administrator(user):
        return True
    return (user.is_authenticated and batch.created_by_id == user.pk
            and user.has_perm("campaigns.add_importbatch"))


def may_download_export(user, export) -> bool:
    """An export file: the user who asked for it (while still allowed to see reports) and
    administrators. Everyone else gets 404."""
    if is_administrator(user):
        return True
    return user.is_authenticated and export.user_id == user.pk and may_see_responses(user)


def requires_mfa(user) -> bool:
    """Everyone who may see survey responses or reports must use TOTP."""
    return may_see_responses(user)
