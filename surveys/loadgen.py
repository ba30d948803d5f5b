"""A load generator of simulated phones (standard library only): each phone opens the
channel URL, "reads" for a moment, posts a valid answer set and reads its result."""

from __future__ import annotations

import http.client
import random
import re
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

RADIO = re.compile(r'type="radio" id="[^"]+" name="(q\d+)" value="([^"]+)"')
NUMBER = re.compile(r'name="(q\d+)" value="[^"]*" inputmode="decimal"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TOKEN = re.compile(r'name="form_token" value="([^"]+)"')


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)  # seconds, every request
    flow_seconds: list[float] = field(default_factory=list)
    acknowledged: list[str] = field(default_factory=list)  # form tokens the server confirmed
    errors: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def error(self, kind: str) -> None:
        with self.lock:
            self.errors[kind] = self.errors.get(kind, 0) + 1


def request(host, port, method, path, body=None, headers=None, tally=None):
    conn = http.client.HTTPConnection(host, port, timeout=30)
    started = time.perf_counter()
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        data = resp.read()
        return resp.status, resp.getheader("Location", ""), resp.headers.get_all("Set-Cookie") or [], data
    finally:
        conn.close()
        if tally is not None:
            elapsed = time.perf_counter() - started
            with tally.lock:
                tally.latencies.append(elapsed)


def one_phone(host, port, path, codes, tally, deadline, think, seed):
    rng = random.Random(seed)
    while time.monotonic() < deadline:
        try:
            uscc = next(codes)
        except StopIteration:
            return
        flow_started = time.perf_counter()
        try:
            status, location, cookies, body = request(host, port, "GET", path, tally=tally)
            if status in (301, 302):
                status, _, more, body = request(host, port, "GET", location, tally=tally)
                cookies += more
                path_form = location
            else:
                path_form = path
            if status != 200:
                tally.error(f"GET {status}")
                continue
            html = body.decode()
            csrf_cookie = next(c.split(";")[0] for c in cookies if c.startswith("csrftoken="))
            data = {"csrfmiddlewaretoken": CSRF.search(html).group(1), "form_token": TOKEN.search(html).group(1),
                    "uscc": uscc, "enterprise_name": f"东至县压测{rng.randrange(10**6):06d}有限公司"}
            groups: dict[str, list[str]] = {}
            for name, value in RADIO.findall(html):
                groups.setdefault(name, []).append(value)
            for name, values in groups.items():
                data[name] = rng.choice(values)
            for name in NUMBER.findall(html):
                data[name] = str(rng.randint(1, 60))
            time.sleep(think * rng.uniform(0.5, 1.5))  # a person reading and tapping
            status, location, _, _ = request(
                host, port, "POST", path_form, body=urlencode(data),
                headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": csrf_cookie}, tally=tally,
            )
            if status != 302 or data["form_token"] not in location:
                tally.error(f"POST {status}")
                continue
            with tally.lock:
                tally.acknowledged.append(data["form_token"])
            status, _, _, body = request(host, port, "GET", location, tally=tally)
            if status != 200 or "您的得分".encode() not in body:
                tally.error(f"result {status}")
                continue
            with tally.lock:
                tally.flow_seconds.append(time.perf_counter() - flow_started)
        except Exception as exc:  # noqa: BLE001 - every failure is counted, none stops the phone
            tally.error(type(exc).__name__)


def run_phones(host, port, path, codes, phones=200, seconds=60.0, think=1.0) -> tuple[Tally, float]:
    tally = Tally()
    lock = threading.Lock()
    source = iter(codes)

    def next_code():
        while True:
            with lock:
                code = next(source, None)
            if code is None:
                return
            yield code

    deadline = time.monotonic() + seconds
    started = time.perf_counter()
    threads = [
        threading.Thread(target=one_phone, args=(host, port, path, next_code(), tally, deadline, think, i), daemon=True)
        for i in range(phones)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return tally, time.perf_counter() - started


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]
