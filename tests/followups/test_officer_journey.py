"""Done-when 2 through HTTP: an officer logs a call for a target, generates its notice
(the decoded QR leads to the survey) and sees the state change; another township's
officer can see none of it."""

from urllib.parse import urlparse

import pytest

from django.urls import reverse

from tests.campaigns.test_qr import decode, rasterise_pdf

pytestmark = pytest.mark.django_db


def test_officer_calls_sends_notice_and_sees_state(client, officer_yaodu, officer_dongliu, make_firm, campaign, tmp_path):
    firm, other = make_firm(1), make_firm(2)
    client.force_login(officer_yaodu)
    worklist = reverse("followups:worklist") + f"?campaign={campaign.pk}"
    firm_url = reverse("followups:firm", args=[firm.pk]) + f"?campaign={campaign.pk}"
    assert client.get(worklist + "&state=not_contacted").content.decode().count("data-uscc=") == 2

    client.post(firm_url, {"contacted_on": "2024-05-06", "way": "phone", "result": "已告知参保义务", "next_step": "寄通知书"})
    assert 'data-firm-state="contacted"' in client.get(firm_url).content.decode()
    listed = client.get(worklist + "&state=contacted").content.decode()
    assert firm.uscc in listed and other.uscc not in listed

    pdf = client.post(reverse("followups:notices"), {"campaign": campaign.pk, "firm": firm.pk}).content
    [url] = decode(rasterise_pdf(pdf, tmp_path, dpi=200)[0])
    survey = client.get(urlparse(url).path)
    assert survey.status_code == 200 and campaign.survey.title in survey.content.decode()
    page = client.get(firm_url).content.decode()
    assert "邮寄通知书" in page and "电话" in page

    client.force_login(officer_dongliu)
    assert client.get(firm_url).status_code == 404
    assert firm.uscc not in client.get(worklist).content.decode()
    assert client.post(reverse("followups:notices"), {"campaign": campaign.pk, "firm": firm.pk}).status_code == 404
    assert client.get(worklist + "&format=csv").content.decode("utf-8-sig").count(firm.uscc) == 0
