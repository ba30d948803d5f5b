"""Each firm is told its own county's and province's offices, not one county fixed in the code:
posters of a city campaign name the city's bureau and, for a channel serving one county, that
county; a 方城县 firm's registration notice sends it to 方城县's insurance agency and Henan's
online service hall; its result page after "not insured" names 方城县 and the agency's phone."""

import pytest

from django.urls import reverse

from surveys.awareness import build_awareness_survey
from tests.campaigns.test_qr import pdf_text
from tests.levels import build_levels
from tests.surveys.conftest import VALID_USCC, form_token, open_form, valid_answers
from tests.surveys.test_next_steps import coverage_field

pytestmark = pytest.mark.django_db


@pytest.fixture
def level(make_user, townships):
    world = build_levels(make_user, townships)
    world.fc.office_phone = "0377-67222333"
    world.fc.save()
    return world


def flat(pdf: bytes, tmp_path) -> str:
    return pdf_text(pdf, tmp_path).replace("\n", "").replace(" ", "")


def test_posters_name_the_campaigns_bureau_and_the_county_a_channel_serves(client, level, tmp_path):
    client.force_login(level.users["reviewer_city"])
    township = client.get(reverse("canbao_posters:channel_qr", kwargs={"pk": level.channels["fc"].pk, "fmt": "pdf"}))
    text = flat(township.content, tmp_path)
    assert "南阳市人力资源和社会保障局" in text and "凤瑞街道" in text and "东至" not in text
    county_wide = client.get(reverse("canbao_posters:channel_qr", kwargs={"pk": level.wide["fc"].pk, "fmt": "pdf"}))
    text = flat(county_wide.content, tmp_path)
    assert "方城县通用" in text and "0377-67222333" in text and "全县通用" not in text
    city_wide = client.get(reverse("canbao_posters:channel_qr", kwargs={"pk": level.wide["city"].pk, "fmt": "pdf"}))
    assert "全市通用" in flat(city_wide.content, tmp_path)
    # A county campaign's poster keeps its county's bureau; its channel for the whole county
    # gives the county agency's number.
    level.dongzhi.office_phone = "0566-7000001"
    level.dongzhi.save()
    client.force_login(level.users["reviewer_all"])
    dongzhi = client.get(reverse("canbao_posters:channel_qr", kwargs={"pk": level.channels["dz"].pk, "fmt": "pdf"}))
    assert "东至县人力资源和社会保障局" in flat(dongzhi.content, tmp_path)
    whole = client.get(reverse("canbao_posters:channel_qr", kwargs={"pk": level.wide["dz"].pk, "fmt": "pdf"}))
    text = flat(whole.content, tmp_path)
    assert "全县通用" in text and "0566-7000001" in text


def test_a_notice_sends_the_firm_to_its_own_county_and_province(client, level, tmp_path):
    client.force_login(level.users["officer_fc"])
    firm = level.firms["fc"]
    response = client.post(reverse("followups:notices"), {"campaign": level.city_campaign.pk, "firm": [firm.pk]})
    assert response.status_code == 200
    text = flat(response.content, tmp_path)
    for needed in ("到方城县社会保险经办机构", "河南政务服务网", "方城县人力资源和社会保障局", "凤瑞街道办事处",
                   # The township has no number of its own: the county agency's, named as such.
                   "咨询电话：0377-67222333（方城县社会保险经办机构）"):
        assert needed in text, needed
    assert "东至" not in text and "安徽" not in text


def test_the_result_page_names_the_firms_county_and_its_agencys_phone(client, level):
    level.city_campaign.survey = survey = build_awareness_survey()
    level.city_campaign.save()
    channel = level.channels["fc"]
    data = valid_answers(survey, uscc=VALID_USCC[2], name="方城县测试商贸有限公司")
    data |= {"form_token": form_token(open_form(client, channel)), coverage_field(survey): "no"}
    posted = client.post(f"/s/{channel.code}/", data)
    assert posted.status_code == 302
    page = client.get(posted.url).content.decode()
    assert "方城县政务服务中心社保登记窗口（方城县社会保险经办机构）" in page and "凤瑞街道便民服务中心" in page
    assert 'href="tel:0377-67222333"' in page and "东至县" not in page.split('id="next-step"')[1].split("</section>")[0]
