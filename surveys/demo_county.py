"""The demo county in the middle of its campaign: seeded responses over townships,
channels and the weeks so far, with the scans and opened forms behind them (surveys.demo
calls it once per campaign)."""

from __future__ import annotations

import datetime
import math
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone

from campaigns.models import SMALL_OR_MICRO, Campaign, Channel, Enterprise, Scan, Township, TownshipTarget
from campaigns.targets import sample_size
from campaigns.uscc import make_uscc

from .definition import build_definition
from .models import Answer, AnswerChoice, FormToken, Question, Response, Survey

TOKEN_PREFIX = "demo-"  # noqa: S105 - marks generated rows, not a secret
SHANGHAI = ZoneInfo("Asia/Shanghai")


def generate_responses(survey: Survey, campaign: Campaign, channels: list[Channel], seed: int,
                       late: set[int] | None = None) -> int:
    """Bulk-insert a live, mid-campaign county (deterministic for a seed and a day): per
    township an awareness level between 40% and 78%, responses that reach a share of the
    target with a recent pace putting some townships on track and others at risk, some
    medium firms and unregistered codes among them, and the funnel behind them (scans,
    opened forms, forms sent with errors) consistent with the stored answers. Options
    are picked by their is_correct flag, whatever their order or number. `late`: the
    townships to make late (instead of a random share; the same draws either way)."""
    rng = random.Random(seed)
    definition = build_definition(survey)
    by_township: dict[int, list[Channel]] = {}
    for channel in channels:
        by_township.setdefault(channel.township_id, []).append(channel)
    township_ids = sorted(by_township)
    now = timezone.now()
    clock = DemoClock(campaign, timezone.localdate(), now)
    registry = _registry(township_ids)
    used: set[str] = set(Response.objects.filter(survey=survey).values_list("uscc", flat=True))
    levels = [AWARENESS_RANGE[0] + (AWARENESS_RANGE[1] - AWARENESS_RANGE[0]) * i / max(1, len(township_ids) - 1)
              for i in range(len(township_ids))]
    rng.shuffle(levels)
    ease = {q.id: rng.uniform(0.4, 1.6) for q in definition.knowledge_questions}  # some facts are less known
    people: list[Respondent] = []
    for t, awareness in zip(township_ids, levels, strict=True):
        people += _township_respondents(rng, t, awareness, registry[t], used, clock, campaign, late)
    rng.shuffle(people)
    prefix = f"{TOKEN_PREFIX}{seed}-c{campaign.pk}-"
    responses, tokens, plans = [], [], []
    for i, person in enumerate(people):
        channel = _pick_channel(rng, by_township[person.township_id])
        picks = _answer_sheet(rng, definition, person.aware, ease)
        score = sum(1 for o in picks.values() if o.is_correct)
        token = f"{prefix}{i:05d}"
        started = person.moment - datetime.timedelta(minutes=rng.randint(2, 9))
        # Some sent the form with a gap or a mistyped code first, then corrected it.
        first_sent = started + datetime.timedelta(minutes=1) if rng.random() < 0.15 else person.moment
        responses.append(Response(
            survey=survey, channel=channel, township_id=person.township_id, enterprise_id=person.enterprise_id,
            uscc=person.uscc, enterprise_name=person.name, score=score, max_score=definition.max_score,
            passed=score >= definition.pass_mark, insured=_insured_answer(rng, person.insured),
            form_token=token, started_at=started, submitted_at=person.moment,
        ))
        tokens.append(FormToken(token=token, survey=survey, channel=channel, issued_at=started,
                                used_at=person.moment, first_submitted_at=first_sent))
        plans.append((picks, responses[-1].insured, rng.randint(1, 60)))
    tokens += _abandoned_forms(rng, survey, channels, responses, clock, prefix)
    Response.objects.bulk_create(responses, batch_size=500)
    FormToken.objects.bulk_create(tokens, batch_size=1000)
    Scan.objects.bulk_create(_scans(rng, channels, tokens, clock), batch_size=1000)
    _store_answers(survey, definition, responses, plans, prefix)
    return len(responses)


AWARENESS_RANGE = (0.40, 0.78)
# Shares of the township's target answered so far: late townships and the rest.
LATE_SHARE, ON_TRACK_SHARE = (0.15, 0.35), (0.40, 0.75)
LATE_TOWNSHIPS = 0.3
# Channels people answer through, and the funnel: opened ÷ scanned, stored ÷ opened.
KIND_WEIGHTS = {
    Channel.Kind.POSTER: 25, Channel.Kind.SERVICE_HALL: 18, Channel.Kind.TOWNSHIP_OFFICE: 14,
    Channel.Kind.WECHAT: 22, Channel.Kind.VISIT: 11, Channel.Kind.BROADCAST: 5, Channel.Kind.OTHER: 5,
}
OPEN_SHARE, COMPLETION = (0.86, 0.97), (0.40, 0.70)
RECENT_DAYS = 14  # as reports.statistics.RECENT_DAYS (surveys does not import reports)


@dataclass
class Respondent:
    township_id: int
    enterprise_id: int | None
    uscc: str
    name: str
    insured: bool | None
    aware: bool
    moment: datetime.datetime = None


@dataclass
class DemoClock:
    """Moments of the campaign so far: answers come in during the day, a little more
    often as the weeks go by; "recent" is the window the projection reads."""

    campaign: Campaign
    today: datetime.date
    now: datetime.datetime

    @property
    def recent_start(self) -> datetime.date:
        return self.today - datetime.timedelta(days=RECENT_DAYS - 1)

    @property
    def days_left(self) -> int:
        return max(1, (self.campaign.deadline - self.today).days)

    def _at(self, rng: random.Random, day: datetime.date) -> datetime.datetime:
        moment = datetime.datetime.combine(day, datetime.time(8), SHANGHAI) + datetime.timedelta(
            seconds=rng.randint(0, 13 * 3600))
        return min(moment, self.now - datetime.timedelta(minutes=rng.randint(10, 600)))

    def earlier(self, rng: random.Random) -> datetime.datetime:
        """Before the recent window, since the campaign began."""
        span = max(1, (self.recent_start - self.campaign.starts_on).days)
        return self._at(rng, self.campaign.starts_on + datetime.timedelta(days=int(span * rng.random() ** 0.8)))

    def recent(self, rng: random.Random) -> datetime.datetime:
        """In the recent window, before today."""
        return self._at(rng, self.recent_start + datetime.timedelta(days=rng.randrange(RECENT_DAYS - 1)))

    def any(self, rng: random.Random) -> datetime.datetime:
        span = max(1, (self.today - self.campaign.starts_on).days)
        return self._at(rng, self.campaign.starts_on + datetime.timedelta(days=int(span * rng.random() ** 0.8)))


def _registry(township_ids: list[int]) -> dict[int, dict]:
    """Per township: its registered small/micro firms (all, as the reports count them),
    those fit to answer (code not under review) and the other registered firms."""
    counties = Township.objects.filter(pk__in=township_ids).values_list("pk", "county__code", "county__name")
    out = {t: {"population": 0, "small": [], "other": [], "county": (code[:6], name)} for t, code, name in counties}
    rows = (Enterprise.objects.filter(township_id__in=township_ids).order_by("id")
            .values_list("township_id", "id", "uscc", "name", "size_class", "insured", "uscc_needs_review"))
    for township_id, pk, uscc, name, size, insured, review in rows:
        small = size in SMALL_OR_MICRO
        out[township_id]["population"] += small
        if not review:
            out[township_id]["small" if small else "other"].append((pk, uscc, name, insured))
    return out


def _township_respondents(rng, township_id, awareness, firms, used, clock: DemoClock, campaign, late_ones) -> list:
    """Registered small/micro respondents reaching a share of the target (late townships
    a small share at a slow recent pace), awareness as given; plus answers from outside
    the population (medium and large firms, codes not in the registry)."""
    target = _target(campaign, township_id, firms["population"])
    late = rng.random() < LATE_TOWNSHIPS
    late = late if late_ones is None else township_id in late_ones
    share = rng.uniform(*(LATE_SHARE if late else ON_TRACK_SHARE))
    small = [f for f in firms["small"] if f[1] not in used]
    rng.shuffle(small)
    n = min(len(small), round(target * share))
    # The pace of the last two weeks that would just reach the target by the deadline.
    needed = max(0.0, (target - n) * RECENT_DAYS / clock.days_left)
    pace = needed * (rng.uniform(0.15, 0.5) if late else rng.uniform(1.4, 2.4))
    recent_share = min(0.6, pace / n) if n else 0.0
    aware = [i < round(n * awareness) for i in range(n)]
    rng.shuffle(aware)
    people = [Respondent(township_id, pk, uscc, name, insured, known)
              for (pk, uscc, name, insured), known in zip(small[:n], aware, strict=True)]
    others = [f for f in firms["other"] if f[1] not in used]
    rng.shuffle(others)
    for pk, uscc, name, insured in others[:round(n * rng.uniform(0.04, 0.1))]:
        people.append(Respondent(township_id, pk, uscc, name, insured, rng.random() < awareness))
    county, county_name = firms["county"]
    for _ in range(round(n * rng.uniform(0.04, 0.1))):
        uscc = make_uscc(("92" if rng.random() < 0.5 else "91") + county, f"{rng.randrange(10**7, 10**8)}")
        people.append(Respondent(township_id, None, uscc, f"{county_name}{rng.choice(SHOP_WORDS)}{rng.choice(SHOP_KINDS)}",
                                 None, rng.random() < awareness))
    kept = []
    for person in people:
        if person.uscc in used:
            continue
        used.add(person.uscc)
        person.moment = clock.recent(rng) if rng.random() < recent_share else clock.earlier(rng)
        kept.append(person)
    return kept


SHOP_WORDS = ["老街", "江畔", "秋浦", "兴隆", "福源", "便民", "惠民", "顺发", "聚鑫", "好运来"]
SHOP_KINDS = ["便利店", "餐馆", "五金店", "汽修部", "农资店", "理发店", "建材商行", "服装店"]


def _target(campaign: Campaign, township_id: int, population: int) -> int:
    set_target = (TownshipTarget.objects.filter(campaign=campaign, township_id=township_id)
                  .values_list("target_responses", flat=True).first())
    return set_target or sample_size(population)


def _pick_channel(rng: random.Random, channels: list[Channel]) -> Channel:
    return rng.choices(channels, [KIND_WEIGHTS.get(c.kind, 5) for c in channels])[0]


def _answer_sheet(rng: random.Random, definition, aware: bool, ease: dict[int, float]) -> dict:
    """Which option each knowledge question gets: an aware respondent scores at least
    the pass mark, the others below it; easier facts are the ones more often right."""
    questions = definition.knowledge_questions
    top, mark = len(questions), min(definition.pass_mark, len(questions))
    score = rng.randint(mark, top) if aware else rng.randint(max(0, mark - 6), max(0, mark - 1))
    order = sorted(questions, key=lambda q: rng.random() ** (1 / ease[q.id]), reverse=True)
    right = {q.id for q in order[:score]}
    picks = {}
    for q in questions:
        pool = [o for o in q.options if o.is_correct == (q.id in right)] or list(q.options)
        picks[q.id] = rng.choice(pool)
    return picks


def _insured_answer(rng: random.Random, insured: bool | None) -> str:
    """What the firm says, mostly as the registry has it."""
    roll = rng.random()
    if insured:
        return "yes" if roll < 0.85 else "unsure"
    if insured is None:
        return "yes" if roll < 0.3 else ("no" if roll < 0.75 else "unsure")
    return "no" if roll < 0.65 else ("unsure" if roll < 0.88 else "yes")


def _abandoned_forms(rng, survey, channels, responses, clock: DemoClock, prefix: str) -> list[FormToken]:
    """Forms opened and never stored: per channel, enough for a completion rate between
    40% and 70%; some of them were sent with errors and given up."""
    stored: dict[int, int] = {}
    for response in responses:
        stored[response.channel.pk] = stored.get(response.channel.pk, 0) + 1
    tokens, n = [], 0
    for channel in channels:
        done = stored.get(channel.pk, 0)
        opens = math.ceil(done / rng.uniform(*COMPLETION)) if done else rng.randint(0, 2)
        for _ in range(opens - done):
            issued = clock.any(rng)
            sent = issued + datetime.timedelta(minutes=rng.randint(2, 8)) if rng.random() < 0.15 else None
            tokens.append(FormToken(token=f"{prefix}o{n:05d}", survey=survey, channel=channel, issued_at=issued,
                                    first_submitted_at=sent))
            n += 1
    return tokens


def _scans(rng, channels, tokens: list[FormToken], clock: DemoClock) -> list[Scan]:
    """A scan a few seconds before each opened form, and scans that opened none."""
    scans = [Scan(channel_id=t.channel.pk, scanned_at=t.issued_at - datetime.timedelta(seconds=rng.randint(2, 20)))
             for t in tokens]
    opens: dict[int, int] = {}
    for t in tokens:
        opens[t.channel.pk] = opens.get(t.channel.pk, 0) + 1
    for channel in channels:
        extra = round(opens.get(channel.pk, 0) * (1 / rng.uniform(*OPEN_SHARE) - 1)) + rng.randint(0, 2)
        scans += [Scan(channel_id=channel.pk, scanned_at=clock.any(rng)) for _ in range(extra)]
    return scans


def _store_answers(survey, definition, responses, plans, prefix: str) -> None:
    questions = {q.id: q for q in Question.objects.filter(survey=survey)}
    saved = dict(Response.objects.filter(form_token__startswith=prefix).values_list("form_token", "id"))
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


def _answer_ids(answers: list[Answer]) -> list[int]:
    if all(a.pk for a in answers):
        return [a.pk for a in answers]
    lookup = dict(
        ((r, q), pk) for pk, r, q in Answer.objects.filter(response_id__in={a.response_id for a in answers})
        .values_list("id", "response_id", "question_id")
    )
    return [lookup[(a.response_id, a.question_id)] for a in answers]
