"""Who may open which report: every check goes through accounts.roles."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.roles import is_administrator, is_reviewer, may_see_responses, may_see_township, visible_townships
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


def report_townships(user):
    """None (every township) for bureau-wide readers, else the user's own townships."""
    return None if is_reviewer(user) else visible_townships(user)


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
