"""Which township a response counts in: the registry's for a registered USCC, else the
channel's, or the one picked on a county-wide channel's form; later imports and staff
edits move existing responses, their answers and consultation requests."""

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.models import Channel, Enterprise, Township
from surveys.models import Answer, ConsultationRequest, Response

from .conftest import VALID_USCC, form_token, open_form, valid_answers


@pytest.fixture
def website(campaign):
    return Channel.objects.create(campaign=campaign, township=None, kind=Channel.Kind.WEBSITE, label="县人社局网站")


def submit(client, channel, survey, uscc=VALID_USCC[0], **extra):
    html = open_form(client, channel)
    data = valid_answers(survey, uscc=uscc) | {"form_token": form_token(html)} | extra
    return client.post(f"/s/{channel.code}/", data)


def test_county_wide_form_asks_for_the_township_without_javascript(client, website, townships):
    html = open_form(client, website)
    assert '<select id="f-township" name="township" required' in html
    assert "<script>" not in html  # no inline script: the one deferred file only adds progress and autosave
    for township in townships.values():
        assert f'<option value="{township.pk}">{township.name}</option>' in html
    assert "由您扫描的二维码确定" not in html


def test_township_choice_is_required_validated_and_kept(client, website, survey, townships):
    response = submit(client, website, survey)
    assert response.status_code == 400 and "请选择企业所在乡镇" in response.content.decode()
    response = submit(client, website, survey, township="999999")
    assert response.status_code == 400 and "所选乡镇无效" in response.content.decode()
    # Another field wrong: the picked township stays selected on the re-rendered form.
    dongliu = townships["东流镇"].pk
    response = submit(client, website, survey, township=str(dongliu), uscc="123")
    page = response.content.decode()
    assert response.status_code == 400 and f'<option value="{dongliu}" selected>东流镇</option>' in page
    assert not Response.objects.exists()


def test_website_answer_counts_in_the_picked_township(client, website, survey, townships):
    response = submit(client, website, survey, township=str(townships["东流镇"].pk))
    assert response.status_code == 302
    stored = Response.objects.get()
    assert stored.township.name == "东流镇" and stored.channel_id == website.pk
    assert set(Answer.objects.filter(response=stored).values_list("township__name", flat=True)) == {"东流镇"}
    result = client.get(response.url).content.decode()
    client.post(response.url + "consult/", {"phone": "13912345678", "preferred_time": ""})
    assert ConsultationRequest.objects.get().township.name == "东流镇"
    assert "东流镇" in result


def test_registered_firm_counts_in_its_registry_township_whatever_it_scanned(client, channel, website, survey,
                                                                          townships):
    Enterprise.objects.create(name="东流镇小店", uscc=VALID_USCC[0], township=townships["东流镇"], employees=5, revenue=50)
    Enterprise.objects.create(name="香隅镇小店", uscc=VALID_USCC[1], township=townships["香隅镇"], employees=5, revenue=50)
    assert submit(client, channel, survey).status_code == 302  # 尧渡镇's poster
    assert submit(client, website, survey, uscc=VALID_USCC[1], township=str(townships["尧渡镇"].pk)).status_code == 302
    rows = dict(Response.objects.values_list("uscc", "township__name"))
    assert rows == {VALID_USCC[0]: "东流镇", VALID_USCC[1]: "香隅镇"}
    for response in Response.objects.all():
        assert response.enterprise.uscc == response.uscc
        assert set(response.answers.values_list("township_id", flat=True)) == {response.township_id}


def test_import_links_earlier_responses_and_moves_them_with_answers_and_consultation(client, channel, survey,
                                                                                   townships, reviewer):
    response = submit(client, channel, survey)  # unregistered: counts in 尧渡镇, the poster's township
    client.post(response.url + "consult/", {"phone": "13912345678", "preferred_time": ""})
    # The firm's result page names the township whose staff will call.
    assert "尧渡镇的工作人员会尽快与您联系" in client.get(response.url).content.decode()
    stored = Response.objects.get()
    assert stored.enterprise is None and stored.township.name == "尧渡镇"
    client.force_login(reviewer)
    csv_text = "单位名称,信用代码,所属乡镇,行业代码,从业人员（人）,营业收入（万元）\n" \
               f"东至县葛公商行,{VALID_USCC[0]},葛公镇,5211,5,50\n"
    client.post(reverse("canbao_imports:upload"),
                {"kind": "registry", "file": SimpleUploadedFile("名录.csv", csv_text.encode("utf-8-sig"))})
    from campaigns.models import ImportBatch

    batch = ImportBatch.objects.get()
    assert client.post(reverse("canbao_imports:confirm", args=[batch.pk])).status_code == 302
    stored.refresh_from_db()
    firm = Enterprise.objects.get(uscc=VALID_USCC[0])
    assert stored.enterprise == firm and stored.township.name == "葛公镇"
    assert set(stored.answers.values_list("township__name", flat=True)) == {"葛公镇"}
    assert ConsultationRequest.objects.get().township.name == "葛公镇"
    assert "葛公镇的工作人员会尽快与您联系" in client.get(response.url).content.decode()
    # A staff edit moving the firm moves its response too.
    firm.township = Township.objects.get(name="东流镇")
    firm.save()
    stored.refresh_from_db()
    assert stored.township.name == "东流镇"
    assert set(stored.answers.values_list("township__name", flat=True)) == {"东流镇"}
    assert ConsultationRequest.objects.get().township.name == "东流镇"
    assert "东流镇的工作人员会尽快与您联系" in client.get(response.url).content.decode()
