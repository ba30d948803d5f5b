"""The reviewer's journey: dashboard → filter by channel kind → township → sign off →
download the XLSX."""

import io

import pytest
from openpyxl import load_workbook

from reports.models import SignOff
from tests.browser.conftest import ARTIFACTS, complete_sign_in
from tests.reports import dataset

pytestmark = pytest.mark.django_db(transaction=True)


def test_reviewer_filters_signs_off_and_downloads(page, live_server, townships, reviewer, wagtail_site, screenshot):
    ds = dataset.build(townships)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/admin/reports/?campaign={ds.campaign.pk}")
    complete_sign_in(page, reviewer.email)
    page.wait_for_url("**/admin/**")
    page.goto(f"{live_server.url}/admin/reports/?campaign={ds.campaign.pk}")
    row = page.locator('tr[data-township="尧渡镇"] td[data-col="responses"]')
    assert row.inner_text() == "4"
    assert page.locator("svg#awareness-chart").count() == 1 and page.locator("svg#trend-chart").count() == 1
    screenshot("reports-dashboard")
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("svg#awareness-chart").screenshot(path=str(ARTIFACTS / "reports-awareness-chart.png"))
    page.locator("svg#trend-chart").screenshot(path=str(ARTIFACTS / "reports-trend-chart.png"))

    page.select_option("select[name=channel_kind]", "poster")
    page.click("form[data-reports-filters] button[type=submit]")
    page.wait_for_url("**channel_kind=poster**")
    assert page.locator('tr[data-township="尧渡镇"] td[data-col="responses"]').inner_text() == "2"
    assert page.locator('tr[data-township="尧渡镇"] td[data-col="awareness"]').inner_text() == "50.0%"

    page.click('tr[data-township="尧渡镇"] a')
    page.wait_for_url("**/admin/reports/township/**")
    assert page.locator('[data-figure="responses"]').inner_text() == "2"
    page.fill("form[data-signoff-form] textarea[name=comment]", "数据已核对，同意上报。")
    page.click("form[data-signoff-form] button[type=submit]")
    page.wait_for_selector("text=已审核确认尧渡镇的报表")
    assert "数据已核对，同意上报。" in page.locator("[data-signoffs]").inner_text()
    signoff = SignOff.objects.get()
    assert signoff.signed_by == reviewer and signoff.figures["row"]["responses"] == 4  # unfiltered figures
    screenshot("reports-township-signed-off")

    with page.expect_download() as info:
        page.click("form[action$='/export/xlsx/'] button[type=submit]")
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    wb = load_workbook(io.BytesIO(open(download.path(), "rb").read()))
    summary = list(wb["汇总"].iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in summary] == ["尧渡镇"] and summary[0][5] == 4
