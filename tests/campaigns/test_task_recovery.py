"""A worker killed mid-task: the job is marked failed within a minute, staff restart it from
its page, and the registry is never half-written."""

import datetime

import pytest
from django_tasks_db.models import DBTaskResult

from django.urls import reverse
from django.utils import timezone

from campaigns.imports import applying
from campaigns.models import Enterprise, ImportBatch, PosterBundle
from core.jobs import STALE_AFTER, WORKER_LOST, sweep_stale_jobs

from .conftest import code
from .test_imports import gbk_csv, upload

ROWS = [["企业名称", "统一社会信用代码", "乡镇", "从业人员"], ["甲商行", code(1), "尧渡镇", 9], ["乙商行", code(2), "东流镇", 4]]


@pytest.fixture
def staff_client(client, reviewer):
    client.force_login(reviewer)
    return client


def running_task(task_path: str, pk, seconds_ago: float) -> DBTaskResult:
    """The django-tasks-db row a worker leaves behind when it is killed mid-task."""
    started = timezone.now() - datetime.timedelta(seconds=seconds_ago)
    return DBTaskResult.objects.create(
        status="RUNNING", task_path=task_path, args_kwargs={"args": [pk], "kwargs": {}}, backend_name="default",
        run_after=started, started_at=started, worker_ids=["killed-worker"],
    )


def kill_worker(batch: ImportBatch, status: str, progress: int, seconds_ago: float) -> None:
    """What a killed worker leaves: the batch running, its lease last renewed seconds_ago."""
    beat = timezone.now() - datetime.timedelta(seconds=seconds_ago)
    ImportBatch.objects.filter(pk=batch.pk).update(status=status, progress=progress, heartbeat_at=beat)


def test_killed_preview_is_failed_within_a_minute_and_restarts_from_its_page(staff_client, townships):
    upload(staff_client, "名录.csv", gbk_csv(ROWS))
    batch = ImportBatch.objects.get()
    ImportBatch.objects.filter(pk=batch.pk).update(counts={}, rows=[])
    kill_worker(batch, ImportBatch.Status.PREVIEWING, 18, seconds_ago=5)
    task = running_task("campaigns.tasks.preview_import", batch.pk, seconds_ago=5)

    page = staff_client.get(reverse("canbao_imports:detail", args=[batch.pk])).content.decode()
    assert "正在预览" in page and "重新开始" not in page  # a live lease: still running

    kill_worker(batch, ImportBatch.Status.PREVIEWING, 18, seconds_ago=60)  # a minute later, no renewal
    DBTaskResult.objects.filter(pk=task.pk).update(started_at=timezone.now() - datetime.timedelta(seconds=60))
    page = staff_client.get(reverse("canbao_imports:detail", args=[batch.pk])).content.decode()
    assert "后台任务中断，请重新开始" in page and "重新开始" in page and "确认导入" not in page
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    task.refresh_from_db()
    assert (task.status, task.exception_class_path) == ("FAILED", WORKER_LOST)

    response = staff_client.post(reverse("canbao_imports:restart", args=[batch.pk]))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED and batch.counts["created"] == 2
    staff_client.post(reverse("canbao_imports:confirm", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED
    assert set(Enterprise.objects.values_list("uscc", flat=True)) == {code(1), code(2)}


def test_failure_mid_apply_writes_nothing_and_restart_applies_everything(staff_client, make_firm, monkeypatch):
    firm = make_firm(name="甲商行", n=1, employees=3)
    upload(staff_client, "名录.csv", gbk_csv(ROWS))
    batch = ImportBatch.objects.get()
    assert batch.counts["created"] == 1 and batch.counts["updated"] == 1

    def dies_mid_apply(*args, **kwargs):  # the creates are written, the updates are not
        raise RuntimeError("worker killed")

    with monkeypatch.context() as patch:
        patch.setattr(applying, "update_firms", dies_mid_apply)
        staff_client.post(reverse("canbao_imports:confirm", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    assert list(Enterprise.objects.values_list("uscc", "employees")) == [(firm.uscc, 3)]  # zero rows changed

    page = staff_client.get(reverse("canbao_imports:detail", args=[batch.pk])).content.decode()
    assert "登记库未写入任何数据" in page and "重新开始" in page
    staff_client.post(reverse("canbao_imports:restart", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED  # resumed at the apply: staff had confirmed it
    assert dict(Enterprise.objects.values_list("uscc", "employees")) == {code(1): 9, code(2): 4}


def test_worker_killed_before_its_first_heartbeat(townships):
    batch = ImportBatch.objects.create(kind="registry", original_name="a.csv", status=ImportBatch.Status.APPLYING)
    task = running_task("campaigns.tasks.apply_import", batch.pk, seconds_ago=STALE_AFTER.total_seconds() + 5)
    assert sweep_stale_jobs() == 1
    batch.refresh_from_db()
    task.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED and "后台任务中断" in batch.error
    assert task.status == "FAILED"


def test_live_leases_and_queued_jobs_are_left_alone(townships, campaign):
    now = timezone.now()
    busy = ImportBatch.objects.create(kind="registry", original_name="a.csv", status=ImportBatch.Status.APPLYING,
                                      heartbeat_at=now - datetime.timedelta(seconds=3))
    task = running_task("campaigns.tasks.apply_import", busy.pk, seconds_ago=600)  # long, but its lease is renewed
    queued = ImportBatch.objects.create(kind="registry", original_name="b.csv", status=ImportBatch.Status.APPLYING)
    bundle = PosterBundle.objects.create(campaign=campaign, status=PosterBundle.Status.RUNNING,
                                         heartbeat_at=now - datetime.timedelta(minutes=5))
    assert sweep_stale_jobs() == 1
    assert ImportBatch.objects.get(pk=busy.pk).status == ImportBatch.Status.APPLYING
    assert ImportBatch.objects.get(pk=queued.pk).status == ImportBatch.Status.APPLYING
    assert DBTaskResult.objects.get(pk=task.pk).status == "RUNNING"
    assert PosterBundle.objects.get(pk=bundle.pk).status == PosterBundle.Status.FAILED


def test_only_failed_batches_restart(staff_client, townships):
    upload(staff_client, "名录.csv", gbk_csv(ROWS))
    batch = ImportBatch.objects.get()
    response = staff_client.post(reverse("canbao_imports:restart", args=[batch.pk]), follow=True)
    assert "无需重新开始" in response.content.decode()
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.PREVIEWED
