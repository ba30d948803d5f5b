"""An independent check of every dashboard figure (issue 10).

A few hundred respondents, generated with a fixed seed (registry firms of every size in
several townships, unregistered and other-county USCCs, firms answering through another
township's poster or the county-wide website), are submitted through the real HTTP flow.
The figures are then recomputed from what was sent, with pandas and the Wilson interval
from statsmodels (alpha chosen so its z equals 1.96·√f, f the finite-population factor),
and compared to the dashboard's to 1e-9.

Covered: a township with no answers (n = 0), one where every answer is right, a census
(every firm answered), more answers than firms (duplicates refused, strangers apart), a
township without firms, and N = 1."""

import datetime
import math
import random

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm
from statsmodels.stats.proportion import proportion_confint

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign, Channel, Enterprise, Scan, SizeClass, TownshipTarget
from campaigns.uscc import make_uscc
from surveys.awareness import build_awareness_survey
from surveys.definition import build_definition
from surveys.models import Question, Response

from ..surveys.conftest import form_token

pytestmark = pytest.mark.django_db
SEED = 20_261_010
Z = 1.96
N0 = Z**2 * 0.25 / 0.05**2
RECENT_DAYS, DAYS_LEFT = 14, 30
PHONE = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Mobile Safari/537.36"

# township → (small/micro firms, other-sized firms, share of small/micro firms answering,
#             chance of each knowledge answer being right, unregistered answers)
PLAN = {
    "尧渡镇": (160, 15, 0.6, 0.6, 40),  # the busy one; its target is set by hand
    "东流镇": (40, 4, 1.0, 0.7, 5),  # census: every firm answers
    "胜利镇": (1, 0, 1.0, 0.5, 0),  # N = 1
    "香隅镇": (15, 3, 0.0, 0.5, 4),  # n = 0: only strangers answer
    "木塔乡": (0, 0, 0.0, 0.5, 6),  # no firms at all
    "葛公镇": (40, 3, 0.6, 1.0, 2),  # every answer right
    "大渡口镇": (6, 0, 0.84, 0.4, 30),  # more answers than firms
}


def wilson_statsmodels(successes, n, big_n):
    if n == 0:
        return None, None
    f = 0.0 if n >= big_n else (big_n - n) / (big_n - 1) if big_n > 1 else 1.0
    alpha = 2 * norm.sf(Z * math.sqrt(f))  # statsmodels' z = norm.isf(alpha / 2) = 1.96·√f
    low, high = proportion_confint(successes, n, alpha=alpha, method="wilson")
    return max(0.0, float(low)), min(1.0, float(high))


class Generator:
    def __init__(self, campaign, townships, rng):
        self.campaign, self.townships, self.rng = campaign, townships, rng
        self.definition = build_definition(campaign.survey)
        self.sent: list[dict] = []
        self.n = 0

    def answers(self, skill):
        data, score, insured = {}, 0, ""
        for q in self.definition.questions:
            if q.is_knowledge:
                right = self.rng.random() < skill
                options = [o for o in q.options if o.is_correct == right]
                data[q.field] = str(self.rng.choice(options).id)
                score += right
            elif q.kind == Question.Kind.YES_NO:
                insured = self.rng.choice(["yes", "no", "unsure"])
                data[q.field] = insured
            elif q.kind == Question.Kind.NUMBER:
                data[q.field] = str(self.rng.randrange(1, 50))
            elif q.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
                data[q.field] = str(q.options[0].id)
        return data, score, insured

    def submit(self, channel, uscc, skill, picked=None, expect=302):
        self.n += 1
        client = Client(REMOTE_ADDR=f"10.{self.n // 250}.{self.n % 250}.1", HTTP_USER_AGENT=PHONE)
        html = client.get(f"/s/{channel.code}/").content.decode()
        data, score, insured = self.answers(skill)
        data |= {"uscc": uscc, "enterprise_name": f"答题企业{self.n}", "form_token": form_token(html)}
        if picked is not None:
            data["township"] = str(self.townships[picked].pk)
        response = client.post(f"/s/{channel.code}/", data)
        assert response.status_code == expect, response.content.decode()[:500]
        if expect == 302:
            fallback = picked or channel.township.name
            self.sent.append({"uscc": uscc, "fallback": fallback, "score": score, "insured": insured})


@pytest.fixture
def world(townships, settings):
    settings.SURVEYS_SUBMIT_LIMIT_PER_IP = 100_000
    rng = random.Random(SEED)
    today = timezone.localdate()
    campaign = Campaign.objects.create(name="独立核验行动", starts_on=today - datetime.timedelta(days=40),
                                       ends_on=today + datetime.timedelta(days=DAYS_LEFT),
                                       deadline=today + datetime.timedelta(days=DAYS_LEFT), survey=build_awareness_survey())
    TownshipTarget.objects.create(campaign=campaign, township=townships["尧渡镇"], target_responses=25)
    posters = {name: Channel.objects.create(campaign=campaign, township=townships[name], kind=Channel.Kind.POSTER)
               for name in PLAN}
    website = Channel.objects.create(campaign=campaign, township=None, kind=Channel.Kind.WEBSITE)
    firms = []
    for name, (small, other, *_rest) in PLAN.items():
        sizes = [rng.choice([SizeClass.SMALL, SizeClass.MICRO]) for _ in range(small)]
        sizes += [rng.choice([SizeClass.MEDIUM, SizeClass.LARGE, SizeClass.UNDETERMINED]) for _ in range(other)]
        for size in sizes:
            firms.append({"uscc": make_uscc("91341721", f"RC{len(firms):06d}"), "township": name, "size": size,
                          "insured": rng.random() < 0.4})
    Enterprise.objects.bulk_create([
        Enterprise(name=f"名录企业{i}", uscc=f["uscc"], township=townships[f["township"]], size_class=f["size"],
                   insured=f["insured"], industry_section="F") for i, f in enumerate(firms)])
    gen = Generator(campaign, townships, rng)
    names = list(PLAN)
    for f in firms:
        small, _other, share, skill, _strangers = PLAN[f["township"]]
        answering = rng.random() < share if f["size"] in ("small", "micro") else rng.random() < 0.5
        if f["township"] == "东流镇" or f["township"] == "胜利镇":
            answering = f["size"] in ("small", "micro") or answering
        if not answering:
            continue
        route = rng.random()
        if route < 0.6:
            gen.submit(posters[f["township"]], f["uscc"], skill)
        elif route < 0.8:  # another township's poster: the registry's township still counts
            gen.submit(posters[rng.choice(names)], f["uscc"], skill)
        else:  # the website, picking a township (possibly the wrong one)
            gen.submit(website, f["uscc"], skill, picked=rng.choice(names))
    for name, (*_rest, skill, strangers) in PLAN.items():
        for i in range(strangers):
            prefix = "91310110" if i % 5 == 4 else "91341721"  # some from another county
            uscc = make_uscc(prefix, f"U{len(gen.sent):07d}")
            if i % 3 == 2:
                gen.submit(website, uscc, skill, picked=name)
            else:
                gen.submit(posters[name], uscc, skill)
    # More answers than firms: every firm of 大渡口镇 that answered tries again, and is refused.
    for f in [f for f in firms if f["township"] == "大渡口镇" and f["uscc"] in {s["uscc"] for s in gen.sent}]:
        gen.submit(posters["大渡口镇"], f["uscc"], 1.0, expect=409)
    scans = {}
    for channel in rng.sample([*posters.values(), website], 5):
        count = rng.randrange(1, 4)
        for _ in range(count):
            Client(HTTP_USER_AGENT=PHONE, REMOTE_ADDR=f"172.16.{rng.randrange(250)}.{rng.randrange(250)}").get(
                f"/q/{channel.code}")
        scans[channel.township.name if channel.township else None] = count
    return campaign, pd.DataFrame(firms), pd.DataFrame(gen.sent), scans


def row_figures(name, rows, pop, scans, target, default_target=True):
    """Every figure of one row from the raw rows sent and the registry's population."""
    counted = rows[rows["counted"]]
    n, big_n = len(counted), len(pop)
    passed = int(counted["passed"].sum())
    f = 0.0 if n >= big_n else (big_n - n) / (big_n - 1) if big_n > 1 else 1.0
    if target is None and default_target:
        target = math.ceil(N0 / (1 + (N0 - 1) / big_n)) if big_n else None
    projected = n + n / RECENT_DAYS * DAYS_LEFT  # every answer was sent today
    status = "no_target" if not target else "reached" if n >= target else \
        "on_track" if projected >= target else "at_risk"
    low, high = wilson_statsmodels(passed, n, big_n)
    return {
        "name": name, "firms": big_n, "uninsured": int((~pop["insured"]).sum()), "scans": scans,
        "responses": n, "responding_firms": n, "passed": passed, "coverage": n / big_n if big_n else None,
        "awareness": passed / n if n else None, "awareness_low": low, "awareness_high": high,
        "mean_score": counted["score"].mean() if n else None,
        "insured_share": (counted["insured"] == "yes").sum() / n if n else None,
        "margin": Z * math.sqrt(0.25 / n) * math.sqrt(f) if n else None, "census": bool(n) and n == big_n,
        "out_of_population": len(rows) - n, "unregistered": int((~rows["registered"]).sum()),
        "not_small_micro": int((rows["registered"] & ~rows["counted"]).sum()), "target": target, "status": status,
    }


def expected_figures(campaign, firms, sent, scans, township_names):
    registry = firms.set_index("uscc")
    sent = sent.copy()
    sent["registered"] = sent["uscc"].isin(registry.index)
    sent["township"] = np.where(sent["registered"], sent["uscc"].map(registry["township"]), sent["fallback"])
    sent["counted"] = sent["registered"] & sent["uscc"].map(registry["size"]).isin(["small", "micro"])
    sent["passed"] = sent["score"] >= campaign.survey.pass_mark
    population = firms[firms["size"].isin(["small", "micro"])]
    targets = {"尧渡镇": 25}

    def figures(name, rows, pop, scan_count, target):
        return row_figures(name, rows, pop, scan_count, target)

    rows = [figures(name, sent[sent["township"] == name], population[population["township"] == name],
                    scans.get(name, 0), targets.get(name)) for name in township_names]
    total_target = sum(r["target"] or 0 for r in rows) or None
    county = figures("全县", sent, population, sum(scans.values()), total_target)
    return {r["name"]: r for r in rows}, county, sent


def assert_same(actual: dict, expected: dict):
    for key, want in expected.items():
        got = actual[key]
        if want is None or (isinstance(want, float) and math.isnan(want)):
            assert got is None, (expected["name"], key, got)
        elif isinstance(want, (bool, str)):
            assert got == want, (expected["name"], key, got, want)
        else:
            assert got is not None and abs(float(got) - float(want)) <= 1e-9, (expected["name"], key, got, want)


def test_every_dashboard_figure_recomputed_independently(client, world, reviewer):
    campaign, firms, sent, scans = world
    client.force_login(reviewer)
    response = client.get(reverse("reports:dashboard") + f"?campaign={campaign.pk}")
    rows = {row["name"]: row for row in response.context["rows"]}
    expected, county, sent = expected_figures(campaign, firms, sent, scans, list(rows))
    assert 250 <= len(sent) <= 450
    # The raw rows agree with what was sent: one current response each, in the right township.
    stored = pd.DataFrame(Response.objects.filter(status="current").values("uscc", "township__name", "score"))
    merged = sent.merge(stored, on="uscc", validate="one_to_one")
    assert len(merged) == len(sent) == len(stored)
    assert (merged["township"] == merged["township__name"]).all() and (merged["score_x"] == merged["score_y"]).all()
    assert Scan.objects.count() == sum(scans.values())
    for name, want in expected.items():
        assert_same(rows[name], want)
    assert_same(response.context["county"], county)
    # The cases the issue names, as they came out of the seed.
    assert expected["香隅镇"]["responses"] == 0 and expected["香隅镇"]["out_of_population"] > 0
    assert expected["葛公镇"]["awareness"] == 1.0 and expected["葛公镇"]["responses"] > 0
    assert expected["东流镇"]["census"] and rows["东流镇"]["margin"] == 0.0
    assert expected["胜利镇"]["firms"] == 1 and rows["胜利镇"]["census"]
    assert expected["木塔乡"]["firms"] == 0 and expected["木塔乡"]["out_of_population"] == 6
    big = expected["大渡口镇"]
    assert len(sent[sent["township"] == "大渡口镇"]) > big["firms"] > big["responses"] > 0 and rows["大渡口镇"]["margin"] > 0
    assert not any(row["margin"] == 0 for row in rows.values() if 0 < row["responses"] < row["firms"])
