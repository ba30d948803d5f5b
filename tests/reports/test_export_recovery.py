"""An export whose worker was killed is shown as failed and restarted from its status page."""

import datetime

import pytest

from django.urls import reverse
from django.utils import timezone

from reports.models import ExportLog

pytestmark = pytest.mark.django_db


def test_killed_export_is_failed_and_restarts_from_its_page(client, ds, reviewer):
    client.force_login(reviewer)
    log = ExportLog.objects.create(user=reviewer, campaign=ds.campaign, format="csv", table="summary",
                                   status=ExportLog.Status.RUNNING, progress=40,
                                   heartbeat_at=timezone.now() - datetime.timedelta(seconds=90))
    page = client.get(reverse("reports:export_status", args=[log.pk])).content.decode()
    assert "失败" in page and "重新开始" in page
    assert ExportLog.objects.get(pk=log.pk).status == ExportLog.Status.FAILED

    response = client.post(reverse("reports:export_restart", args=[log.pk]))
    assert response["Location"] == reverse("private_export_file", args=[log.pk])
    log.refresh_from_db()
    assert (log.status, log.progress) == (ExportLog.Status.DONE, 100) and log.content


def test_running_export_is_not_restarted(client, ds, reviewer):
    client.force_login(reviewer)
    log = ExportLog.objects.create(user=reviewer, campaign=ds.campaign, format="csv", table="summary",
                                   status=ExportLog.Status.RUNNING, heartbeat_at=timezone.now())
    page = client.get(reverse("reports:export_status", args=[log.pk])).content.decode()
    assert "重新开始" not in page
    client.post(reverse("reports:export_restart", args=[log.pk]))
    assert ExportLog.objects.get(pk=log.pk).status == ExportLog.Status.RUNNING
