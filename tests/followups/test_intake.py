"""Monthly intake of new firms: market regulation's list of newly registered firms, imported
through the import screens, adds them as targets classified by size, flagged 新登记, shown
in the officer's work list and counted apart in the outcome figures."""

import csv
import io
import re

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.models import Enterprise, ImportBatch, SizeClass

from .conftest import code, import_insured

pytestmark = pytest.mark.django_db

KIND = ImportBatch.Kind.NEW_REGISTRATIONS


def new_registrations_csv(rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["企业名称", "统一社会信用代码", "所属乡镇", "行业代码", "从业人员", "营业收入", "成立日期"])
    writer.writerows(rows)
    return out.getvalue().encode("gbk")


MONTHLY = [
    ["东流新开超市有限公司", code(101), "东流镇", "5211", "4", "30", "2024-04-08"],
    ["东流新开物流有限公司", code(102), "东流镇", "5430", "25", "1200", "2024-04-12"],
    ["尧渡新开百货商行", code(103), "尧渡镇", "5211", "3", "20", "2024-04-15"],
    ["东流新开化工有限公司", code(104), "东流镇", "2614", "400", "52000", "2024-04-20"],  # medium: no target
]


def import_new_registrations(client, rows, list_date="2024-04-30") -> ImportBatch:
    """Upload, preview and confirm a monthly list of new registrations."""
    response = client.post(reverse("canbao_imports:upload"), {
        "kind": KIND, "list_date": list_date,
        "file": SimpleUploadedFile("新登记企业-2024-04.csv", new_registrations_csv(rows)),
    })
    assert response.status_code == 302
    batch = ImportBatch.objects.order_by("-pk").first()
    assert batch.status == ImportBatch.Status.PREVIEWED, (batch.status, batch.error)
    assert Enterprise.objects.filter(uscc__in=[r[1] for r in rows]).count() == 0  # the preview writes nothing
    page = client.get(reverse("canbao_imports:detail", args=[batch.pk])).content.decode()
    assert "确认导入" in page and "新登记" in page
    client.post(reverse("canbao_imports:confirm", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED
    return batch


def cells(html: str, township: str) -> dict[str, str]:
    row = re.search(rf'<tr data-township="{township}"[^>]*>(.*?)</tr>', html, re.S).group(1)
    return {k: " ".join(v.split()) for k, v in re.findall(r'data-col="(\w+)">(.*?)</td>', row, re.S)}


def test_monthly_new_registrations_become_flagged_targets(client, import_client, reviewer, officer_dongliu, make_firm,
                                                         campaign):
    make_firm(1, township="东流镇")  # a target already in the registry
    make_firm(2, township="东流镇")
    batch = import_new_registrations(import_client, MONTHLY)
    assert batch.counts == {"created": 4, "updated": 0, "unchanged": 0, "rejected": 0}

    firms = {f.uscc: f for f in Enterprise.objects.filter(uscc__in=[r[1] for r in MONTHLY])}
    assert firms[code(101)].size_class == SizeClass.MICRO and firms[code(102)].size_class == SizeClass.SMALL
    assert firms[code(104)].size_class == SizeClass.MEDIUM
    assert {str(f.new_registration_on) for f in firms.values()} == {"2024-04-30"}
    assert Enterprise.objects.get(uscc=code(1)).new_registration_on is None

    # The officer's work list: the new firms are targets, marked and filterable.
    client.force_login(officer_dongliu)
    worklist = reverse("followups:worklist")
    html = client.get(worklist, {"campaign": campaign.pk}).content.decode()
    assert code(101) in html and code(102) in html and code(1) in html
    assert code(104) not in html and code(103) not in html  # a medium firm; another township
    assert 'data-new-registrations="2"' in html and html.count("data-new-registration>") == 2
    only_new = client.get(worklist, {"campaign": campaign.pk, "new": "1"}).content.decode()
    assert code(101) in only_new and code(102) in only_new and code(1) not in only_new
    assert "对象企业 2 家" in only_new

    # The outcome figures count them apart, among the targets.
    client.force_login(reviewer)  # `import_client` is this same client
    page = client.get(reverse("followups:outcomes"), {"campaign": campaign.pk}).content.decode()
    dongliu, yaodu, county = cells(page, "东流镇"), cells(page, "尧渡镇"), cells(page, "全县")
    assert (dongliu["targets"], dongliu["new_registrations"]) == ("4", "2")
    assert (yaodu["targets"], yaodu["new_registrations"]) == ("1", "1")
    assert (county["targets"], county["new_registrations"], county["new_registrations_insured"]) == ("5", "3", "0")


def test_new_registrations_that_join_are_counted_and_a_registry_import_flags_nothing(import_client, campaign, townships):
    import_new_registrations(import_client, MONTHLY[:2])
    Enterprise.objects.filter(uscc=code(101)).update(name="企业101")  # as the insured list names it
    import_insured(import_client, [101], "2024-05-31")
    page = import_client.get(reverse("followups:outcomes"), {"campaign": campaign.pk}).content.decode()
    county = cells(page, "全县")
    assert (county["newly_insured"], county["new_registrations"], county["new_registrations_insured"]) == ("1", "2", "1")

    # The ordinary registry import creates firms without the 新登记 flag.
    import_client.post(reverse("canbao_imports:upload"), {
        "kind": "registry", "file": SimpleUploadedFile("名录.csv", new_registrations_csv(MONTHLY[2:3]))})
    registry = ImportBatch.objects.order_by("-pk").first()
    import_client.post(reverse("canbao_imports:confirm", args=[registry.pk]))
    assert Enterprise.objects.get(uscc=code(103)).new_registration_on is None
