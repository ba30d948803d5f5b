"""Recording accesses to personal data (accounts.models.AuditEntry)."""

from __future__ import annotations

from .models import AuditEntry


def record(user, action: str, subject: str = "", township=None, **detail) -> AuditEntry:
    """Write one audit entry; `user` may be None for a command run by an operator."""
    return AuditEntry.objects.create(
        user=user if user is not None and user.is_authenticated else None, action=action, township=township,
        subject=subject[:200], detail=detail,
    )
