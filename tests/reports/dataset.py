"""A small hand-built dataset whose every figure is worked out by hand in
tests/reports/test_rollup.py. Built with the ORM, following the documented semantics of
Response/Answer (score = knowledge questions correct, passed = score >= pass_mark)."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from wagtail.models import Page

from campaigns.models import Campaign, Channel, Enterprise, Scan, SizeClass, Township, TownshipTarget
from surveys.models import Answer, AnswerChoice, FormToken, Option, Question, Response, Survey

TODAY = datetime.date(2026, 6, 10)  # the "as of" date of every figure
DEADLINE = datetime.date(2026, 6, 30)  # 20 days left
TEXT_ANSWER = "=HYPERLINK(\"http://evil.example\",\"点我\")"


@dataclass
class Dataset:
    campaign: Campaign
    survey: Survey
    questions: list  # Q1, Q2, Q3 (knowledge), coverage, text
    towns: dict  # "A" 尧渡镇, "B" 东流镇, "C" 胜利镇, "D" 香隅镇
    channels: dict = field(default_factory=dict)
    enterprises: dict = field(default_factory=dict)
    policy_page: Page | None = None


def _at(day: str) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(day + "T12:00:00"))


def _firm(ds, key, town, size, insured, section="C"):
    # bulk_create stores the size class as given (save() would classify from the indicators).
    [ent] = Enterprise.objects.bulk_create([Enterprise(
        name=f"测试企业{key}", uscc=f"91341721TEST{len(ds.enterprises):05d}X"[:18], township=ds.towns[town],
        size_class=size, insured=insured, industry_section=section, contact_phone="13800000000",
    )])
    ds.enterprises[key] = ent
    return ent


def _response(ds, n, town, correct, insured, day, channel=None, firm=None, status="current", text=""):
    q1, q2, q3, coverage, text_q = ds.questions
    score = len(correct)
    ent = ds.enterprises.get(firm) if firm else None
    resp = Response.objects.create(
        survey=ds.survey, township=ds.towns[town], channel=ds.channels.get(channel), enterprise=ent,
        uscc=ent.uscc if ent else f"92341721NOREG{n:05d}"[:18], enterprise_name=ent.name if ent else "个体户",
        score=score, max_score=3, passed=score >= ds.survey.pass_mark, insured=insured, status=status,
        form_token=f"tok-{n}", submitted_at=_at(day), started_at=_at(day),
    )
    for idx, q in enumerate((q1, q2, q3), start=1):
        ok = idx in correct
        ans = Answer.objects.create(response=resp, question=q, township=resp.township, is_correct=ok)
        AnswerChoice.objects.create(answer=ans, option=q.options.get(is_correct=ok))
    if insured:
        ans = Answer.objects.create(response=resp, question=coverage, township=resp.township)
        AnswerChoice.objects.create(answer=ans, option=coverage.options.get(label=dict(Response.Insured.choices)[insured]))
    if text:
        Answer.objects.create(response=resp, question=text_q, township=resp.township, text_value=text)
    return resp


def build(townships: dict) -> Dataset:
    survey = Survey.objects.create(title="工伤保险政策知晓度调查（测试）", pass_mark=2)
    policy = Page.objects.filter(depth=2).first()
    questions = []
    for pos, (text, role, kind) in enumerate([
        ("职工个人是否需要缴纳工伤保险费？", Question.Role.KNOWLEDGE, Question.Kind.SINGLE),
        ("有雇工的个体工商户是否应当参保？", Question.Role.KNOWLEDGE, Question.Kind.SINGLE),
        ("工伤保险费如何计算？", Question.Role.KNOWLEDGE, Question.Kind.SINGLE),
        ("贵单位是否已参加工伤保险？", Question.Role.COVERAGE, Question.Kind.YES_NO),
        ("您还想了解什么？", Question.Role.GENERAL, Question.Kind.SHORT_TEXT),
    ], start=1):
        q = Question.objects.create(survey=survey, position=pos, text=text, role=role, kind=kind,
                                    fact_code=f"F0{pos}" if role == Question.Role.KNOWLEDGE else "",
                                    policy_page=policy if pos == 3 else None)
        if role == Question.Role.KNOWLEDGE:
            Option.objects.create(question=q, position=1, label="正确选项", is_correct=True)
            Option.objects.create(question=q, position=2, label="错误选项", is_correct=False)
        elif role == Question.Role.COVERAGE:
            for i, (_, label) in enumerate(Response.Insured.choices):
                Option.objects.create(question=q, position=i, label=label)
        questions.append(q)
    campaign = Campaign.objects.create(name="2026年小微企业参保扩面行动（测试）", starts_on=datetime.date(2026, 3, 1),
                                       ends_on=DEADLINE, deadline=DEADLINE, survey=survey)
    towns = {"A": townships["尧渡镇"], "B": townships["东流镇"], "C": townships["胜利镇"], "D": townships["香隅镇"]}
    ds = Dataset(campaign=campaign, survey=survey, questions=questions, towns=towns, policy_page=policy)
    TownshipTarget.objects.create(campaign=campaign, township=towns["A"], target_responses=5)
    TownshipTarget.objects.create(campaign=campaign, township=towns["C"], target_responses=3)
    for key, town, kind in [("A-poster", "A", "poster"), ("A-wechat", "A", "wechat"), ("B-poster", "B", "poster"),
                            ("C-hall", "C", "service_hall"), ("D-poster", "D", "poster")]:
        ds.channels[key] = Channel.objects.create(campaign=campaign, township=towns[town], kind=kind, label=key)
    # Scans: A poster 4 + A wechat 2 = 6, C 1, D 2, B 0 (county 9).
    for key, count in [("A-poster", 4), ("A-wechat", 2), ("C-hall", 1), ("D-poster", 2)]:
        Scan.objects.bulk_create([Scan(channel=ds.channels[key]) for _ in range(count)])
    # Forms opened on A's poster: 5 tokens.
    FormToken.objects.bulk_create([FormToken(token=f"ft-{i}", survey=survey, channel=ds.channels["A-poster"]) for i in range(5)])
    # Firms. A: 10 small/micro (4 uninsured) + 1 medium (not counted); B: 2 (1 uninsured);
    # C: 3 (all uninsured); D: 5 (all uninsured). County: 20 firms, 13 uninsured.
    for i in range(10):
        _firm(ds, f"A{i + 1}", "A", SizeClass.SMALL if i % 2 == 0 else SizeClass.MICRO, insured=i >= 4,
              section="F" if i == 1 else "C")
    _firm(ds, "A-medium", "A", SizeClass.MEDIUM, insured=False)
    _firm(ds, "B1", "B", SizeClass.SMALL, insured=False)
    _firm(ds, "B2", "B", SizeClass.MICRO, insured=True)
    for i in range(3):
        _firm(ds, f"C{i + 1}", "C", SizeClass.MICRO, insured=False)
    for i in range(5):
        _firm(ds, f"D{i + 1}", "D", SizeClass.SMALL, insured=False)
    # A: four current responses and one replaced one (which must not count).
    _response(ds, 1, "A", {1, 2, 3}, "yes", "2026-06-08", "A-poster", "A1")
    _response(ds, 2, "A", {1, 2}, "yes", "2026-06-01", "A-wechat", "A2", text=TEXT_ANSWER)
    _response(ds, 3, "A", {1}, "no", "2026-05-20", "A-poster", "A3", text="+86 电话联系")
    _response(ds, 4, "A", set(), "unsure", "2026-05-10", None, "A4", text="-减少手续 @办事处")
    _response(ds, 5, "A", {1, 2, 3}, "yes", "2026-05-05", "A-poster", "A3", status="replaced")
    # A: two answers from outside the population, counted apart and never in the rates:
    # an unregistered USCC (all correct, recent) and the medium-sized firm (all wrong).
    _response(ds, 10, "A", {1, 2, 3}, "yes", "2026-06-09", "A-poster", None)
    _response(ds, 11, "A", set(), "no", "2026-06-02", "A-wechat", "A-medium")
    # B: a single response, passed.
    _response(ds, 6, "B", {1, 2, 3}, "yes", "2026-06-05", "B-poster", "B1")
    # C: everyone passes (scores 3, 3, 2), all long ago.
    _response(ds, 7, "C", {1, 2, 3}, "no", "2026-05-01", "C-hall", "C1")
    _response(ds, 8, "C", {1, 2, 3}, "no", "2026-05-02", "C-hall", "C2")
    _response(ds, 9, "C", {1, 2}, "no", "2026-05-03", "C-hall", "C3")
    return ds


def add_response_to(ds: Dataset, town: str, n: int = 100) -> Response:
    """A late response (after a sign-off) of a registered small/micro firm that had not
    answered yet: it changes the township's figures."""
    answered = set(Response.objects.filter(enterprise__isnull=False).values_list("enterprise_id", flat=True))
    firm = next(key for key, ent in ds.enterprises.items()
                if ent.township == ds.towns[town] and ent.size_class in ("small", "micro") and ent.pk not in answered)
    return _response(ds, n, town, set(), "no", "2026-06-09", None, firm)


__all__ = ["Dataset", "build", "add_response_to", "TODAY", "DEADLINE", "TEXT_ANSWER", "Township"]
