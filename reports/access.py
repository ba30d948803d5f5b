"""Who may open which report: every check goes through accounts.roles."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.roles import (
    is_administrator,
    is_reviewer,
    may_see_responses,
    may_see_township,
    reviewer_region,
    sees_everything,
    visible_townships,
)
from campaigns.models import Township


def require_reports(user) -> None:
    """Reviewers, administrators and bound officers; editors and others get 403."""
    if not may_see_responses(user):
        raise PermissionDenied


def require_reviewer(user) -> None:
    if not is_reviewer(user):
        raise PermissionDenied


def require_administrator(user) -> None:
    if not is_administrator(user):
        raise PermissionDenied


def report_townships(user, campaign=None):
    """None when the user sees the campaign's whole region (its every township), else the
    townships of it the user may see: a county reviewer's part of a city campaign, an
    officer's township."""
    from regions.tree import is_within

    if sees_everything(user):
        return None
    if campaign is not None and is_reviewer(user) and campaign.region_id is not None \
            and is_within(campaign.region, reviewer_region(user)):
        return None
    townships = visible_townships(user)
    if campaign is not None and campaign.region_id is not None:
        from regions.tree import townships_under

        townships = townships.filter(pk__in=townships_under(campaign.region))
    return townships


def township_for(user, pk) -> Township:
    """The township, or 404 when it does not exist or the user may not see it (an
    officer guessing another township's id learns nothing)."""
    try:
        township = Township.objects.get(pk=int(pk))
    except (Township.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not may_see_township(user, township):
        raise Http404
    return township
