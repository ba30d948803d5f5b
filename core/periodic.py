"""Periodic work run by the worker (`manage.py worker`), so production needs no cron.

Each entry is a management command and how often it runs. Running one twice by accident (two
workers with the scheduler on) is harmless: every command here is idempotent."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.core.management import call_command
from django.db import close_old_connections, connection

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Periodic:
    command: str
    every_seconds: float


SCHEDULE: tuple[Periodic, ...] = (
    Periodic("sweep_stale_jobs", 10),  # a killed worker's job is marked failed within a minute (core.jobs)
    Periodic("publish_scheduled", 60),  # Wagtail: publish and unpublish pages at their scheduled times
    Periodic("erase_expired_phones", 3600),  # consultation phone numbers past retention (data protection)
    Periodic("delete_expired_files", 3600),  # uploaded registry files and export contents past retention
    Periodic("erase_expired_drafts", 3600),  # survey drafts older than 24 hours (surveys.drafts)
)


def run_command(name: str) -> None:
    close_old_connections()  # a connection broken by a database restart is replaced, not reused
    call_command(name, verbosity=0)


class Scheduler:
    """Runs each due entry of `schedule`; every entry runs at once on the first tick. A failing
    command is logged and tried again at its next turn; it never stops the others."""

    def __init__(self, schedule=SCHEDULE, clock: Callable[[], float] = time.monotonic,
                 run: Callable[[str], None] | None = None):
        self.schedule, self.clock = schedule, clock
        self.run = run or run_command
        self.next_at: dict[str, float] = {}

    def tick(self) -> list[str]:
        """Run what is due now; returns the names of the commands that ran (ok or not)."""
        now, ran = self.clock(), []
        for entry in self.schedule:
            if self.next_at.get(entry.command, now) > now:
                continue
            self.next_at[entry.command] = now + entry.every_seconds
            ran.append(entry.command)
            try:
                self.run(entry.command)
            except Exception:  # noqa: BLE001 - a periodic job must never stop the worker
                logger.exception("periodic %s failed", entry.command)
        return ran


class SchedulerThread(threading.Thread):
    """The scheduler on a daemon thread of the worker, ticking every `interval` seconds."""

    def __init__(self, scheduler: Scheduler | None = None, interval: float = 5.0):
        super().__init__(name="canbao-periodic", daemon=True)
        self.scheduler, self.interval = scheduler or Scheduler(), interval
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            self.scheduler.tick()
            connection.close()  # this thread's own connection: never kept across a database restart
            self.stopped.wait(self.interval)

    def stop(self) -> None:
        self.stopped.set()
