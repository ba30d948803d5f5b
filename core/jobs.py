"""Background jobs that survive a killed worker.

A job row (a subclass of core.models.BackgroundJob) holds a lease, `heartbeat_at`. The task
renews it as it starts and reports progress; the worker (`manage.py worker`) renews it every
LEASE_RENEW_SECONDS while the task runs, however long a silent step (one big transaction)
takes. A worker killed mid-task stops renewing: after STALE_AFTER the row is stale, and
sweep_stale_jobs() — run by the worker every few seconds and whenever staff open the job's
page — marks it failed with a reason staff can read, together with the django-tasks-db result
left RUNNING. Staff then restart it from its page. Nothing is half-written because every job
writes its results in one transaction (an import's apply) or in one final UPDATE."""

from __future__ import annotations

import datetime
import logging
import threading

from django.apps import apps
from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import BackgroundJob

logger = logging.getLogger(__name__)

STALE_AFTER = datetime.timedelta(seconds=40)
LEASE_RENEW_SECONDS = 10.0
INTERRUPTED = _("后台任务中断，请重新开始。")
WORKER_LOST = "core.jobs.WorkerLost"


def job_models() -> list[type[BackgroundJob]]:
    """Every concrete model that follows a background task."""
    return [m for m in apps.get_models() if issubclass(m, BackgroundJob)]


def model_for_task(task_path: str) -> type[BackgroundJob] | None:
    return next((m for m in job_models() if task_path in m.TASK_PATHS), None)


def sweep_stale_jobs(now: datetime.datetime | None = None) -> int:
    """Mark failed every job whose lease went stale, and the task results their dead worker
    left RUNNING. Returns how many job rows were marked. Safe to run concurrently: each mark
    is one conditional UPDATE."""
    now = now or timezone.now()
    cutoff = now - STALE_AFTER
    marked = 0
    for model in job_models():
        marked += model._default_manager.filter(status__in=model.RUNNING_STATUSES, heartbeat_at__lt=cutoff).update(
            status=model.FAILED_STATUS, error=str(INTERRUPTED)
        )
    marked += _sweep_task_results(now, cutoff)
    return marked


def _sweep_task_results(now: datetime.datetime, cutoff: datetime.datetime) -> int:
    """django-tasks-db keeps no heartbeat of its own: a RUNNING result is dead when it started
    before the cutoff and its job row's lease is stale too (or was never taken)."""
    from django_tasks_db.models import DBTaskResult

    marked = 0
    running = DBTaskResult.objects.running().filter(started_at__lt=cutoff)
    for result in running.only("id", "task_path", "args_kwargs"):
        model = model_for_task(result.task_path)
        args = (result.args_kwargs or {}).get("args") or [None]
        if model is not None:
            alive = model._default_manager.filter(pk=args[0], heartbeat_at__gte=cutoff).exists()
            if alive:
                continue
            marked += model._default_manager.filter(
                pk=args[0], status__in=model.RUNNING_STATUSES + model.WAITING_STATUSES
            ).update(status=model.FAILED_STATUS, error=str(INTERRUPTED))
        DBTaskResult.objects.filter(pk=result.pk, status="RUNNING").update(
            status="FAILED", finished_at=now, exception_class_path=WORKER_LOST,
            traceback="worker stopped without finishing the task (lease expired)",
        )
    return marked


def is_stale(job: BackgroundJob, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return job.status in job.RUNNING_STATUSES and job.heartbeat_at is not None and job.heartbeat_at < now - STALE_AFTER


def renew_lease(task_path: str, args: list) -> int:
    """Renew the lease of the job row a running task works on (from the worker's lease thread)."""
    model = model_for_task(task_path)
    if model is None or not args:
        return 0
    return model._default_manager.filter(pk=args[0], status__in=model.RUNNING_STATUSES).update(
        heartbeat_at=timezone.now()
    )


class LeaseKeeper(threading.Thread):
    """While a task runs on the worker, renew its job's lease every LEASE_RENEW_SECONDS on a
    connection of its own."""

    def __init__(self, task_path: str, args: list, every: float = LEASE_RENEW_SECONDS):
        super().__init__(name="canbao-lease", daemon=True)
        self.task_path, self.args, self.every = task_path, list(args), every
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.every):
            try:
                close_old_connections()
                renew_lease(self.task_path, self.args)
            except DatabaseError as exc:  # a locked SQLite file or a restarting server: next time
                logger.warning("lease renewal failed: %s", exc)
        connection.close()

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=self.every + 5)

