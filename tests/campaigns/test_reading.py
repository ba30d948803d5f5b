"""Registry files as offices send them: .xlsx, .xls, .ods and CSV (GBK, UTF-8 with BOM),
each with a title row, a two-row merged header and footer rows, imported through the admin
screens (upload → preview → confirm); the officer corrects a column on the preview page."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.imports.headers import FIELDS_BY_KIND
from campaigns.models import Enterprise, ImportBatch

from .conftest import code

FILES = Path(__file__).parent / "files"
FIXTURES = ["registry.xlsx", "registry.xls", "registry.ods", "registry-gbk.csv", "registry-utf8-bom.csv"]
EXPECTED = {
    code(1): ("东至县尧城百货有限公司", "尧渡镇", "5211", 8, Decimal("120.00"), Decimal("50.00"), datetime.date(2019, 5, 1), "13905660001"),
    code(2): ("东至县秋浦粮油商行", "东流镇", "5221", 12, Decimal("600.50"), Decimal("200.00"), datetime.date(2020, 6, 1), "05665551234"),
    code(3): ("东至县金诚机械制造有限公司", "大渡口镇", "3311", 350, Decimal("2500.00"), Decimal("3000.00"), datetime.date(2015, 3, 20), "13800000003"),
}


@pytest.fixture
def staff_client(client, reviewer):
    client.force_login(reviewer)
    return client


def upload(client, name, data, kind="registry"):
    return client.post(reverse("canbao_imports:upload"), {"kind": kind, "file": SimpleUploadedFile(name, data)})


@pytest.mark.parametrize("filename", FIXTURES)
def test_every_format_imports_the_same_firms_with_every_column_mapped(staff_client, townships, filename):
    response = upload(staff_client, filename, (FILES / filename).read_bytes())
    assert response.status_code == 302, response.content.decode()[-2000:]
    batch = ImportBatch.objects.get()
    # Title on row 1, header on rows 2-3 (规模信息 over the size columns), 合计 and 制表人 rows skipped.
    assert batch.column_mapping["header_rows"] == [2, 3]
    assert set(batch.column_mapping["fields"]) == set(FIELDS_BY_KIND["registry"])
    assert batch.counts == {"created": 3, "updated": 0, "unchanged": 0, "rejected": 0}, batch.rows
    page = staff_client.get(reverse("canbao_imports:detail", args=[batch.pk])).content.decode()
    assert "列对应" in page and ("规模信息" in page or "规模情况" in page)
    staff_client.post(reverse("canbao_imports:confirm", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED
    firms = {
        f.uscc: (f.name, f.township.name, f.industry_code, f.employees, f.revenue, f.assets, f.registered_on, f.contact_phone)
        for f in Enterprise.objects.select_related("township")
    }
    assert firms == EXPECTED


def test_preview_page_shows_each_field_with_its_column(staff_client, townships):
    upload(staff_client, "registry.xls", (FILES / "registry.xls").read_bytes())
    batch = ImportBatch.objects.get()
    page = staff_client.get(reverse("canbao_imports:detail", args=[batch.pk])).content.decode()
    assert 'name="column_revenue"' in page
    assert '<option value="6" selected>G列（规模信息 / 营业收入(元)）</option>' in page
    assert '<option value="1" selected>B列（单位名称）</option>' in page


def address_then_township_csv() -> bytes:
    rows = ["企业名称,统一社会信用代码,所在地,所属乡镇,负责人电话",
            f"东至县尧城百货有限公司,{code(1)},东至县尧渡镇建设路1号,尧渡镇,13905660001",
            f"东至县秋浦粮油商行,{code(2)},东至县东流镇老街8号,东流镇,13905660002"]
    return "\n".join(rows).encode("gbk")


def test_officer_corrects_a_column_and_the_preview_runs_again(staff_client, townships):
    # 所在地 (here an address) is taken for the township; the phone header is not known.
    upload(staff_client, "名录.csv", address_then_township_csv())
    batch = ImportBatch.objects.get()
    assert batch.column_mapping["fields"]["township"] == 2 and "contact_phone" not in batch.column_mapping["fields"]
    assert batch.counts["rejected"] == 2 and "无法识别" in batch.rows[0][4]

    fields = {"column_name": "0", "column_uscc": "1", "column_township": "3", "column_contact_phone": "4", "column_industry": ""}
    response = staff_client.post(reverse("canbao_imports:remap", args=[batch.pk]), fields)
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED and batch.column_mapping["corrected"]
    assert batch.column_mapping["fields"] == {"name": 0, "uscc": 1, "township": 3, "contact_phone": 4}
    assert batch.counts == {"created": 2, "updated": 0, "unchanged": 0, "rejected": 0}
    page = staff_client.get(reverse("canbao_imports:detail", args=[batch.pk])).content.decode()
    assert "已按人工修改的列对应" in page
    staff_client.post(reverse("canbao_imports:confirm", args=[batch.pk]))
    firm = Enterprise.objects.get(uscc=code(1))
    assert firm.township.name == "尧渡镇" and firm.contact_phone == "13905660001"


def test_a_correction_without_the_credit_code_is_refused_and_changes_nothing(staff_client, townships):
    upload(staff_client, "名录.csv", address_then_township_csv())
    batch = ImportBatch.objects.get()
    before = batch.column_mapping
    response = staff_client.post(reverse("canbao_imports:remap", args=[batch.pk]), {"column_name": "0"}, follow=True)
    assert "缺少“统一社会信用代码”列" in response.content.decode()
    batch.refresh_from_db()
    assert batch.column_mapping == before and batch.status == ImportBatch.Status.PREVIEWED


def test_an_applied_batch_cannot_be_remapped(staff_client, townships):
    upload(staff_client, "registry.xlsx", (FILES / "registry.xlsx").read_bytes())
    batch = ImportBatch.objects.get()
    staff_client.post(reverse("canbao_imports:confirm", args=[batch.pk]))
    response = staff_client.post(reverse("canbao_imports:remap", args=[batch.pk]), {"column_uscc": "2", "column_name": "1"}, follow=True)
    assert "不能修改列对应" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED and "corrected" not in batch.column_mapping


def test_officers_cannot_remap(client, officer_yaodu, townships, reviewer):
    client.force_login(reviewer)
    upload(client, "registry.xlsx", (FILES / "registry.xlsx").read_bytes())
    batch = ImportBatch.objects.get()
    client.force_login(officer_yaodu)
    response = client.post(reverse("canbao_imports:remap", args=[batch.pk]), {"column_uscc": "2", "column_name": "1"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    batch.refresh_from_db()
    assert "corrected" not in batch.column_mapping
