"""参保登记通知书: one page per firm, the legal basis and hotline, a QR that decodes to the
survey of the firm's township, and the sending logged as a follow-up."""

from urllib.parse import urlparse

import pytest

from django.urls import reverse

from campaigns.models import Channel
from followups.models import FollowUp
from tests.campaigns.test_qr import decode, pdf_text, rasterise_pdf

pytestmark = pytest.mark.django_db


def test_notices_for_a_selection(client, officer_yaodu, make_firm, campaign, townships, tmp_path):
    townships["尧渡镇"].office_phone = "0566-7021234"
    townships["尧渡镇"].save()
    first, second = make_firm(1), make_firm(2)
    client.force_login(officer_yaodu)
    response = client.post(reverse("followups:notices"), {"campaign": campaign.pk, "firm": [first.pk, second.pk]})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = response.content
    text = pdf_text(pdf, tmp_path)
    for needed in (first.name, first.uscc, second.uscc, "《工伤保险条例》第二条", "第十条", "0566-7021234", "参保登记"):
        assert needed in text.replace("\n", ""), needed

    channel = Channel.objects.get(campaign=campaign, township=townships["尧渡镇"], kind=Channel.Kind.NOTICE)
    pages = rasterise_pdf(pdf, tmp_path, dpi=200)
    assert len(pages) == 2
    for page in pages:
        [url] = decode(page)
        assert urlparse(url).path == f"/q/{channel.code}"
    survey_page = client.get(urlparse(url).path)
    assert survey_page.status_code == 200 and campaign.survey.title in survey_page.content.decode()

    logged = FollowUp.objects.filter(way=FollowUp.Way.NOTICE, created_by=officer_yaodu, campaign=campaign)
    assert {f.enterprise_id for f in logged} == {first.pk, second.pk}
    # A second batch reuses the township's notice channel.
    client.post(reverse("followups:notices"), {"campaign": campaign.pk, "firm": [first.pk]})
    assert Channel.objects.filter(kind=Channel.Kind.NOTICE).count() == 1


def test_without_office_phone_the_county_hotline_is_printed(client, officer_yaodu, make_firm, campaign, tmp_path, settings):
    settings.CANBAO_REGISTRATION_HOTLINE = "12333"
    firm = make_firm(1)
    client.force_login(officer_yaodu)
    pdf = client.post(reverse("followups:notices"), {"campaign": campaign.pk, "firm": [firm.pk]}).content
    assert "12333" in pdf_text(pdf, tmp_path)


def test_no_notice_for_another_townships_firm(client, officer_dongliu, make_firm, campaign):
    firm = make_firm(1)
    client.force_login(officer_dongliu)
    response = client.post(reverse("followups:notices"), {"campaign": campaign.pk, "firm": [firm.pk]})
    assert response.status_code == 404
    assert not FollowUp.objects.exists() and not Channel.objects.exists()
