"""The reviewer's import journey: upload a market-regulation XLSX → preview → confirm →
download the report → open the target list and export it."""

import csv
import io

import pytest

from campaigns.models import Enterprise
from tests.browser.conftest import complete_sign_in
from tests.campaigns.conftest import code, xlsx_bytes

pytestmark = pytest.mark.django_db(transaction=True)


def test_reviewer_imports_previews_confirms_and_exports(page, live_server, townships, reviewer, wagtail_site,
                                                        screenshot, tmp_path):
    rows = [["东至县市场主体名录（2024年3月）"], ["单位名称", "信用代码", "所属乡镇", "行业", "从业人员", "营业收入（万元）"],
            ["东至县尧城百货有限公司", code(1), "尧渡镇", "5211", 8, 120],
            ["东至县梅城小吃店", code(2), None, "6210", 4, 30],
            ["坏代码企业", "123", "东流镇", "5211", 3, 10]]
    upload = tmp_path / "名录.xlsx"
    upload.write_bytes(xlsx_bytes(rows, merges=["A1:F1", "C3:C4"]))

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/admin/canbao/imports/")
    complete_sign_in(page, reviewer.email)
    page.wait_for_url("**/admin/**")
    page.goto(f"{live_server.url}/admin/canbao/imports/")

    page.select_option("select[name=kind]", "registry")
    page.set_input_files("input[name=file]", str(upload))
    page.click("main form button[type=submit]")
    page.wait_for_selector("text=确认导入")
    assert page.locator(".import-status").inner_text() == "待确认"
    assert "新增：2" in page.locator(".import-counts").inner_text()
    assert Enterprise.objects.count() == 0
    screenshot("campaigns-import-preview")

    page.click("text=确认导入")
    page.wait_for_selector(".import-status:text('已导入')")
    assert Enterprise.objects.filter(township__name="尧渡镇").count() == 2  # merged township cell
    with page.expect_download() as info:
        page.click("text=下载逐行报告（CSV）")
    report = open(info.value.path(), encoding="utf-8-sig").read()
    assert "拒绝" in report and "18位" in report

    page.goto(f"{live_server.url}/admin/canbao/targets/?township={townships['尧渡镇'].pk}")
    assert "东至县梅城小吃店" in page.content()
    screenshot("campaigns-target-list")
    with page.expect_download() as info:
        page.click("text=导出CSV")
    rows = list(csv.reader(io.StringIO(open(info.value.path(), encoding="utf-8-sig").read())))
    assert {r[0] for r in rows[1:]} == {"东至县尧城百货有限公司", "东至县梅城小吃店"}
