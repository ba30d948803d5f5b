"""The surveys demo step: the awareness survey, seeded responses, idempotent."""

import io

from campaigns.models import Channel, Enterprise
from campaigns.uscc import make_uscc
from surveys import demo
from surveys.models import Answer, AnswerChoice, Question, Response, Survey


def test_without_a_campaign_only_the_survey_is_created(townships):
    out = io.StringIO()
    demo.load(out, 2024)
    survey = Survey.objects.get()
    assert survey.questions.filter(role=Question.Role.KNOWLEDGE).count() == 15
    assert survey.questions.filter(role=Question.Role.COVERAGE, kind=Question.Kind.YES_NO).count() == 1
    assert survey.pass_mark == 9 and "skipped" in out.getvalue()


def test_responses_are_seeded_linked_and_idempotent(campaign, townships, monkeypatch):
    for name in ("尧渡镇", "东流镇"):
        Channel.objects.create(campaign=campaign, township=townships[name], kind=Channel.Kind.POSTER)
    firm = Enterprise.objects.create(name="东至县演示一号有限公司", uscc=make_uscc("91341721", "12345678"),
                                     township=townships["尧渡镇"])
    monkeypatch.setattr(demo, "DEMO_RESPONSES", 80)
    demo.load(io.StringIO(), 7)
    assert Response.objects.count() == 80
    assert Response.objects.filter(enterprise=firm, township=firm.township).count() == 1
    assert Answer.objects.count() == 80 * 17 and AnswerChoice.objects.count() == 80 * 15
    first = sorted(Response.objects.values_list("uscc", "score", "insured", "township__name"))
    demo.load(io.StringIO(), 7)
    assert sorted(Response.objects.values_list("uscc", "score", "insured", "township__name")) == first
    for r in Response.objects.all()[:20]:
        correct = Answer.objects.filter(response=r, is_correct=True).count()
        assert (r.score, r.max_score, r.passed) == (correct, 15, correct >= 9)
