"""The officer's work list: states, filters, search, follow-up log, CSV in the export log."""

import csv
import io

import pytest

from django.urls import reverse

from campaigns.models import Enterprise
from followups.models import FollowUp
from reports.models import ExportLog
from surveys.models import ConsultationRequest

from .conftest import answer, code, import_insured

pytestmark = pytest.mark.django_db


@pytest.fixture
def firms(make_firm, campaign):
    made = {n: make_firm(n) for n in range(1, 6)}
    made[6] = make_firm(6, township="东流镇")
    made[7] = make_firm(7, employees=500, revenue=90000)  # large: not a target
    return made


def states(client, campaign, **params):
    page = client.get(reverse("followups:worklist"), {"campaign": campaign.pk, **params})
    assert page.status_code == 200
    html = page.content.decode()
    return {n for n in range(1, 8) if code(n) in html}, html


def test_states_are_derived_and_filterable(client, import_client, officer_yaodu, firms, campaign):
    import_insured(import_client, [1], "2024-02-01")  # before the start: not a target any more
    import_insured(import_client, [1, 2], "2024-04-30")  # 2 joined during the campaign
    answer(campaign, firms[3])
    FollowUp.objects.create(enterprise=firms[4], campaign=campaign, way="phone", created_by=officer_yaodu)
    client.force_login(officer_yaodu)
    shown, html = states(client, campaign)
    assert shown == {2, 3, 4, 5}  # own township, small/micro, uninsured at the start
    assert states(client, campaign, state="insured")[0] == {2}
    assert states(client, campaign, state="answered")[0] == {3}
    assert states(client, campaign, state="contacted")[0] == {4}
    assert states(client, campaign, state="not_contacted")[0] == {5}
    assert states(client, campaign, q="企业5")[0] == {5}
    assert states(client, campaign, q=code(4)[-8:].lower())[0] == {4}


def test_open_consultations_show_as_follow_up_items(client, officer_yaodu, firms, campaign):
    response = answer(campaign, firms[5])
    ConsultationRequest.objects.create(response=response, township=firms[5].township, phone="13900000000")
    client.force_login(officer_yaodu)
    shown, html = states(client, campaign, consultation="open")
    assert shown == {5} and "待跟进咨询" in html


def test_logging_a_follow_up_changes_the_state(client, officer_yaodu, firms, campaign):
    client.force_login(officer_yaodu)
    url = reverse("followups:firm", args=[firms[5].pk]) + f"?campaign={campaign.pk}"
    assert 'data-firm-state="not_contacted"' in client.get(url).content.decode()
    posted = client.post(url, {"contacted_on": "2024-05-06", "way": "visit", "result": "负责人不在", "next_step": "下周再访"})
    assert posted.status_code == 302
    followup = FollowUp.objects.get()
    assert (followup.way, followup.created_by, followup.campaign) == ("visit", officer_yaodu, campaign)
    page = client.get(url).content.decode()
    assert 'data-firm-state="contacted"' in page and "下周再访" in page and "上门" in page
    assert client.post(url, {"contacted_on": "", "way": "fax"}).status_code == 400


def test_every_download_is_in_the_export_log(client, officer_yaodu, administrator, firms, campaign):
    client.force_login(officer_yaodu)
    response = client.get(reverse("followups:worklist"), {"campaign": campaign.pk, "format": "csv", "state": "not_contacted"})
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(lines) == 1 + 5 and lines[1][4] == firms[1].contact_phone
    log = ExportLog.objects.get()
    assert (log.user, log.rows, log.table, log.format, log.campaign, log.township.name) == (
        officer_yaodu, 5, "targets", "csv", campaign, "尧渡镇")
    assert log.created_at and log.filters["state"] == "not_contacted" and log.include_personal
    # The list itself is not kept: the log's download link finds nothing.
    assert log.content is None
    assert client.get(reverse("private_export_file", args=[log.pk])).status_code == 404
    # The campaigns screen's own target-list CSV is logged the same way.
    client.get(reverse("canbao_targets:target_list"), {"format": "csv"})
    assert ExportLog.objects.count() == 2
    assert ExportLog.objects.order_by("-created_at").first().rows == Enterprise.objects.filter(
        township=firms[1].township, size_class__in=["small", "micro"], insured=False).count()
    client.force_login(administrator)
    shown = client.get(reverse("reports:export_log")).content.decode()
    assert shown.count("<td>targets</td>") == 2 and officer_yaodu.email in shown


def test_other_townships_firms_are_hidden(client, officer_dongliu, editor, firms, campaign):
    client.force_login(officer_dongliu)
    assert states(client, campaign)[0] == {6}
    assert client.get(reverse("followups:firm", args=[firms[1].pk])).status_code == 404
    assert client.post(reverse("followups:firm", args=[firms[1].pk]), {"contacted_on": "2024-05-06", "way": "phone"}).status_code == 404
    assert not FollowUp.objects.exists()
    client.force_login(editor)
    assert client.get(reverse("followups:worklist")).status_code in (302, 403)


def test_a_follow_up_can_close_the_firms_open_consultation(client, officer_yaodu, firms, campaign):
    item = ConsultationRequest.objects.create(response=answer(campaign, firms[5]), township=firms[5].township,
                                              phone="13900000000")
    client.force_login(officer_yaodu)
    url = reverse("followups:firm", args=[firms[5].pk]) + f"?campaign={campaign.pk}"
    assert "同时办结" in client.get(url).content.decode()
    client.post(url, {"contacted_on": "2024-05-06", "way": "phone", "result": "已解答缴费问题", "close_consultations": "on"})
    item.refresh_from_db()
    assert item.status == "closed" and item.closed_by == officer_yaodu and "已解答缴费问题" in item.note
    assert states(client, campaign, consultation="open")[0] == set()
