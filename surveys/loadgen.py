"""A load generator of simulated phones (standard library asyncio, one thread): each
phone opens the channel URL (following a redirect if there is one), "reads" for a moment
and posts a valid answer set to the form's action; the 302 to its result page is the
acknowledgement. With follow_result the phone also opens that result page.

Phones behave as people on a bad connection do: after a lost response (timeout, reset,
5xx) they send the same form again (same form token); some double-click (two concurrent
POSTs of one form); some rescan the poster after answering and submit their firm again.
Every request is timed, failed ones included, and every POST is kept as an Attempt so that
surveys.loadcount can compare what the phones were told with what the database holds."""

from __future__ import annotations

import asyncio
import random
import re
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

RADIO = re.compile(r'type="radio" id="[^"]+" name="(q\d+)" value="([^"]+)"')
NUMBER = re.compile(r'name="(q\d+)" value="[^"]*" inputmode="decimal"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TOKEN = re.compile(r'name="form_token" value="([^"]+)"')
ACTION = re.compile(r'<form method="post" action="([^"]+)"')
REQUEST_TIMEOUT = 15.0
MAX_RETRIES = 4


@dataclass
class Attempt:
    """One POST of a form: what was sent and what the phone was told."""

    uscc: str
    token: str
    kind: str  # first | retry | double | rescan
    started: float  # time.monotonic()
    ended: float
    status: int | None  # None: no response (timeout, reset, refused)
    error: str = ""
    acked: bool = False  # 302 to this token's result page
    location: str = ""
    wall_started: float = 0.0  # time.time(), to compare with the stored row's submitted_at
    wall_ended: float = 0.0

    @property
    def told_failed(self) -> bool:
        return self.status is not None and self.status >= 500


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)  # seconds, every request, failed ones too
    by_step: dict[str, list[float]] = field(default_factory=dict)
    flow_seconds: list[float] = field(default_factory=list)
    attempts: list[Attempt] = field(default_factory=list)
    requests: list[tuple[float, str, int | None, float]] = field(default_factory=list)  # (started, step, status, ended)
    errors: dict[str, int] = field(default_factory=dict)
    rescans_refused: int = 0  # the expected 409 "already answered"

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1

    @property
    def acknowledged(self) -> list[str]:
        return [a.token for a in self.attempts if a.acked]


class NoResponse(Exception):
    """The request got no HTTP response (its cause is the message)."""


async def request(host, port, method, path, tally, body=b"", headers=None):
    """One HTTP/1.1 request on a fresh connection (as gunicorn's sync workers close it).
    Timed whether or not it succeeds; raises NoResponse when no response came back."""
    started, mono = time.perf_counter(), time.monotonic()
    step = method if method == "POST" else path.split("/")[1] + ("/r" if "/s/r/" in path else "")
    status = None
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout=REQUEST_TIMEOUT)
        try:
            lines = [f"{method} {path} HTTP/1.1", f"Host: {host}:{port}", "Connection: close",
                     "User-Agent: canbao-loadgen"]
            lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
            if body:
                lines.append(f"Content-Length: {len(body)}")
            writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
            raw = await asyncio.wait_for(reader.read(), timeout=REQUEST_TIMEOUT)
        finally:
            writer.close()
        if not raw:
            raise ConnectionResetError("empty response")
        status, location, cookies, content = _parse(raw)
        return status, location, cookies, content
    except (TimeoutError, OSError, ValueError, IndexError) as exc:
        tally.error(f"{step} {type(exc).__name__}")
        raise NoResponse(type(exc).__name__) from exc
    finally:
        elapsed = time.perf_counter() - started
        tally.latencies.append(elapsed)
        tally.by_step.setdefault(step, []).append(elapsed)
        tally.requests.append((mono, step, status, time.monotonic()))


def _parse(raw: bytes):
    head, _, content = raw.partition(b"\r\n\r\n")
    head_lines = head.decode("latin-1").split("\r\n")
    status = int(head_lines[0].split()[1])
    location, cookies = "", []
    for line in head_lines[1:]:
        name, _, value = line.partition(":")
        if name.lower() == "location":
            location = value.strip()
        elif name.lower() == "set-cookie":
            cookies.append(value.strip().split(";")[0])
    if b"Transfer-Encoding: chunked" in head:
        content = _dechunk(content)
    return status, location, cookies, content


def _dechunk(data: bytes) -> bytes:
    out, pos = [], 0
    while True:
        end = data.index(b"\r\n", pos)
        size = int(data[pos:end].split(b";")[0], 16)
        if size == 0:
            return b"".join(out)
        out.append(data[end + 2:end + 2 + size])
        pos = end + 2 + size + 2


async def open_form(host, port, path, tally):
    """GET the channel URL (following one redirect): (form action, csrf cookie, html) or None."""
    status, location, cookies, body = await request(host, port, "GET", path, tally)
    if status in (301, 302):
        status, _, more, body = await request(host, port, "GET", location, tally)
        cookies += more
    if status != 200:
        tally.error(f"GET {status}")
        return None
    html = body.decode()
    csrf_cookie = next(c for c in cookies if c.startswith("csrftoken="))
    return ACTION.search(html).group(1), csrf_cookie, html


def fill_form(html: str, uscc: str, rng: random.Random) -> dict:
    data = {"csrfmiddlewaretoken": CSRF.search(html).group(1), "form_token": TOKEN.search(html).group(1),
            "uscc": uscc, "enterprise_name": f"东至县压测{rng.randrange(10**6):06d}有限公司"}
    groups: dict[str, list[str]] = {}
    for name, value in RADIO.findall(html):
        groups.setdefault(name, []).append(value)
    for name, values in groups.items():
        data[name] = rng.choice(values)
    for name in NUMBER.findall(html):
        data[name] = str(rng.randint(1, 60))
    return data


async def post_form(host, port, action, cookie, data, kind, tally) -> Attempt:
    started = time.monotonic()
    attempt = Attempt(data["uscc"], data["form_token"], kind, started, started, None, wall_started=time.time())
    try:
        status, location, _, _ = await request(
            host, port, "POST", action, tally, body=urlencode(data).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
        )
        attempt.status, attempt.location = status, location
        attempt.acked = status == 302 and data["form_token"] in location
        if not attempt.acked and not (kind == "rescan" and status == 409):
            tally.error(f"POST {status}")
    except NoResponse as exc:
        attempt.error = str(exc)
    attempt.ended, attempt.wall_ended = time.monotonic(), time.time()
    tally.attempts.append(attempt)
    return attempt


async def answer_once(host, port, path, uscc, tally, rng, think, mix, double_clicks=True) -> Attempt | None:
    """Open the form, answer it and send it until acknowledged (retrying a lost response with
    the same form token), sometimes as a double-click. Returns the acknowledging attempt."""
    form = await open_form(host, port, path, tally)
    if form is None:
        return None
    action, cookie, html = form
    data = fill_form(html, uscc, rng)
    await asyncio.sleep(think * rng.uniform(0.5, 1.5))  # a person reading and tapping
    if mix and double_clicks and rng.random() < 0.1:  # a double-click: the same form sent twice at once
        sent = await asyncio.gather(*(post_form(host, port, action, cookie, data, "double", tally) for _ in range(2)))
    else:
        sent = [await post_form(host, port, action, cookie, data, "first", tally)]
    for _ in range(MAX_RETRIES if mix else 0):
        if any(a.acked for a in sent) or not all(a.status is None or a.status >= 500 for a in sent):
            break
        await asyncio.sleep(rng.uniform(0.5, 1.5))  # the phone shows an error; the person taps again
        sent = [await post_form(host, port, action, cookie, data, "retry", tally)]
    return next((a for a in sent if a.acked), None)


async def one_phone(host, port, path, codes, tally, deadline, think, seed, follow_result, mix=False, double_clicks=True):
    rng = random.Random(seed)
    await asyncio.sleep(rng.uniform(0, think))  # phones do not all arrive in the same instant
    while time.monotonic() < deadline and codes:
        uscc = codes.pop()
        started = time.perf_counter()
        try:
            acked = await answer_once(host, port, path, uscc, tally, rng, think, mix, double_clicks)
            if acked is None:
                await asyncio.sleep(rng.uniform(0.5, 1.0))  # a failed phone waits before trying again
                continue
            if follow_result:
                status, _, _, body = await request(host, port, "GET", acked.location, tally)
                if status != 200 or "您的得分".encode() not in body:
                    tally.error(f"result {status}")
                    continue
            tally.flow_seconds.append(time.perf_counter() - started)
            if mix and rng.random() < 0.1:  # rescans the poster and submits the same firm again
                await rescan(host, port, path, uscc, tally, rng)
        except NoResponse:
            await asyncio.sleep(rng.uniform(0.5, 1.0))
        except Exception as exc:  # noqa: BLE001 - every failure is counted, none stops the phone
            tally.error(type(exc).__name__)


async def rescan(host, port, path, uscc, tally, rng) -> None:
    form = await open_form(host, port, path, tally)
    if form is not None:
        action, cookie, html = form
        attempt = await post_form(host, port, action, cookie, fill_form(html, uscc, rng), "rescan", tally)
        tally.rescans_refused += attempt.status == 409


async def _run(host, port, path, codes, phones, seconds, think, follow_result, mix, double_clicks=True):
    tally = Tally()
    deadline = time.monotonic() + seconds
    await asyncio.gather(*(
        one_phone(host, port, path, codes, tally, deadline, think, i, follow_result, mix, double_clicks)
        for i in range(phones)
    ))
    return tally


def run_phones(host, port, path, codes, phones=200, seconds=60.0, think=1.0, follow_result=False, mix=False,
               double_clicks=True):
    """Run the phones until `seconds` have passed; returns (tally, elapsed seconds). With
    mix, phones also retry lost responses, double-click (unless double_clicks is false) and
    rescan (see the module doc)."""
    started = time.perf_counter()
    tally = asyncio.run(_run(host, port, path, list(codes), phones, seconds, think, follow_result, mix, double_clicks))
    return tally, time.perf_counter() - started


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]
