from decimal import Decimal

import pytest

from campaigns.classification import classify_enterprise_size, industry_rules, parse_industry, rule_for_industry
from campaigns.models import SizeClass

TIERS = [SizeClass.LARGE, SizeClass.MEDIUM, SizeClass.SMALL, SizeClass.MICRO]
JUST_BELOW = {"employees": Decimal(1), "revenue": Decimal("0.01"), "assets": Decimal("0.01")}


def bound_cases():
    """(industry code, figures, expected) at and just below every bound of every row."""
    for rule in industry_rules():
        for code in rule.scope:
            for indicator, bounds in rule.bounds.items():
                # The other indicators sit comfortably in the large tier.
                high = {name: b[0] * 2 for name, b in rule.bounds.items()}
                for tier, bound in enumerate(bounds):
                    at = high | {indicator: bound}
                    below = high | {indicator: bound - JUST_BELOW[indicator]}
                    yield pytest.param(code, at, TIERS[tier], id=f"{rule.industry}-{code}-{indicator}-{tier}-at")
                    yield pytest.param(code, below, TIERS[tier + 1], id=f"{rule.industry}-{code}-{indicator}-{tier}-below")


def test_the_rule_table_has_every_industry_of_the_2017_rule():
    names = [rule.industry for rule in industry_rules()]
    assert len(names) == 16
    assert {"工业", "批发业", "零售业", "房地产开发经营", "其他未列明行业"} <= set(names)
    single = {rule.industry for rule in industry_rules() if len(rule.bounds) == 1}
    assert single == {"农林牧渔业", "其他未列明行业"}


@pytest.mark.parametrize(("code", "figures", "expected"), list(bound_cases()))
def test_size_at_and_just_below_every_bound(code, figures, expected):
    employees = figures.get("employees")
    assert classify_enterprise_size(code, int(employees) if employees is not None else None,
                                    figures.get("revenue"), figures.get("assets")) == expected


def test_lowest_tier_any_indicator_reaches_wins():
    # Industry: 1000 employees (large) but revenue 1999 万元 (small) → small.
    assert classify_enterprise_size("C", 1000, Decimal(1999), None) == SizeClass.SMALL
    # Retail: 9 employees (micro) with large revenue → micro.
    assert classify_enterprise_size("5211", 9, Decimal(50000), None) == SizeClass.MICRO


def test_single_indicator_industries_ignore_other_figures():
    assert classify_enterprise_size("A", None, Decimal(500), None) == SizeClass.MEDIUM
    assert classify_enterprise_size("M", 10, None, None) == SizeClass.SMALL
    assert classify_enterprise_size("8111", 9, None, None) == SizeClass.MICRO  # O: 居民服务、修理


@pytest.mark.parametrize(("code", "employees", "revenue", "assets"), [
    ("C", None, 300, None),       # industry needs employees
    ("C", 20, None, None),        # and revenue
    ("E", None, 300, None),       # construction needs assets too
    ("7010", None, 100, None),
    ("L", 10, None, None),
])
def test_missing_figure_means_undetermined(code, employees, revenue, assets):
    assert classify_enterprise_size(code, employees, revenue, assets) == SizeClass.UNDETERMINED


@pytest.mark.parametrize("code", ["J", "66", "P", "S", "53", "7040", "F", "G", "K", "70", "", None, "Z9", "未知行业"])
def test_uncovered_or_ambiguous_industries_are_undetermined(code):
    assert classify_enterprise_size(code, 10, 100, 100) == SizeClass.UNDETERMINED


@pytest.mark.parametrize(("raw", "industry"), [
    ("C", "工业"), ("c13", "工业"), ("1311", "工业"), ("C1311 谷物磨制", "工业"), ("D4411", "工业"),
    ("B06", "工业"), ("4720", "建筑业"), ("5121", "批发业"), ("零售业", "零售业"), ("5430", "交通运输业"),
    ("5920", "仓储业"), ("6020", "邮政业"), ("H", "住宿业"), ("6210", "餐饮业"), ("6410", "信息传输业"),
    ("6513", "软件和信息技术服务业"), ("7010", "房地产开发经营"), ("7020", "物业管理"), ("7030", "其他未列明行业"),
    ("7090", "其他未列明行业"), ("7212", "租赁和商务服务业"), ("制造业", "工业"), ("Ｃ１３", "工业"), ("8010", "其他未列明行业"),
])
def test_gbt4754_codes_map_to_rule_rows(raw, industry):
    rule = rule_for_industry(parse_industry(raw))
    assert rule is not None and rule.industry == industry


def test_section_letter_must_agree_with_division():
    assert parse_industry("A13") is None
