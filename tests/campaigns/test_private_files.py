"""Uploaded registry files and exports are private: stored outside MEDIA_ROOT under random
names, handed only to their owner and administrators, deleted after the retention period."""

import datetime
import importlib
import re
from pathlib import Path

import pytest

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from campaigns.models import ImportBatch
from reports.models import ExportLog
from reports.retention import delete_expired_private_files

from .conftest import code

pytestmark = pytest.mark.django_db
CSV = ("单位名称,信用代码,所属乡镇,行业代码,从业人员,营业收入,联系电话\n"
       f"东至县尧城百货有限公司,{code(1)},尧渡镇,5211,8,120,13905660001\n").encode("gbk")


def _upload(client, name="名录.csv", data=CSV):
    return client.post(reverse("canbao_imports:upload"), {"kind": "registry", "file": SimpleUploadedFile(name, data)})


@pytest.fixture
def batch(client, reviewer):
    client.force_login(reviewer)
    assert _upload(client).status_code == 302
    client.logout()
    return ImportBatch.objects.get()


def test_upload_is_stored_privately_under_a_random_name(batch):
    assert re.fullmatch(r"imports/[0-9a-f]{32}\.csv", batch.file.name)
    assert batch.original_name == "名录.csv"
    stored = Path(settings.PRIVATE_ROOT) / batch.file.name
    assert stored.read_bytes() == CSV
    assert not stored.resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve())


def test_only_the_uploader_and_administrators_get_the_file(client, batch, reviewer, make_user):
    url = reverse("private_import_file", args=[batch.pk])
    for role, township in ((roles.OFFICER, "东流镇"), (roles.OFFICER, "尧渡镇"), (roles.EDITOR, None),
                           (roles.REVIEWER, None)):
        client.force_login(make_user(role, township))
        assert client.get(url).status_code == 404, role
    client.logout()
    assert client.get(url).status_code == 404  # anonymous: no file, and no sign-in page hinting at one
    for owner in (reviewer, make_user(roles.ADMINISTRATOR)):
        client.force_login(owner)
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == CSV
        assert "attachment" in response["Content-Disposition"]


@pytest.mark.parametrize("urlconf", ["config.urls", "tests.campaigns.dev_urls"])
def test_media_urls_never_reach_private_files(client, settings, batch, reviewer, urlconf):
    settings.ROOT_URLCONF = urlconf  # production (no /media/ route) and development (MEDIA_ROOT served)
    client.force_login(reviewer)
    now = timezone.localdate()
    for path in (f"/media/{batch.file.name}", f"/media/imports/{now:%Y/%m}/名录.csv", "/media/imports/",
                 f"/media/../{Path(settings.PRIVATE_ROOT).name}/{batch.file.name}"):
        assert client.get(path).status_code == 404, path
    client.logout()
    assert client.get(f"/media/{batch.file.name}").status_code == 404


def test_a_file_name_longer_than_200_characters_is_refused_and_nothing_is_kept(client, reviewer):
    client.force_login(reviewer)
    before = set(Path(settings.PRIVATE_ROOT, "imports").glob("*")) if Path(settings.PRIVATE_ROOT, "imports").exists() else set()
    response = _upload(client, name="名" * 300 + ".csv")
    assert response.status_code == 400
    assert "文件名过长" in response.content.decode() or "文件名" in response.content.decode()
    assert not ImportBatch.objects.exists()
    after = set(Path(settings.PRIVATE_ROOT, "imports").glob("*")) if Path(settings.PRIVATE_ROOT, "imports").exists() else set()
    assert after == before


@pytest.fixture
def export(client, officer_yaodu):
    from campaigns.models import Campaign

    campaign = Campaign.objects.create(name="行动", starts_on=datetime.date(2024, 3, 1), ends_on=datetime.date(2024, 12, 31))
    client.force_login(officer_yaodu)
    response = client.post(reverse("reports:export", args=["csv"]), {"campaign": campaign.pk, "table": "summary"})
    assert response.status_code == 302
    client.logout()
    return ExportLog.objects.get()


def test_exports_are_only_for_their_owner_and_administrators(client, export, officer_yaodu, make_user):
    url = reverse("private_export_file", args=[export.pk])
    for role, township in ((roles.OFFICER, "东流镇"), (roles.OFFICER, "尧渡镇"), (roles.EDITOR, None),
                           (roles.REVIEWER, None)):
        client.force_login(make_user(role, township))
        assert client.get(url).status_code == 404, role
    client.logout()
    assert client.get(url).status_code == 404  # anonymous: nothing, not even a sign-in page
    for owner in (officer_yaodu, make_user(roles.ADMINISTRATOR)):
        client.force_login(owner)
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")


def test_files_are_deleted_after_the_retention_period(client, settings, batch, export, reviewer, officer_yaodu):
    settings.CANBAO_PRIVATE_FILE_RETENTION_DAYS = 30
    stored = Path(settings.PRIVATE_ROOT) / batch.file.name
    orphan = storages["private"].save("imports/" + "0" * 32 + ".csv", ContentFile(b"left behind"))
    assert delete_expired_private_files() == {"imports": 0, "exports": 0}  # nothing is old yet
    assert stored.exists()

    later = timezone.now() + datetime.timedelta(days=31)
    assert delete_expired_private_files(now=later) == {"imports": 2, "exports": 1}
    assert not stored.exists() and not storages["private"].exists(orphan)
    batch.refresh_from_db()
    assert not batch.file and batch.original_name == "名录.csv" and batch.status == ImportBatch.Status.FAILED
    client.force_login(reviewer)
    assert client.get(reverse("private_import_file", args=[batch.pk])).status_code == 404
    assert client.get(reverse("canbao_imports:detail", args=[batch.pk])).status_code == 200
    client.force_login(officer_yaodu)
    assert client.get(reverse("private_export_file", args=[export.pk])).status_code == 404
    assert ExportLog.objects.filter(pk=export.pk).exists()  # the log of who exported what stays


def test_delete_expired_files_command(capsys):
    call_command("delete_expired_files")
    assert "deleted import files: 0, export files: 0" in capsys.readouterr().out


def test_migration_moves_public_import_files_to_private_storage(townships):
    from django.apps import apps

    migration = importlib.import_module("campaigns.migrations.0009_import_files_in_private_storage")
    public_name = storages["default"].save("imports/2026/12/gbk.csv", ContentFile(CSV))
    ImportBatch.objects.bulk_create([ImportBatch(kind="registry", original_name="gbk.csv", file=public_name)])
    migration.move_public_import_files(apps, None)
    batch = ImportBatch.objects.get()
    assert re.fullmatch(r"imports/[0-9a-f]{32}\.csv", batch.file.name)
    assert storages["private"].open(batch.file.name).read() == CSV
    assert not storages["default"].exists(public_name)
