"""The contribution estimator: formula, bad input, and rates edited in the admin."""

from decimal import Decimal

import pytest

from django.urls import reverse

from cms.estimator import estimate_contribution
from cms.models import Industry, RiskClass


@pytest.fixture
def catering(db):
    return Industry.objects.get(name="餐饮业")


def test_rates_and_industries_are_seeded_from_the_csv(db):
    rates = dict(RiskClass.objects.values_list("number", "base_rate_percent"))
    assert rates == {1: Decimal("0.2"), 2: Decimal("0.4"), 3: Decimal("0.7"), 4: Decimal("0.9"),
                     5: Decimal("1.1"), 6: Decimal("1.3"), 7: Decimal("1.6"), 8: Decimal("1.9")}
    assert Industry.objects.get(name="煤炭开采和洗选业").risk_class.number == 8
    assert Industry.objects.get(name="餐饮业").risk_class.number == 2


def test_estimate_is_payroll_times_rate(catering):
    estimate = estimate_contribution(catering, Decimal("50000"), 8)
    assert estimate.rate_percent == Decimal("0.4")
    assert estimate.monthly == Decimal("200.00")
    assert estimate.yearly == Decimal("2400.00")
    assert estimate.per_person_monthly == Decimal("25.00")


def test_estimator_page_without_javascript_shows_result_and_formula(client, catering):
    response = client.get("/estimate/", {"industry": catering.pk, "payroll": "５０，０００", "headcount": "8"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "200.00 元" in html and "2400.00 元" in html
    assert "× 0.4%（餐饮业，第2类行业基准费率）" in html


def test_empty_form_shows_the_form_without_errors(client, db):
    html = client.get("/estimate/").content.decode()
    assert "<select" in html and 'role="alert"' not in html


@pytest.mark.parametrize(
    ("payroll", "headcount", "message"),
    [
        ("", "8", "请填写每月工资总额。"),
        ("50000", "", "请填写职工人数。"),
        ("-100", "8", "工资总额不能是负数。"),
        ("50000", "-3", "职工人数不能是负数。"),
        ("五万元", "8", "工资总额只能填写数字"),
        ("abc", "8", "工资总额只能填写数字"),
        ("50000", "eight", "职工人数只能填写整数"),
        ("0", "8", "工资总额必须大于0。"),
        ("50000", "0", "职工人数至少为1人。"),
        ("999999999999", "8", "金额过大"),
        ("1e30", "8", "金额过大"),
        ("NaN", "8", "工资总额只能填写数字"),
        ("50000", "99999999", "职工人数过大"),
    ],
)
def test_bad_input_gets_a_chinese_message(client, catering, payroll, headcount, message):
    response = client.get("/estimate/", {"industry": catering.pk, "payroll": payroll, "headcount": headcount})
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "测算结果" not in html
    assert 'aria-invalid="true"' in html


@pytest.mark.parametrize(("industry", "message"), [("", "请选择所属行业。"), ("99999", "所选行业不存在"), ("x", "所选行业不存在")])
def test_missing_or_unknown_industry(client, db, industry, message):
    response = client.get("/estimate/", {"industry": industry, "payroll": "50000", "headcount": "8"})
    assert message in response.content.decode()


def test_rate_edited_in_the_admin_takes_effect(client, administrator, catering):
    risk_class = catering.risk_class
    client.force_login(administrator)
    url = reverse(risk_class.snippet_viewset.get_url_name("edit"), args=[risk_class.pk])
    response = client.post(url, {"number": "2", "base_rate_percent": "0.5", "note": "省里调整"})
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    html = client.get("/estimate/", {"industry": catering.pk, "payroll": "50000", "headcount": "8"}).content.decode()
    assert "250.00 元" in html and "× 0.5%" in html


def test_industry_remapped_in_the_admin_takes_effect(client, administrator, catering):
    client.force_login(administrator)
    url = reverse(Industry.snippet_viewset.get_url_name("edit"), args=[catering.pk])
    class_5 = RiskClass.objects.get(number=5)
    response = client.post(url, {"name": "餐饮业", "risk_class": class_5.pk, "sort_order": "1"})
    assert response.status_code == 302
    html = client.get("/estimate/", {"industry": catering.pk, "payroll": "10000", "headcount": "2"}).content.decode()
    assert "110.00 元" in html


def test_publicity_editor_cannot_change_rates(client, editor):
    risk_class = RiskClass.objects.get(number=1)
    client.force_login(editor)
    url = reverse(risk_class.snippet_viewset.get_url_name("edit"), args=[risk_class.pk])
    client.post(url, {"number": "1", "base_rate_percent": "9", "note": ""})
    risk_class.refresh_from_db()
    assert risk_class.base_rate_percent == Decimal("0.2")


def test_invalid_rate_in_the_admin_is_refused(client, administrator):
    risk_class = RiskClass.objects.get(number=3)
    client.force_login(administrator)
    url = reverse(risk_class.snippet_viewset.get_url_name("edit"), args=[risk_class.pk])
    response = client.post(url, {"number": "3", "base_rate_percent": "-1", "note": ""})
    assert response.status_code == 200
    risk_class.refresh_from_db()
    assert risk_class.base_rate_percent == Decimal("0.7")
