"""An officer on a 390×844 phone: work list → firm → log a call → the state changes →
notice PDF; another township's officer gets 404 for the firm."""

import datetime
from urllib.parse import urlsplit

import pytest

from django.utils import timezone

from campaigns.models import Campaign, Enterprise
from surveys.models import Survey
from tests.browser.conftest import complete_sign_in
from tests.followups.conftest import code

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in_to(page, url: str, email: str):
    """Open `url`, sign in on the login page it redirects to, and wait until the browser is
    back on `url`'s path. Waiting for "**/admin/**" matched the login page itself (its
    ?next= holds /admin/), and wait_for_load_state() returned on the already loaded 2FA
    page: the next goto then raced the sign-in's own redirect, flaky under load."""
    path = urlsplit(url).path
    page.goto(url)
    complete_sign_in(page, email)
    page.wait_for_url(lambda current: urlsplit(current).path == path)


def test_officer_logs_a_call_on_a_phone(page, live_server, townships, make_user, wagtail_site, screenshot):
    from accounts.roles import OFFICER

    officer = make_user(OFFICER, "尧渡镇")
    survey = Survey.objects.create(title="工伤保险政策知晓度调查（测试）", pass_mark=2)
    campaign = Campaign.objects.create(name="2026年参保扩面行动", starts_on=datetime.date(2026, 1, 1),
                                       ends_on=datetime.date(2026, 12, 31), survey=survey)
    firm = Enterprise.objects.create(name="东至县尧城百货有限公司", uscc=code(1), township=townships["尧渡镇"],
                                     industry_code="5211", employees=5, revenue=50, contact_phone="13905660001")
    assert page.viewport_size == {"width": 390, "height": 844}
    sign_in_to(page, f"{live_server.url}/admin/followups/?campaign={campaign.pk}", officer.email)
    page.goto(f"{live_server.url}/admin/followups/?campaign={campaign.pk}")
    item = page.locator(f'li[data-uscc="{firm.uscc}"]')
    assert "未联系" in item.inner_text()
    # Nothing wider than the phone: no sideways scrolling on the work list.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    box = page.locator("input[name=q]").bounding_box()
    assert box["x"] + box["width"] <= 390  # the search box fits, not clipped at the edge
    screenshot("followups-worklist-phone")
    with page.expect_navigation(url=lambda current: urlsplit(current).path == f"/admin/followups/firm/{firm.pk}/"):
        item.locator("a").click()
    page.select_option("select[name=way]", "phone")
    page.fill("input[name=result]", "已告知参保义务")
    with page.expect_navigation():  # the POST, then its redirect back to the firm
        page.click("form.fu-form button[type=submit]")
    page.wait_for_selector('[data-firm-state="contacted"]')
    assert "已告知参保义务" in page.locator("[data-followups]").inner_text()
    with page.expect_download() as info:
        page.click("text=生成参保登记通知书（PDF）")
    assert open(info.value.path(), "rb").read().startswith(b"%PDF")
    screenshot("followups-firm-phone")

    other = make_user(OFFICER, "东流镇")
    page.context.clear_cookies()
    sign_in_to(page, f"{live_server.url}/admin/followups/firm/{firm.pk}/", other.email)
    response = page.goto(f"{live_server.url}/admin/followups/firm/{firm.pk}/")
    assert response.status == 404


def test_reviewer_sees_twenty_newly_insured_after_the_second_list(page, live_server, client, townships, reviewer,
                                                                   wagtail_site):
    from surveys.models import Response
    from tests.followups.conftest import import_insured

    survey = Survey.objects.create(title="工伤保险政策知晓度调查（测试）", pass_mark=2)
    campaign = Campaign.objects.create(name="2024年参保扩面行动", starts_on=datetime.date(2024, 3, 1),
                                       ends_on=datetime.date(2024, 12, 31), survey=survey)
    for n in range(1, 31):
        firm = Enterprise.objects.create(name=f"企业{n}", uscc=code(n), township=townships["尧渡镇" if n <= 18 else "东流镇"],
                                         industry_code="5211", employees=5, revenue=50)
        if n % 3 == 0:
            Response.objects.create(survey=survey, township=firm.township, enterprise=firm, uscc=firm.uscc,
                                    enterprise_name=firm.name, form_token=f"tok-{n}",
                                    submitted_at=timezone.now(), started_at=timezone.now())
    client.force_login(reviewer)
    import_insured(client, range(1, 21), "2024-04-30", name="参保名单-2024-04.csv")
    sign_in_to(page, f"{live_server.url}/admin/followups/outcomes/?campaign={campaign.pk}", reviewer.email)
    page.goto(f"{live_server.url}/admin/followups/outcomes/?campaign={campaign.pk}")
    assert "活动以来新参保 20" in page.locator("[data-outcome-headline]").inner_text()
    assert page.locator('tr[data-township="尧渡镇"] td[data-col="newly_insured"]').inner_text() == "18"
    assert page.locator('tr[data-township="东流镇"] td[data-col="newly_insured"]').inner_text() == "2"
    # Respondents are firms 3, 6, …, 30 (10), of whom 3…18 (6) joined.
    assert page.locator('tr[data-township="全县"] td[data-col="rate2"]').inner_text().startswith("6 / 10")
    assert page.locator('tr[data-township="全县"] td[data-col="rate3"]').inner_text().startswith("14 / 20")
