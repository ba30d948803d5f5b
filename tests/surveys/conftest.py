"""Fixtures for survey tests: the awareness survey on a campaign with a channel in 尧渡镇."""

import datetime
import re

import pytest

from django.core.cache import cache

from campaigns.models import Campaign, Channel
from surveys.awareness import build_awareness_survey
from surveys.definition import build_definition
from surveys.models import Question

VALID_USCC = ["91341721MA2NBT6Q1D", "92341721MA8PQ3RW86", "91341721152639487L", "91310110666007217T",
              "91430111MA4L41YT1U"]


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def survey(townships):
    return build_awareness_survey()


@pytest.fixture
def campaign(survey):
    return Campaign.objects.create(
        name="2024年小微企业参保扩面行动", starts_on=datetime.date(2024, 3, 1), ends_on=datetime.date(2024, 6, 30),
        deadline=datetime.date(2024, 6, 30), survey=survey,
    )


@pytest.fixture
def channel(campaign, townships):
    return Channel.objects.create(campaign=campaign, township=townships["尧渡镇"], kind=Channel.Kind.POSTER)


def form_token(html: str) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', html).group(1)


def csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def valid_answers(survey, uscc=VALID_USCC[0], name="东至县测试商贸有限公司", correct=True) -> dict:
    """A complete answer set: all knowledge questions right (or all wrong)."""
    data = {"uscc": uscc, "enterprise_name": name}
    for q in build_definition(survey).questions:
        if q.kind == Question.Kind.SINGLE:
            option = next(o for o in q.options if o.is_correct == correct)
            data[q.field] = str(option.id)
        elif q.kind == Question.Kind.YES_NO:
            data[q.field] = "no"
        elif q.kind == Question.Kind.NUMBER:
            data[q.field] = "12"
        elif q.kind == Question.Kind.LONG_TEXT:
            data[q.field] = "想了解缴费基数怎么算。"
    return data


def open_form(client, channel) -> str:
    response = client.get(f"/s/{channel.code}/")
    assert response.status_code == 200
    return response.content.decode()
