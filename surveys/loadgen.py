"""A load generator of simulated phones (standard library asyncio, one thread): each
phone opens the channel URL (following a redirect if there is one), "reads" for a moment
and posts a valid answer set to the form's action; the 302 to its result page is the acknowledgement. With
follow_result the phone also opens that result page."""

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


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)  # seconds, every request
    by_step: dict[str, list[float]] = field(default_factory=dict)
    flow_seconds: list[float] = field(default_factory=list)
    acknowledged: list[str] = field(default_factory=list)  # form tokens the server confirmed
    errors: dict[str, int] = field(default_factory=dict)

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


async def request(host, port, method, path, tally, body=b"", headers=None):
    """One HTTP/1.1 request on a fresh connection (as gunicorn's sync workers close it)."""
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection(host, port)
    try:
        lines = [f"{method} {path} HTTP/1.1", f"Host: {host}:{port}", "Connection: close", "User-Agent: canbao-loadgen"]
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        if body:
            lines.append(f"Content-Length: {len(body)}")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        raw = await asyncio.wait_for(reader.read(), timeout=30)
    finally:
        writer.close()
    elapsed = time.perf_counter() - started
    tally.latencies.append(elapsed)
    step = method if method == "POST" else path.split("/")[1] + ("/r" if "/s/r/" in path else "")
    tally.by_step.setdefault(step, []).append(elapsed)
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


async def one_phone(host, port, path, codes, tally, deadline, think, seed, follow_result):
    rng = random.Random(seed)
    await asyncio.sleep(rng.uniform(0, think))  # phones do not all arrive in the same instant
    while time.monotonic() < deadline and codes:
        uscc = codes.pop()
        started = time.perf_counter()
        try:
            status, location, cookies, body = await request(host, port, "GET", path, tally)
            form_path = path
            if status in (301, 302):
                form_path = location
                status, _, more, body = await request(host, port, "GET", location, tally)
                cookies += more
            if status != 200:
                tally.error(f"GET {status}")
                continue
            html = body.decode()
            form_path = ACTION.search(html).group(1)  # /q/<code> shows the form; it posts to /s/<code>/
            data = {"csrfmiddlewaretoken": CSRF.search(html).group(1), "form_token": TOKEN.search(html).group(1),
                    "uscc": uscc, "enterprise_name": f"东至县压测{rng.randrange(10**6):06d}有限公司"}
            groups: dict[str, list[str]] = {}
            for name, value in RADIO.findall(html):
                groups.setdefault(name, []).append(value)
            for name, values in groups.items():
                data[name] = rng.choice(values)
            for name in NUMBER.findall(html):
                data[name] = str(rng.randint(1, 60))
            csrf_cookie = next(c for c in cookies if c.startswith("csrftoken="))
            await asyncio.sleep(think * rng.uniform(0.5, 1.5))  # a person reading and tapping
            status, location, _, _ = await request(
                host, port, "POST", form_path, tally, body=urlencode(data).encode(),
                headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": csrf_cookie},
            )
            if status != 302 or data["form_token"] not in location:
                tally.error(f"POST {status}")
                continue
            tally.acknowledged.append(data["form_token"])
            if follow_result:
                status, _, _, body = await request(host, port, "GET", location, tally)
                if status != 200 or "您的得分".encode() not in body:
                    tally.error(f"result {status}")
                    continue
            tally.flow_seconds.append(time.perf_counter() - started)
        except Exception as exc:  # noqa: BLE001 - every failure is counted, none stops the phone
            tally.error(type(exc).__name__)


async def _run(host, port, path, codes, phones, seconds, think, follow_result):
    tally = Tally()
    deadline = time.monotonic() + seconds
    await asyncio.gather(*(
        one_phone(host, port, path, codes, tally, deadline, think, i, follow_result) for i in range(phones)
    ))
    return tally


def run_phones(host, port, path, codes, phones=200, seconds=60.0, think=1.0, follow_result=False):
    """Run the phones until `seconds` have passed; returns (tally, elapsed seconds)."""
    started = time.perf_counter()
    tally = asyncio.run(_run(host, port, path, list(codes), phones, seconds, think, follow_result))
    return tally, time.perf_counter() - started


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]
