"""The survey form's accessible markup through HTTP: each choice question a group named by
its legend, its required state where ARIA allows it, errors tied to the group and the
error summary focused after a failed submit."""

import re

import pytest

from surveys.models import Question

from .conftest import form_token, open_form, valid_answers

pytestmark = pytest.mark.django_db


def fieldset_tag(html: str, field: str) -> str:
    return re.search(rf'<fieldset [^>]*id="{field}"[^>]*>', html).group(0)


def test_choice_questions_are_named_groups_with_required_radios(client, channel, survey):
    html = open_form(client, channel)
    single = survey.questions.filter(kind=Question.Kind.SINGLE, required=True).first()
    tag = fieldset_tag(html, f"q{single.id}")
    assert 'role="radiogroup"' in tag and 'aria-required="true"' in tag
    assert f'aria-labelledby="q{single.id}-legend"' in tag
    assert f'<legend id="q{single.id}-legend">' in html
    radios = re.findall(rf'<input type="radio" id="q{single.id}_[^"]+" name="q{single.id}"[^>]*>', html)
    assert radios and all(" required" in r for r in radios)
    for tag in re.findall(r"<fieldset [^>]*>", html):  # never on a role that does not support it
        assert 'role="radiogroup"' in tag or "aria-required" not in tag


def test_failed_submit_ties_errors_to_the_group_and_focuses_the_summary(client, channel, survey):
    single = survey.questions.filter(kind=Question.Kind.SINGLE, required=True).first()
    data = valid_answers(survey) | {f"q{single.id}": "", "form_token": form_token(open_form(client, channel))}
    html = client.post(f"/s/{channel.code}/", data).content.decode()
    tag = fieldset_tag(html, f"q{single.id}")
    assert re.search(rf'aria-describedby="[^"]*q{single.id}-error"', tag) and 'aria-invalid="true"' in tag
    assert f'id="q{single.id}-error"' in html
    summary = re.search(r'<div class="sv-summary"[^>]*id="sv-errors"[^>]*>', html).group(0)
    assert 'tabindex="-1"' in summary and "autofocus" in summary
    assert f'href="#q{single.id}"' in html
