"""Every public form under generated hostile input: the survey answer POST, the
consultation request, the estimator and the search. No 500, nothing half-written,
memory bounded (tests/fuzz/conftest.py)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from django.test import Client

from campaigns.models import Campaign, Channel
from surveys.awareness import build_awareness_survey
from surveys.definition import build_definition
from surveys.models import Answer, AnswerChoice, ConsultationRequest, Question, Response
from surveys.tokens import new_form_token

from .conftest import FUZZ, hostile_text

pytestmark = pytest.mark.django_db
ALLOWED = {200, 302, 400, 403, 404, 409, 413, 429}


@pytest.fixture
def form(townships, no_limits):
    import datetime

    survey = build_awareness_survey()
    campaign = Campaign.objects.create(name="行动", starts_on=datetime.date(2024, 3, 1), ends_on=datetime.date(2099, 6, 30),
                                       survey=survey)
    channel = Channel.objects.create(campaign=campaign, township=townships["尧渡镇"], kind=Channel.Kind.POSTER)
    return survey, channel, build_definition(survey)


def _question_value(q, draw_choice):
    options = [str(o.id) for o in q.options]
    valid = {
        Question.Kind.SINGLE: options[:1], Question.Kind.MULTIPLE: options[:2], Question.Kind.YES_NO: ["no"],
        Question.Kind.NUMBER: ["12"], Question.Kind.LONG_TEXT: ["想了解"], Question.Kind.SHORT_TEXT: ["经理"],
    }.get(q.kind, [""])
    return draw_choice(valid, options)


@st.composite
def answer_sheets(draw, definition):
    """A complete, valid answer set with any number of its fields replaced by hostile values."""
    def choice(valid, options):
        return draw(st.one_of(st.just(valid), st.lists(st.one_of(hostile_text, st.sampled_from(options or ["1"])),
                                                        max_size=4)))

    data = {"uscc": [draw(st.one_of(st.just("91341721MA2NBT6Q1D"), hostile_text))],
            "enterprise_name": [draw(st.one_of(st.just("东至县测试商贸有限公司"), hostile_text))]}
    for q in definition.questions:
        data[q.field] = _question_value(q, choice)
    if draw(st.booleans()):
        data[draw(hostile_text) or "x"] = [draw(hostile_text)]
    return data


def _counts():
    return (Response.objects.count(), Answer.objects.count(), AnswerChoice.objects.count())


def test_survey_answer_post(form, fuzz_counter):
    survey, channel, definition = form
    client = Client(raise_request_exception=False)

    @FUZZ
    @given(data=answer_sheets(definition), token_kind=st.sampled_from(["fresh", "fresh", "hostile", "none"]))
    def run(data, token_kind):
        fuzz_counter.tick()
        token = {"fresh": new_form_token(survey.id, channel.id), "none": ""}.get(token_kind) or "t\x00" + token_kind
        before = _counts()
        response = client.post(f"/s/{channel.code}/", data | {"form_token": token})
        assert response.status_code in ALLOWED, response.status_code
        after = _counts()
        if response.status_code == 302:
            assert after[0] in (before[0], before[0] + 1)
        else:
            assert after == before, "a refused answer wrote rows"
        for r in Response.objects.filter(pk__gt=0).order_by("-pk")[:1]:
            assert "\x00" not in r.enterprise_name

    run()
    fuzz_counter.check()


def test_consultation_request(form, fuzz_counter):
    survey, channel, definition = form
    client = Client(raise_request_exception=False)
    data = {"uscc": "91341721MA2NBT6Q1D", "enterprise_name": "东至县测试商贸有限公司",
            "form_token": new_form_token(survey.id, channel.id)}
    for q in definition.questions:
        data[q.field] = _question_value(q, lambda valid, options: valid)
    result_url = client.post(f"/s/{channel.code}/", data)["Location"]
    consult_url = result_url.rstrip("/") + "/consult/"

    @FUZZ
    @given(phone=hostile_text, preferred_time=hostile_text, honeypot=st.sampled_from(["", "", "", "x"]))
    def run(phone, preferred_time, honeypot):
        fuzz_counter.tick()
        before = list(ConsultationRequest.objects.values_list("phone", "preferred_time"))
        response = client.post(consult_url, {"phone": phone, "preferred_time": preferred_time, "website": honeypot})
        assert response.status_code in ALLOWED, response.status_code
        if response.status_code != 302:
            assert list(ConsultationRequest.objects.values_list("phone", "preferred_time")) == before
        for stored_phone, stored_time in ConsultationRequest.objects.values_list("phone", "preferred_time"):
            assert "\x00" not in stored_phone + stored_time

    run()
    fuzz_counter.check()


def test_estimator(db, fuzz_counter):
    from cms.models import Industry

    client = Client(raise_request_exception=False)
    industries = [str(pk) for pk in Industry.objects.values_list("pk", flat=True)[:3]]

    @FUZZ
    @given(industry=st.one_of(st.sampled_from(industries), hostile_text), payroll=hostile_text, headcount=hostile_text)
    def run(industry, payroll, headcount):
        fuzz_counter.tick()
        response = client.get("/estimate/", {"industry": industry, "payroll": payroll, "headcount": headcount})
        assert response.status_code in ALLOWED, response.status_code

    run()
    fuzz_counter.check()


def test_search(wagtail_site, fuzz_counter):
    client = Client(raise_request_exception=False)

    @FUZZ
    @given(query=hostile_text, page=st.one_of(st.just("1"), hostile_text))
    def run(query, page):
        fuzz_counter.tick()
        response = client.get("/search/", {"q": query, "page": page})
        assert response.status_code in ALLOWED, response.status_code

    run()
    fuzz_counter.check()
