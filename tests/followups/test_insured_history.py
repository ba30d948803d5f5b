"""Insured-list imports keep a history of status changes, dated by the list's date."""

import datetime

import pytest

from django.urls import reverse

from campaigns.models import Enterprise, InsuredChange

from .conftest import code, import_insured

pytestmark = pytest.mark.django_db


def test_each_list_records_the_firms_whose_status_flips(import_client, make_firm):
    for n in range(1, 6):
        make_firm(n)
    first = import_insured(import_client, [1, 2], "2024-02-01")
    assert {(c.enterprise.uscc, c.insured_from, c.insured_to, c.effective_on, c.batch_id)
            for c in InsuredChange.objects.all()} == {
        (code(1), False, True, datetime.date(2024, 2, 1), first.pk), (code(2), False, True, datetime.date(2024, 2, 1), first.pk)}

    second = import_insured(import_client, [1, 2, 3, 4], "2024-04-30")
    assert second.counts["updated"] == 2
    changes = InsuredChange.objects.filter(batch=second)
    assert {c.enterprise.uscc for c in changes} == {code(3), code(4)}
    assert {c.effective_on for c in changes} == {datetime.date(2024, 4, 30)}
    assert Enterprise.objects.get(uscc=code(3)).insured_on == datetime.date(2024, 4, 30)

    before = list(Enterprise.objects.order_by("pk").values())
    again = import_insured(import_client, [1, 2, 3, 4], "2024-04-30")
    assert again.counts == {"created": 0, "updated": 0, "unchanged": 4, "rejected": 0}
    assert InsuredChange.objects.count() == 4 and not InsuredChange.objects.filter(batch=again).exists()
    assert list(Enterprise.objects.order_by("pk").values()) == before


def test_a_firm_missing_from_a_later_list_is_reported_not_uninsured(import_client, make_firm):
    for n in range(1, 4):
        make_firm(n)
    import_insured(import_client, [1, 2, 3], "2024-02-01")
    later = import_insured(import_client, [1, 3], "2024-03-01")
    assert later.counts["missing"] == 1
    [row] = [r for r in later.rows if r[1] == "missing"]
    assert row[2] == code(2) and "请核实" in row[4]
    assert Enterprise.objects.get(uscc=code(2)).insured  # not silently uninsured
    assert not InsuredChange.objects.filter(batch=later).exists()
    page = import_client.get(reverse("canbao_imports:detail", args=[later.pk])).content.decode()
    assert "待核" in page
    report = import_client.get(reverse("canbao_imports:report", args=[later.pk])).content.decode("utf-8-sig")
    assert code(2) in report and "待核" in report


def test_without_a_list_date_the_upload_day_is_the_effective_date(import_client, make_firm):
    from django.utils import timezone

    make_firm(1)
    import_insured(import_client, [1], "")
    assert InsuredChange.objects.get().effective_on == timezone.localdate()


def test_a_staff_edit_of_the_insured_flag_is_history_too(client, officer_yaodu, make_firm, campaign):
    from followups.states import firm_state

    firm = make_firm(1)
    client.force_login(officer_yaodu)
    data = {"name": firm.name, "uscc": firm.uscc, "township": firm.township_id, "industry_code": "5211",
            "industry_name": "", "employees": 5, "revenue": 50, "assets": "", "registered_on": "",
            "contact_phone": firm.contact_phone, "insured": "on", "insured_source": "电话核实", "insured_on": "2024-05-10"}
    assert client.post(reverse("canbao_enterprises:edit", args=[firm.pk]), data).status_code == 302
    change = InsuredChange.objects.get()
    assert (change.insured_from, change.insured_to, change.effective_on, change.batch) == (
        False, True, datetime.date(2024, 5, 10), None)
    assert firm_state(campaign, firm) == "insured"
    del data["insured"]  # a lapse recorded by staff: a target again, no longer counted as joined
    client.post(reverse("canbao_enterprises:edit", args=[firm.pk]), data)
    assert InsuredChange.objects.count() == 2 and firm_state(campaign, firm) == "not_contacted"
