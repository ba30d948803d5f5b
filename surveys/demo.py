"""Demo data for surveys: the awareness survey on the 2024 campaign and ~2,500 seeded
responses over townships, channels and the campaign's weeks."""

from __future__ import annotations

import datetime
import random
from zoneinfo import ZoneInfo

from campaigns.models import Campaign, Channel, Enterprise
from campaigns.uscc import make_uscc

from .awareness import AWARENESS_TITLE, build_awareness_survey
from .definition import build_definition
from .models import Answer, AnswerChoice, Question, Response, Survey

DEMO_RESPONSES = 2500
TOKEN_PREFIX = "demo-"  # noqa: S105 - marks generated rows, not a secret
SHANGHAI = ZoneInfo("Asia/Shanghai")


def load(stdout, seed: int) -> None:
    campaign = Campaign.objects.filter(name__contains="2024").order_by("starts_on").first()
    survey = Survey.objects.filter(title=AWARENESS_TITLE, previous_version__isnull=True).first()
    if survey is None:
        survey = build_awareness_survey()
        stdout.write(f"surveys: created the awareness survey ({survey.questions.count()} questions)")
    link_policy_pages(survey)
    if campaign is None:
        stdout.write("surveys: no 2024 campaign yet, responses skipped")
        return
    if campaign.survey_id is None:
        campaign.survey = survey
        campaign.save(update_fields=["survey"])
    survey = campaign.survey
    # Township channels only: county-wide ones (website, SMS) have no township to spread answers over.
    channels = list(Channel.objects.filter(campaign=campaign, township__isnull=False).select_related("township")
                    .order_by("id"))
    if not channels:
        stdout.write("surveys: the campaign has no channels yet, responses skipped")
        return
    if Response.objects.filter(survey=survey, form_token__startswith=TOKEN_PREFIX).exists():
        stdout.write("surveys: demo responses already present")
        return
    count = generate_responses(survey, campaign, channels, DEMO_RESPONSES, seed)
    stdout.write(f"surveys: {count} demo responses")


# Which demo policy article (cms.demo, by slug) explains each fact.
FACT_ARTICLES = {
    "F01": "who-must-insure", "F02": "contribution-rates", "F03": "contribution-rates", "F04": "who-must-insure",
    "F05": "what-injury-insurance-covers", "F06": "what-injury-insurance-covers", "F07": "injury-determination",
    "F08": "injury-determination", "F09": "injury-determination", "F10": "injury-determination",
    "F11": "what-injury-insurance-covers", "F12": "what-injury-insurance-covers", "F13": "how-to-register",
    "F14": "contribution-rates", "F15": "what-injury-insurance-covers",
}


def link_policy_pages(survey: Survey) -> None:
    """Point knowledge questions at the demo policy articles, where those exist."""
    from wagtail.models import Page

    pages = {p.slug: p for p in Page.objects.filter(slug__in=set(FACT_ARTICLES.values()), live=True)}
    changed = False
    for question in Question.objects.filter(survey=survey, policy_page__isnull=True).exclude(fact_code=""):
        page = pages.get(FACT_ARTICLES.get(question.fact_code, ""))
        if page is not None:
            question.policy_page = page
            question.save(update_fields=["policy_page"])
            changed = True
    if changed:
        survey.save(update_fields=["updated_at"])


def generate_responses(survey: Survey, campaign: Campaign, channels: list[Channel], n: int, seed: int) -> int:
    """Bulk-insert n plausible responses (deterministic for a seed)."""
    rng = random.Random(seed)
    definition = build_definition(survey)
    questions = {q.id: q for q in Question.objects.filter(survey=survey)}
    by_township: dict[int, list[Channel]] = {}
    for channel in channels:
        by_township.setdefault(channel.township_id, []).append(channel)
    township_ids = sorted(by_township)
    weights = [rng.uniform(0.4, 1.6) for _ in township_ids]
    skill = {t: rng.uniform(0.45, 0.85) for t in township_ids}
    coverage = {t: rng.uniform(0.3, 0.75) for t in township_ids}
    firms: dict[int, list[tuple[int, str, str]]] = {t: [] for t in township_ids}
    for row in Enterprise.objects.filter(township_id__in=township_ids, uscc_needs_review=False).order_by("id").values_list(
        "township_id", "id", "uscc", "name"
    ):
        firms[row[0]].append(row[1:])
    for t in township_ids:
        rng.shuffle(firms[t])

    start = datetime.datetime.combine(campaign.starts_on, datetime.time(8), SHANGHAI)
    end_day = min(campaign.ends_on, campaign.deadline or campaign.ends_on)
    span = max(1, (end_day - campaign.starts_on).days) * 86400
    used: set[str] = set(Response.objects.filter(survey=survey).values_list("uscc", flat=True))
    responses, plans = [], []
    for i in range(n):
        t = rng.choices(township_ids, weights)[0]
        channel = rng.choice(by_township[t])
        enterprise_id, uscc, name = None, "", ""
        while firms[t]:
            enterprise_id, uscc, name = firms[t].pop()
            if uscc not in used:
                break
            enterprise_id = None
        if enterprise_id is None:
            uscc = make_uscc("91341721", f"{rng.randrange(10**7, 10**8)}")
            name = f"东至县演示企业{i + 1:04d}有限公司"
            if uscc in used:
                continue
        used.add(uscc)
        # Later weeks collect more answers (reminders, the deadline drawing near).
        moment = start + datetime.timedelta(seconds=int(span * (rng.random() ** 0.7)))
        picks = {}
        for q in definition.knowledge_questions:
            right = rng.random() < skill[t]
            pool = [o for o in q.options if o.is_correct == right] or list(q.options)
            picks[q.id] = rng.choice(pool)
        score = sum(1 for o in picks.values() if o.is_correct)
        roll = rng.random()
        insured = "yes" if roll < coverage[t] else ("no" if roll < coverage[t] + 0.2 else "unsure")
        responses.append(Response(
            survey=survey, channel=channel, township_id=t, enterprise_id=enterprise_id, uscc=uscc,
            enterprise_name=name, score=score, max_score=definition.max_score, passed=score >= definition.pass_mark,
            insured=insured, form_token=f"{TOKEN_PREFIX}{seed}-{i:05d}", started_at=moment - datetime.timedelta(minutes=3),
            submitted_at=moment,
        ))
        plans.append((picks, insured, rng.randint(1, 60)))
    Response.objects.bulk_create(responses, batch_size=500)
    saved = dict(Response.objects.filter(form_token__startswith=f"{TOKEN_PREFIX}{seed}-").values_list("form_token", "id"))
    answers, answer_options = [], []
    for response, (picks, insured, employees) in zip(responses, plans, strict=True):
        rid = saved[response.form_token]
        for q in definition.questions:
            if q.is_knowledge:
                option = picks[q.id]
                answers.append(Answer(response_id=rid, question=questions[q.id], township_id=response.township_id,
                                      is_correct=option.is_correct))
                answer_options.append(option.id)
            elif q.kind == Question.Kind.YES_NO:
                answers.append(Answer(response_id=rid, question=questions[q.id], township_id=response.township_id,
                                      text_value=insured))
                answer_options.append(None)
            elif q.kind == Question.Kind.NUMBER:
                answers.append(Answer(response_id=rid, question=questions[q.id], township_id=response.township_id,
                                      number_value=employees))
                answer_options.append(None)
    Answer.objects.bulk_create(answers, batch_size=2000)
    ids = _answer_ids(answers)
    AnswerChoice.objects.bulk_create(
        (AnswerChoice(answer_id=aid, option_id=oid) for aid, oid in zip(ids, answer_options, strict=True) if oid),
        batch_size=2000,
    )
    return len(responses)


def _answer_ids(answers: list[Answer]) -> list[int]:
    if all(a.pk for a in answers):
        return [a.pk for a in answers]
    lookup = dict(
        ((r, q), pk) for pk, r, q in Answer.objects.filter(response_id__in={a.response_id for a in answers})
        .values_list("id", "response_id", "question_id")
    )
    return [lookup[(a.response_id, a.question_id)] for a in answers]
