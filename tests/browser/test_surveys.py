"""Scan a poster's QR code on a phone, answer, learn, ask for a call; the township's
officer sees the follow-up. Run with JavaScript on and off."""

import io

import pytest
import qrcode
import zxingcpp
from PIL import Image

from accounts import roles
from surveys.definition import build_definition
from surveys.models import ConsultationRequest, Response
from tests.browser.conftest import PHONE_AGENT, complete_sign_in

pytestmark = pytest.mark.django_db(transaction=True)



def url_from_poster_qr(url: str) -> str:
    """Print the channel URL as a QR code PNG, then read it back the way a phone camera does."""
    png = io.BytesIO()
    qrcode.make(url).save(png)
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(png.getvalue())))
    assert len(decoded) == 1
    return decoded[0].text


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_scan_answer_learn_and_ask_for_a_call(browser, live_server, poster_channel, make_user, screenshot, js):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", java_script_enabled=js,
                                  user_agent=PHONE_AGENT)
    phone = context.new_page()
    phone.set_default_timeout(30000)
    suffix = "js" if js else "nojs"
    survey = build_definition(poster_channel.campaign.survey)

    qr_url = url_from_poster_qr(f"{live_server.url}/q/{poster_channel.code}")
    phone.goto(qr_url)
    assert phone.url == qr_url  # the form is shown in place, without a redirect
    assert phone.locator("h1").inner_text() == "东至县小微企业工伤保险政策知晓度调查"
    assert "尧渡镇" in phone.locator(".sv-fixed").inner_text()
    screenshot(f"survey-form-{suffix}", phone)

    phone.fill("#f-name", "东至县尧渡镇示范商贸有限公司")
    phone.fill("#f-uscc", "91341721ma2nbt6q1e")  # a typo in the check character
    for number, q in enumerate(survey.questions):
        if q.kind == "number":
            phone.fill(f"#{q.field}", "8")
        elif q.kind == "yes_no":
            phone.check(f"#{q.field}_no")
        elif q.kind == "long_text":
            phone.fill(f"#{q.field}", "想了解工伤认定的流程。")
        else:
            right = [i for i, o in enumerate(q.options) if o.is_correct][0]
            pick = right if number < 12 else (right + 1) % len(q.options)  # the last five wrong
            phone.check(f"#{q.field}_{q.options[pick].id}")  # inputs are named by option id, whatever their order
    phone.click("button.sv-submit")

    alert = phone.locator("[role=alert]")
    assert "校验位不符" in alert.inner_text()
    assert phone.locator("#f-uscc").get_attribute("aria-invalid") == "true"
    assert "f-uscc-error" in phone.locator("#f-uscc").get_attribute("aria-describedby")
    assert phone.locator("#f-name").input_value() == "东至县尧渡镇示范商贸有限公司"  # kept
    assert phone.locator("input[type=radio]:checked").count() == 16
    screenshot(f"survey-error-{suffix}", phone)
    assert Response.objects.count() == 0

    phone.fill("#f-uscc", "91341721ma2nbt6q1d")
    phone.click("button.sv-submit")
    phone.wait_for_url("**/s/r/**")
    assert "10 / 15" in phone.locator(".sv-score").inner_text()
    body = phone.locator("main").inner_text()
    assert "已达到政策知晓标准" in body and "正确答案" in body and "《工伤保险条例》第二条" in body
    assert phone.locator(".sv-item.no").count() == 5 and phone.locator(".sv-item.ok").count() == 10
    screenshot(f"survey-result-{suffix}", phone)

    # Back button + resubmit cannot create a second response. The page before is the answer of a
    # POST (the form with errors, 400, never cached): Chromium may show its own "resubmit?" page.
    from playwright.sync_api import Error as PlaywrightError

    try:
        phone.go_back()
        phone.wait_for_load_state()
    except PlaywrightError as exc:
        assert "ERR_CACHE_MISS" in str(exc)
    phone.wait_for_url(lambda url: "/s/r/" not in url)  # wherever back led, it has arrived
    phone.wait_for_load_state()
    assert Response.objects.count() == 1

    phone.goto(Response.objects.get().form_token.join([f"{live_server.url}/s/r/", "/"]))
    assert "用途说明" in phone.locator("#consult-notice").inner_text()
    phone.fill("#c-phone", "13912345678")
    phone.fill("#c-time", "工作日下午")
    phone.click("#consultation button[type=submit]")
    phone.wait_for_url("**#consultation")
    assert "已收到您的咨询请求" in phone.locator("#consultation").inner_text()
    screenshot(f"survey-consultation-{suffix}", phone)
    context.close()
    assert ConsultationRequest.objects.get().phone == "13912345678"

    officer = make_user(roles.OFFICER, "尧渡镇")
    staff = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    desk = staff.new_page()
    desk.goto(f"{live_server.url}/admin/surveys/consultations/")
    complete_sign_in(desk, officer.email)
    desk.wait_for_url("**/admin/surveys/consultations/")
    listing = desk.locator("table.listing").inner_text()
    assert "东至县尧渡镇示范商贸有限公司" in listing and "139****5678" in listing and "工作日下午" in listing
    assert "13912345678" not in listing  # masked until a recorded "显示号码"
    screenshot(f"survey-officer-follow-up-{suffix}", desk)
    desk.click("text=东至县尧渡镇示范商贸有限公司")
    desk.click("text=显示号码")
    desk.wait_for_url("**/reveal/")
    assert "13912345678" in desk.locator("[data-phone]").inner_text()
    desk.fill("#id_note", "已电话联系，讲解参保流程。")
    desk.click("text=标记为已办结")
    desk.wait_for_url("**/admin/surveys/consultations/")
    assert ConsultationRequest.objects.get().status == "closed"
    staff.close()
