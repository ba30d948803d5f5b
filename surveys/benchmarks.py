"""`manage.py bench submit`: respondent flows per second, in process, the way the peer
baselines in ../shared/peers measure them: for each respondent a new test Client with CSRF
checks, GET the channel URL (following redirects), read the CSRF and form tokens from the
served HTML, POST a valid random answer set, follow to the results page."""

from __future__ import annotations

import datetime
import random
import time
from html.parser import HTMLParser
from urllib.parse import urlencode

from django.db import connection
from django.test import Client, override_settings
from django.urls import Resolver404, resolve

from campaigns.models import Campaign, Channel, Township
from campaigns.uscc import make_uscc

from .awareness import build_awareness_survey
from .definition import UNSURE
from .models import Response

BENCH_CAMPAIGN = "基准测试专用行动（bench）"


class FormReader(HTMLParser):
    """Collects the answering form: hidden values, radio/checkbox groups, text fields."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.action = None
        self.hidden: dict[str, str] = {}
        self.groups: dict[str, tuple[str, list[str]]] = {}
        self.texts: dict[str, str] = {}  # name -> "number" | "text" | "textarea"
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method") == "post" and self.action is None:
            self.action, self._in_form = a.get("action") or "", True
        elif not self._in_form or not a.get("name"):
            return
        elif tag == "input":
            kind = a.get("type", "text")
            if kind == "hidden":
                self.hidden[a["name"]] = a.get("value", "")
            elif kind in ("radio", "checkbox"):
                self.groups.setdefault(a["name"], (kind, []))[1].append(a.get("value", ""))
            else:
                self.texts[a["name"]] = "number" if a.get("inputmode") == "decimal" else "text"
        elif tag == "textarea":
            self.texts[a["name"]] = "textarea"

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False


def bench_channel() -> Channel:
    """A campaign, survey and channel used only by the benchmark (created once)."""
    township = Township.objects.order_by("code").first()
    if township is None:
        from campaigns.townships import load_townships

        load_townships()
        township = Township.objects.order_by("code").first()
    campaign = Campaign.objects.filter(name=BENCH_CAMPAIGN).first()
    if campaign is None:
        today = datetime.date.today()  # noqa: DTZ011 - a calendar date for the campaign row
        campaign = Campaign.objects.create(
            name=BENCH_CAMPAIGN, starts_on=today, ends_on=today + datetime.timedelta(days=365),
            deadline=today + datetime.timedelta(days=365), survey=build_awareness_survey(title="基准测试问卷"),
        )
    channel = Channel.objects.filter(campaign=campaign).first()
    return channel or Channel.objects.create(campaign=campaign, township=township, kind=Channel.Kind.OTHER)


def entry_url(channel: Channel) -> tuple[str, str]:
    """The QR channel URL /q/<code> when the campaigns app serves it, else the answering page."""
    try:
        match = resolve(f"/q/{channel.code}")
        if match.url_name and "wagtail" not in (match.func.__module__ or ""):
            return f"/q/{channel.code}", "/q/<code>"
    except Resolver404:
        pass
    return f"/s/{channel.code}/", "/s/<code>/"


def answer_set(form: FormReader, rng: random.Random, uscc: str) -> dict:
    data = dict(form.hidden)
    for name, (kind, values) in form.groups.items():
        if kind == "radio":
            data[name] = rng.choice(values)
        else:  # "不清楚" (value UNSURE) is chosen alone or not at all
            picked = rng.sample(values, rng.randint(1, len(values)))
            data[name] = [UNSURE] if UNSURE in picked and rng.random() < 0.5 else [v for v in picked if v != UNSURE] or [UNSURE]
    for name, kind in form.texts.items():
        if name == "uscc":
            data[name] = uscc
        elif name == "enterprise_name":
            data[name] = f"东至县基准{rng.randrange(10**6):06d}商贸有限公司"
        elif kind == "number":
            data[name] = str(rng.randint(1, 80))
        elif kind == "textarea" and rng.random() < 0.3:
            data[name] = "请问工伤认定需要准备哪些材料？"
    data.pop("website", None)
    return data


def one_flow(url: str, rng: random.Random, uscc: str, ip: str) -> None:
    client = Client(enforce_csrf_checks=True, REMOTE_ADDR=ip)
    page = client.get(url, follow=True)
    assert page.status_code == 200, page.status_code
    form = FormReader()
    form.feed(page.content.decode())
    assert form.action and "form_token" in form.hidden and "csrfmiddlewaretoken" in form.hidden
    body = urlencode(answer_set(form, rng, uscc), doseq=True)  # as a browser posts a form
    result = client.post(form.action, body, content_type="application/x-www-form-urlencoded", follow=True)
    assert result.status_code == 200 and "您的得分" in result.content.decode(), result.status_code


def bench_submit(respondents: int = 500, **options) -> dict:
    """N respondent flows; asserts that exactly N responses were stored."""
    with override_settings(DEBUG=False):
        channel = bench_channel()
        url, entry = entry_url(channel)
        rng = random.Random(time.time_ns())
        used = set(Response.objects.filter(survey_id=channel.campaign.survey_id).values_list("uscc", flat=True))
        codes = []
        while len(codes) < respondents + 1:
            code = make_uscc("91341721", f"{rng.randrange(10**8):08d}")
            if code not in used:
                used.add(code)
                codes.append(code)
        one_flow(url, rng, codes.pop(), "10.9.9.9")  # warm-up: templates, caches, lazy imports
        before = Response.objects.count()
        started = time.perf_counter()
        for i, code in enumerate(codes):
            # Each simulated phone has its own address, as phones on mobile data do.
            one_flow(url, rng, code, f"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}")
        elapsed = time.perf_counter() - started
        stored = Response.objects.count() - before
    assert stored == respondents, f"stored {stored} responses for {respondents} respondents"
    return {
        "respondents": respondents,
        "stored": stored,
        "seconds": round(elapsed, 3),
        "flows_per_s": round(respondents / elapsed, 2),
        "ms_per_flow": round(1000 * elapsed / respondents, 2),
        "entry": entry,
        "db": connection.vendor,
    }
