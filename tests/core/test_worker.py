"""`manage.py worker`: runs queued tasks with a lease on their job row, and the periodic work."""

import datetime
import time

import pytest
from django_tasks_db.models import DBTaskResult

from django.core.management import call_command
from django.utils import timezone

from campaigns.imports import start_import
from campaigns.models import ImportBatch
from campaigns.uscc import make_uscc
from core.jobs import LeaseKeeper
from core.periodic import SCHEDULE, Periodic, Scheduler


def test_scheduler_runs_each_command_at_its_interval_and_survives_failures():
    now = {"t": 1000.0}
    ran = []

    def run(name):
        ran.append(name)
        if name == "broken":
            raise RuntimeError("boom")

    scheduler = Scheduler((Periodic("broken", 10), Periodic("often", 10), Periodic("hourly", 3600)),
                          clock=lambda: now["t"], run=run)
    assert scheduler.tick() == ["broken", "often", "hourly"]  # all at once on start; a failure stops nothing
    now["t"] += 5
    assert scheduler.tick() == []
    now["t"] += 5
    assert scheduler.tick() == ["broken", "often"]
    now["t"] += 3600
    assert scheduler.tick() == ["broken", "often", "hourly"]
    assert ran.count("hourly") == 2


def test_schedule_names_real_commands():
    from django.core.management import get_commands

    assert {"sweep_stale_jobs", "publish_scheduled", "erase_expired_phones"} <= {p.command for p in SCHEDULE}
    assert {p.command for p in SCHEDULE} <= set(get_commands())
    assert next(p for p in SCHEDULE if p.command == "sweep_stale_jobs").every_seconds <= 20  # within a minute


@pytest.mark.django_db(transaction=True)  # the worker checks its connection between tasks, as in production
def test_worker_runs_queued_import_and_sweeps_a_dead_one(settings, townships):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    csv = f"企业名称,统一社会信用代码,乡镇\n甲,{make_uscc('91341721', 'MA000001')},尧渡镇\n".encode()
    queued = start_import("registry", "a.csv", csv)
    assert queued.status == ImportBatch.Status.PENDING  # waits for the worker
    dead = ImportBatch.objects.create(kind="registry", original_name="b.csv", status=ImportBatch.Status.PREVIEWING,
                                      heartbeat_at=timezone.now() - datetime.timedelta(minutes=2))

    call_command("worker", "--batch", "--no-startup-delay", verbosity=0)

    queued.refresh_from_db()
    dead.refresh_from_db()
    assert queued.status == ImportBatch.Status.PREVIEWED and queued.heartbeat_at is not None
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert dead.status == ImportBatch.Status.FAILED and "后台任务中断" in dead.error


def test_lease_keeper_renews_while_the_task_runs(monkeypatch):
    from core import jobs

    renewed = []
    monkeypatch.setattr(jobs, "renew_lease", lambda path, args: renewed.append((path, args)) or 1)
    monkeypatch.setattr(jobs, "close_old_connections", lambda: None)
    keeper = LeaseKeeper("campaigns.tasks.apply_import", [7], every=0.01)
    keeper.start()
    deadline = time.monotonic() + 5
    while len(renewed) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    keeper.stop()
    assert renewed[:2] == [("campaigns.tasks.apply_import", [7])] * 2 and not keeper.is_alive()
