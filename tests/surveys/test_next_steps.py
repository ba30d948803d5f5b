"""After submitting: a firm that is not insured (or not sure) is shown how to register, with
the estimator prefilled; a firm that already answered is led to the policy articles and a
call-back request; results are numbered as on the form."""

import re

import pytest

from django.core.cache import cache
from django.test import Client

from campaigns.models import Township
from surveys.definition import build_definition
from surveys.models import ConsultationRequest

from .conftest import VALID_USCC, csrf_token, form_token, open_form, valid_answers


def coverage_field(survey) -> str:
    return next(q.field for q in build_definition(survey).questions if q.role == "coverage")


def answer(client, channel, survey, insured: str, **kwargs):
    data = valid_answers(survey, **kwargs) | {"form_token": form_token(open_form(client, channel))}
    data[coverage_field(survey)] = insured
    posted = client.post(f"/s/{channel.code}/", data)
    assert posted.status_code == 302
    return posted.url


@pytest.mark.parametrize("cold", [False, True], ids=["cached", "from-database"])
def test_not_insured_sees_how_to_register_and_the_prefilled_estimator(client, channel, survey, cold, settings):
    Township.objects.filter(name="尧渡镇").update(office_phone="0566-7000000")
    url = answer(client, channel, survey, "no")
    if cold:
        cache.clear()
    page = client.get(url).content.decode()
    assert 'id="next-step"' in page and "参保登记" in page
    for document in ("营业执照", "职工名册", "工资表"):
        assert document in page
    assert 'href="/estimate/?headcount=12"' in page  # valid_answers says 12 employees
    assert "0566-7000000" in page and "12333" in page and 'href="#consultation"' in page
    estimator = client.get("/estimate/?headcount=12").content.decode()
    assert re.search(r'name="headcount"[^>]*value="12"', estimator) and "aria-invalid" not in estimator


def test_not_sure_is_told_how_to_find_out_and_insured_sees_no_next_step(client, channel, survey):
    unsure = client.get(answer(client, channel, survey, "unsure")).content.decode()
    assert 'id="next-step"' in unsure and "查询本单位参保情况" in unsure
    insured = client.get(answer(Client(), channel, survey, "yes", uscc=VALID_USCC[1])).content.decode()
    assert 'id="next-step"' not in insured


def test_results_are_numbered_as_on_the_form(client, channel, survey):
    page = client.get(answer(client, channel, survey, "yes")).content.decode()
    first = build_definition(survey).knowledge_questions[0]
    assert f'<strong>{first.number}. {first.text}</strong>' in page and first.number == 3


def test_duplicate_page_leads_to_the_policy_articles_and_a_call_back(client, channel, survey):
    answer(client, channel, survey, "no")
    other = Client()
    html = open_form(other, channel)
    data = valid_answers(survey) | {"form_token": form_token(html)}
    page = other.post(f"/s/{channel.code}/", data)
    assert page.status_code == 409
    text = page.content.decode()
    assert 'href="/policy/"' in text and 'href="#consultation"' in text and "已于" not in text
    firm = re.search(r'name="firm" value="([^"]+)"', text).group(1)
    action = f"/s/{channel.code}/callback/"
    bad = other.post(action, {"firm": firm, "phone": "123"})
    assert bad.status_code == 400 and "aria-invalid" in bad.content.decode()
    done = other.post(action, {"firm": firm, "phone": "13912345678", "preferred_time": "上午"})
    assert done.status_code == 200 and "已收到您的咨询请求" in done.content.decode()
    assert ConsultationRequest.objects.get().phone == "13912345678"
    other.post(action, {"firm": firm, "phone": "13800000000"})  # no overwriting someone's request
    assert ConsultationRequest.objects.get().phone == "13912345678"
    assert other.post(action, {"firm": firm + "x", "phone": "13912345678"}).status_code == 404
    assert csrf_token(html)


def test_policy_links_land_on_the_section_that_explains_the_fact(client, channel, survey):
    from cms import demo
    from cms.demo_articles import ARTICLES
    from surveys.demo import link_policy_pages

    index = demo.ensure_policy_index(demo.ensure_home_page())
    for spec in ARTICLES:
        demo.ensure_article(index, spec)
    link_policy_pages(survey)
    page = client.get(answer(client, channel, survey, "yes")).content.decode()
    fact = next(q for q in build_definition(survey).knowledge_questions if q.text.startswith("用人单位应当自事故伤害发生之日起"))
    link = re.search(rf'id="k{fact.id}".*?<a href="([^"]+)"', page, re.S).group(1)
    assert link.endswith("#fact-f07")
    article = client.get(link.split("#")[0]).content.decode()
    assert 'id="fact-f07"' in article and article.index('id="fact-f07"') < article.index("谁来申请、何时申请")
