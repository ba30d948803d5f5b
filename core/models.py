"""An abstract model for rows that follow a background task (imports, poster PDFs, exports).

The module also makes `migrate` send core its post_migrate signal (Django skips apps
without a models module), on which core refreshes the planner statistics."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BackgroundJob(models.Model):
    """A row whose `status` follows a background task. `heartbeat_at` is the task's lease:
    written when it starts, with every progress update and, on the worker, every few seconds
    while it runs (core.jobs). A running row whose heartbeat has gone stale belongs to a
    worker that is gone; core.jobs.sweep_stale_jobs marks it failed so staff can restart it.

    Subclasses name their running statuses, their failed status and the dotted paths of the
    tasks that run them (each task takes the row's primary key as its first argument)."""

    RUNNING_STATUSES: tuple[str, ...] = ()
    WAITING_STATUSES: tuple[str, ...] = ("pending",)
    FAILED_STATUS = "failed"
    TASK_PATHS: tuple[str, ...] = ()

    heartbeat_at = models.DateTimeField(_("最近心跳"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @classmethod
    def beat(cls, pk, **fields) -> int:
        """Renew the lease of row `pk`, writing `fields` (status, progress…) in the same statement."""
        return cls._default_manager.filter(pk=pk).update(heartbeat_at=timezone.now(), **fields)
