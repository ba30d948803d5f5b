"""WCAG 2.1 AA (GB/T 37668-2019) as axe-core checks it: every public page type and the main
staff screens, on a phone and on a desktop, with the rule tags wcag2a, wcag2aa, wcag21a
and wcag21aa. axe-core is vendored (tests/browser/vendor/axe.min.js), never downloaded.
A second test reads the survey form and the learning page with a 200% default text size
on a 390 px phone: nothing may need sideways scrolling."""

import datetime
import io
from importlib import import_module
from pathlib import Path

import pytest

from django.apps import apps
from django.utils import timezone

from wagtail.models import Collection

from accounts import roles
from campaigns.models import Campaign, Channel
from cms import demo
from surveys.awareness import build_awareness_survey
from surveys.definition import build_definition
from surveys.models import ConsultationRequest, Response, Survey
from tests.browser.conftest import PHONE_AGENT, complete_sign_in
from tests.reports import dataset
from tests.surveys.conftest import VALID_USCC

pytestmark = pytest.mark.django_db(transaction=True)

AXE = (Path(__file__).resolve().parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
# Staff screens are checked as whole documents: with axe-core 4.14.1 and Wagtail 8, Wagtail's
# own chrome (sidebar, slim header) passes too. Should a Wagtail upgrade bring violations
# inside its chrome, which canbao cannot fix, set this to "main" (Wagtail's content region,
# in which canbao's templates render) and say so here.
STAFF_REGION = None
# A visitor's browser: a "HeadlessChrome" agent is taken for a link preview and given no form token.
AGENT = PHONE_AGENT

RUN_AXE = """async ([include, tags]) => {
  const context = include ? {include: [include]} : document;
  const result = await axe.run(context, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                      targets: v.nodes.map(n => n.target.join(' '))}));
}"""


def axe_violations(page, include: str | None = None) -> list[dict]:
    """axe-core's WCAG 2.x A/AA violations on the page as it is now (evaluated through the
    DevTools protocol, so the site's Content-Security-Policy does not block it)."""
    page.wait_for_load_state("load")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE)
    return page.evaluate(RUN_AXE, [include, TAGS])


@pytest.fixture
def survey_channels(wagtail_site, townships):
    """The awareness survey on a poster channel in 尧渡镇, and a channel of a closed survey."""
    survey = build_awareness_survey()
    campaign = Campaign.objects.create(
        name="2024年小微企业参保扩面行动", starts_on=datetime.date(2024, 3, 1), ends_on=datetime.date(2024, 6, 30),
        deadline=datetime.date(2024, 6, 30), survey=survey,
    )
    poster = Channel.objects.create(campaign=campaign, township=townships["尧渡镇"], kind=Channel.Kind.POSTER)
    closed = Survey.objects.create(title="已结束的调查", pass_mark=1, closes_at=timezone.now() - datetime.timedelta(days=1))
    closed_campaign = Campaign.objects.create(
        name="已结束的行动", starts_on=datetime.date(2024, 1, 1), ends_on=datetime.date(2024, 2, 1),
        deadline=datetime.date(2024, 2, 1), survey=closed,
    )
    closed_channel = Channel.objects.create(campaign=closed_campaign, township=townships["东流镇"], kind=Channel.Kind.POSTER)
    return {"survey": build_definition(survey), "poster": poster, "closed": closed_channel}


@pytest.fixture
def site(survey_channels, townships, make_user):
    """The demo public site, the survey channels, the reports' hand-built dataset with a
    consultation request, and an administrator."""
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    demo.load(io.StringIO(), seed=1)
    import_module("cms.migrations.0003_seed_risk_classes").seed(apps, None)
    ds = dataset.build(townships)
    answered = Response.objects.filter(survey=ds.survey, township=ds.towns["A"], status="current").first()
    consultation = ConsultationRequest.objects.create(response=answered, township=ds.towns["A"],
                                                      phone="13912345678", preferred_time="工作日下午")
    return {**survey_channels, "ds": ds, "consultation": consultation, "admin": make_user(roles.ADMINISTRATOR)}


def answer_survey(page, survey, uscc: str):
    page.fill("#f-uscc", uscc)
    page.fill("#f-name", "东至县尧渡镇示范商贸有限公司")
    for q in survey.questions:
        if q.kind == "number":
            page.fill(f"#{q.field}", "8")
        elif q.kind == "yes_no":
            page.check(f"#{q.field}_no")
        elif q.kind == "long_text":
            page.fill(f"#{q.field}", "想了解工伤认定的流程。")
        elif q.options:
            page.check(f"#{q.field}_{q.options[0].id}")
    page.click("button.sv-submit")


def public_pages(page, base: str, site: dict, uscc: str):
    """Visit each public page type in turn; yields its name once the page is shown."""
    for name, path in [("home", "/"), ("policy index", "/policy/"), ("article", "/policy/dongzhi-2023-plan/"),
                       ("publicity month", "/2023-publicity-month/"), ("faq", "/faq/"),
                       ("search", "/search/?q=%E5%B7%A5%E4%BC%A4%E8%AE%A4%E5%AE%9A")]:
        assert page.goto(base + path).status == 200, path
        yield name
    page.goto(f"{base}/estimate/")
    page.select_option("select[name=industry]", label="餐饮业")
    page.fill("input[name=payroll]", "50000")
    page.fill("input[name=headcount]", "8")
    page.click("form.estimator-form button[type=submit]")
    page.wait_for_selector("#monthly")
    yield "estimator with result"
    code = site["poster"].code
    page.goto(f"{base}/q/{code}")
    yield "survey form"
    page.click("button.sv-submit")
    page.wait_for_selector("#sv-errors")
    assert page.evaluate("document.activeElement.id") == "sv-errors"  # focus moved to the summary
    yield "survey with errors"
    answer_survey(page, site["survey"], uscc)
    page.wait_for_url("**/s/r/**")
    yield "learning (result) page"
    page.goto(f"{base}/s/{code}/")
    answer_survey(page, site["survey"], uscc)
    page.wait_for_selector("text=该企业已填写过本问卷")
    yield "duplicate notice"
    page.goto(f"{base}/s/{site['closed'].code}/")
    page.wait_for_selector("text=调查已结束")
    yield "closed notice"
    page.goto(f"{base}/accounts/login/")
    yield "login"


def staff_pages(page, base: str, site: dict):
    ds = site["ds"]
    c = ds.campaign.pk
    for name, path in [
        ("dashboard", f"/admin/reports/?campaign={c}"),
        ("township report", f"/admin/reports/township/{ds.towns['A'].pk}/?campaign={c}"),
        ("facts", f"/admin/reports/facts/?campaign={c}"),
        ("breakdowns", f"/admin/reports/breakdowns/?campaign={c}"),
        ("method", f"/admin/reports/method/?campaign={c}"),
        ("registry", "/admin/canbao/enterprises/"),
        ("targets", "/admin/canbao/targets/"),
        ("campaign targets", f"/admin/canbao/targets/campaign/{c}/"),
        ("channels", "/admin/canbao/channels/"),
        ("imports", "/admin/canbao/imports/"),
        ("consultations", "/admin/surveys/consultations/"),
        ("consultation", f"/admin/surveys/consultations/{site['consultation'].pk}/"),
    ]:
        response = page.goto(base + path)
        assert response.status == 200, (path, response.status)
        yield name


def format_violations(found: dict) -> str:
    lines = []
    for where, violations in found.items():
        for v in violations:
            lines.append(f"{where}: {v['id']} ({v['impact']}) {v['help']}")
            lines.extend(f"    {t}" for t in v["targets"][:8])
    return "\n".join(lines)


def test_axe_finds_no_wcag21_aa_violations(browser, live_server, site):
    found, checked = {}, []
    signed_in = None
    for n, (viewport_name, viewport) in enumerate(VIEWPORTS.items()):
        visitor = browser.new_context(viewport=viewport, locale="zh-CN", user_agent=AGENT)
        page = visitor.new_page()
        page.set_default_timeout(30000)
        for name in public_pages(page, live_server.url, site, VALID_USCC[n]):
            where = f"{viewport_name} · {name} · {page.url.removeprefix(live_server.url)}"
            checked.append(where)
            if violations := axe_violations(page):
                found[where] = violations
        visitor.close()

        staff = browser.new_context(viewport=viewport, locale="zh-CN", storage_state=signed_in)
        desk = staff.new_page()
        desk.set_default_timeout(30000)
        if signed_in is None:  # sign in once; the second viewport reuses the session
            desk.goto(f"{live_server.url}/admin/")
            complete_sign_in(desk, site["admin"].email)
            desk.wait_for_url("**/admin/", timeout=30000)  # the first admin page: slow on a loaded machine
            signed_in = staff.storage_state()
        for name in staff_pages(desk, live_server.url, site):
            where = f"{viewport_name} · staff {name} · {desk.url.removeprefix(live_server.url)}"
            checked.append(where)
            if violations := axe_violations(desk, STAFF_REGION):
                found[where] = violations
        staff.close()

    print(f"axe-core checked {len(checked)} page views:", *checked, sep="\n  ")
    report = format_violations(found)
    print(report or "no violations")
    assert len(checked) >= 40
    assert not found, f"axe-core found WCAG 2.1 AA violations:\n{report}"


def test_survey_and_learning_page_fit_a_phone_at_200_percent_text(browser, live_server, survey_channels):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", user_agent=AGENT)
    page = context.new_page()
    page.set_default_timeout(30000)
    # The phone's text-size setting: a default font of 32 px instead of 16 px (200%), not a zoom.
    page.context.new_cdp_session(page).send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})

    def fits(what):
        size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        assert size >= 32, (what, size)  # the text really is twice the size
        width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert width[0] <= width[1], (what, width)

    code = survey_channels["poster"].code
    page.goto(f"{live_server.url}/q/{code}")
    fits("survey form")
    page.click("button.sv-submit")
    page.wait_for_selector("#sv-errors")
    fits("survey with errors")
    answer_survey(page, survey_channels["survey"], VALID_USCC[0])
    page.wait_for_url("**/s/r/**")
    fits("learning page")
    context.close()
