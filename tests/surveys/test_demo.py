"""The surveys demo step: the awareness survey, seeded responses of a county in the middle
of its campaign with the funnel behind them, idempotent."""

import io

import pytest

from django.utils import timezone

from campaigns.demo import campaign_fields
from campaigns.models import Campaign, Channel, Enterprise, Scan, SizeClass
from campaigns.uscc import make_uscc
from surveys import demo
from surveys.models import Answer, AnswerChoice, FormToken, Option, Question, Response, Survey


def test_without_a_campaign_only_the_survey_is_created(townships):
    out = io.StringIO()
    demo.load(out, 2024)
    survey = Survey.objects.get()
    assert survey.questions.filter(role=Question.Role.KNOWLEDGE).count() == 15
    assert survey.questions.filter(role=Question.Role.COVERAGE, kind=Question.Kind.YES_NO).count() == 1
    assert survey.pass_mark == 9 and "skipped" in out.getvalue()


@pytest.fixture
def county(townships):
    """The demo campaign with channels and 60 small firms (plus a medium one) in two townships."""
    fields = campaign_fields(timezone.localdate())
    campaign = Campaign.objects.create(**fields)
    firms = []
    for t, name in enumerate(("尧渡镇", "东流镇")):
        for kind in (Channel.Kind.POSTER, Channel.Kind.WECHAT):
            Channel.objects.create(campaign=campaign, township=townships[name], kind=kind)
        firms += [Enterprise(name=f"东至县演示{t}{i:02d}有限公司", uscc=make_uscc("91341721", f"{t}{i:07d}"),
                             township=townships[name], size_class=SizeClass.SMALL) for i in range(60)]
        firms += [Enterprise(name=f"东至县中型{t}有限公司", uscc=make_uscc("91341721", f"{t}9{i:06d}"),
                             township=townships[name], size_class=SizeClass.MEDIUM) for i in range(20)]
    Enterprise.objects.bulk_create(firms)
    return campaign


def rows():
    return sorted(Response.objects.values_list("uscc", "score", "insured", "township__name", "submitted_at"))


def test_responses_are_seeded_linked_consistent_and_idempotent(county):
    survey = demo.build_awareness_survey()
    # Whatever the order of the options, answers are picked by their is_correct flag.
    for question in survey.questions.filter(role=Question.Role.KNOWLEDGE):
        options = list(question.options.order_by("position"))
        for position, option in enumerate(reversed(options)):
            Option.objects.filter(pk=option.pk).update(position=position)
    demo.load(io.StringIO(), 7)
    county.refresh_from_db()
    assert county.survey_id == survey.pk
    responses = Response.objects.all()
    n = responses.count()
    assert 30 <= n <= 120
    assert responses.filter(enterprise__size_class=SizeClass.SMALL).count() > 0.7 * n
    assert responses.filter(enterprise__isnull=True).exists()  # codes not in the registry
    assert not responses.filter(submitted_at__gt=timezone.now()).exists()
    for r in responses[:20]:
        correct = Answer.objects.filter(response=r, is_correct=True).count()
        assert (r.score, r.max_score, r.passed) == (correct, 15, correct >= 9)
    chosen = AnswerChoice.objects.select_related("answer", "option")
    assert chosen.count() == n * 15
    assert all(c.answer.is_correct == c.option.is_correct for c in chosen)
    assert 0.3 < responses.filter(passed=True).count() / n < 0.9
    # The funnel behind the answers: every response has its spent token, more forms were
    # opened than stored, and more scans than opened forms.
    tokens = FormToken.objects.filter(channel__campaign=county)
    assert tokens.filter(used_at__isnull=False).count() == n
    assert set(tokens.filter(used_at__isnull=False).values_list("token", flat=True)) == set(
        responses.values_list("form_token", flat=True))
    assert tokens.filter(first_submitted_at__isnull=False).count() >= n
    assert Scan.objects.count() >= tokens.count() > n

    first = (rows(), FormToken.objects.count(), Scan.objects.count())
    demo.load(io.StringIO(), 7)
    assert (rows(), FormToken.objects.count(), Scan.objects.count()) == first
