"""Fixtures for follow-up tests: target firms, a campaign with a survey, insured lists."""

import csv
import datetime
import io

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign, Enterprise, ImportBatch
from campaigns.uscc import make_uscc
from surveys.models import Response, Survey


def code(n: int) -> str:
    return make_uscc("91341721", f"FU{n:06d}")


def insured_csv(numbers) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["单位名称", "统一社会信用代码"])
    for n in numbers:
        writer.writerow([f"企业{n}", code(n)])
    return out.getvalue().encode("gbk")


def import_insured(client, numbers, list_date: str, name="参保名单.csv") -> ImportBatch:
    """Upload and confirm an insured list through the import screens."""
    client.post(reverse("canbao_imports:upload"),
                {"kind": "insured", "list_date": list_date, "file": SimpleUploadedFile(name, insured_csv(numbers))})
    batch = ImportBatch.objects.order_by("-pk").first()
    assert batch.status == ImportBatch.Status.PREVIEWED, (batch.status, batch.error)
    client.post(reverse("canbao_imports:confirm", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED
    return batch


@pytest.fixture
def make_firm(townships):
    def _make(n, township="尧渡镇", **fields):
        values = {"industry_code": "5211", "employees": 5, "revenue": 50, "contact_phone": f"1390566{n:04d}"} | fields
        return Enterprise.objects.create(name=f"企业{n}", uscc=code(n), township=townships[township], **values)

    return _make


@pytest.fixture
def campaign(db):
    survey = Survey.objects.create(title="工伤保险政策知晓度调查（测试）", pass_mark=2)
    return Campaign.objects.create(
        name="2024年东至县小微企业工伤保险参保扩面行动", starts_on=datetime.date(2024, 3, 1),
        ends_on=datetime.date(2024, 12, 31), survey=survey,
    )


def answer(campaign, firm, n: int = 0) -> Response:
    """A current response of the firm to the campaign's survey (as the form would store it)."""
    when = timezone.make_aware(datetime.datetime(2024, 4, 1, 10, 0))
    return Response.objects.create(
        survey=campaign.survey, township=firm.township, enterprise=firm, uscc=firm.uscc, enterprise_name=firm.name,
        form_token=f"tok-{firm.pk}-{n}", submitted_at=when, started_at=when,
    )


@pytest.fixture
def import_client(client, reviewer):
    client.force_login(reviewer)
    return client
