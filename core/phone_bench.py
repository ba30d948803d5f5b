"""`manage.py bench phone`: the public pages as a phone on slow 3G sees them.

Debian's Chromium (Playwright, never a downloaded browser) loads each page in a fresh
context (empty cache: a first visit) at 390×844 through the DevTools protocol's network
throttling: 400 kbit/s down and up, 400 ms latency. Per page: bytes transferred (encoded,
headers included), requests, first paint and "usable" (DOMContentLoaded and first paint
both done: laid out, styled, inputs work) in ms from the navigation start. The server is
gunicorn with production settings on 127.0.0.1, against a throwaway SQLite copy of the
demo data (load_demo), so the figures include whitenoise and the real middleware.

Goals (issue 13): the form usable in under 3 s, no public page over 60 KB."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings

CHROMIUM = "/usr/bin/chromium"
SLOW_3G = {"offline": False, "latency": 400, "downloadThroughput": 400_000 / 8, "uploadThroughput": 400_000 / 8}
GOALS = {"form_usable_ms": 3000, "page_bytes": 60_000}
TIMING_JS = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const paints = performance.getEntriesByType('paint');
  const fp = paints.length ? Math.min(...paints.map(p => p.startTime)) : nav.domContentLoadedEventEnd;
  return {first_paint_ms: fp, usable_ms: Math.max(fp, nav.domContentLoadedEventEnd)};
}"""


def _prepare_database(path: Path) -> dict[str, str]:
    """A fresh SQLite file with the demo data; returns the public URLs to measure."""
    env = os.environ | {"DATABASE_URL": f"sqlite:///{path}", "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
    for args in (["migrate", "--noinput", "-v0"], ["load_demo"]):
        subprocess.run([sys.executable, "manage.py", *args], env=env, cwd=settings.BASE_DIR, check=True,  # noqa: S603
                       stdout=subprocess.DEVNULL)
    script = (
        "from campaigns.models import Channel; from cms.models import PolicyArticlePage, PolicyIndexPage;"
        "c=Channel.objects.filter(township__isnull=False, is_active=True, campaign__survey__isnull=False).first();"
        "print(c.code); print(PolicyArticlePage.objects.live().first().url); print(PolicyIndexPage.objects.live().first().url)"
    )
    out = subprocess.run([sys.executable, "manage.py", "shell", "-c", script], env=env, cwd=settings.BASE_DIR,  # noqa: S603
                         check=True, capture_output=True, text=True).stdout.split()
    return {"code": out[-3], "article": out[-2], "learning": out[-1]}


def _measure(browser, base: str, path: str, submit: bool = False) -> dict:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", user_agent=(
        "Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0 Mobile Safari/537.36 "
        "MicroMessenger/8.0.47"))
    page = context.new_page()
    page.set_default_timeout(120_000)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    tally = {"bytes": 0, "requests": 0}
    cdp.on("Network.requestWillBeSent", lambda e: tally.__setitem__("requests", tally["requests"] + 1))
    cdp.on("Network.loadingFinished", lambda e: tally.__setitem__("bytes", tally["bytes"] + int(e["encodedDataLength"])))
    if submit:  # the answer page is loaded unthrottled and filled; the sending is measured
        page.goto(base + path)
        page.fill("#f-uscc", "91341721MA2NBT6Q1D")
        page.fill("#f-name", "东至县测速商贸有限公司")
        page.evaluate("""() => { for (const q of document.querySelectorAll('.sv-q')) {
            const first = q.querySelector('input[type=radio], input[type=checkbox]');
            if (first) { first.checked = true; continue; }
            const box = q.querySelector('input[type=text], textarea'); if (box) box.value = '8'; } }""")
        tally.update(bytes=0, requests=0)
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    if submit:
        with page.expect_navigation(url="**/s/r/**", wait_until="load"):
            page.click("button.sv-submit")
    else:
        page.goto(base + path, wait_until="load")
    timing = page.evaluate(TIMING_JS)
    context.close()
    return {"bytes": tally["bytes"], "requests": tally["requests"],
            "first_paint_ms": round(timing["first_paint_ms"]), "usable_ms": round(timing["usable_ms"])}


def bench_phone(**_options) -> dict:
    from playwright.sync_api import sync_playwright

    from surveys.loadserver import collect_static, free_port, server_env, start_gunicorn, stop, wait_until_up

    if not Path(CHROMIUM).exists():
        raise RuntimeError("Debian chromium is required: apt-get install -y chromium")
    workdir = Path(tempfile.mkdtemp(prefix="canbao-phone-"))
    server = None
    try:
        urls = _prepare_database(workdir / "phone.sqlite3")
        env = server_env(f"sqlite:///{workdir / 'phone.sqlite3'}")
        collect_static(env)
        port = free_port()
        server = start_gunicorn(env, port, workers=2)
        wait_until_up(port, "/")
        base = f"http://127.0.0.1:{port}"
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
            pages = {
                "landing": _measure(browser, base, f"/q/{urls['code']}"),
                "submit": _measure(browser, base, f"/s/{urls['code']}/", submit=True),
                "learning": _measure(browser, base, urls["learning"]),
                "article": _measure(browser, base, urls["article"]),
                "home": _measure(browser, base, "/"),
            }
            browser.close()
    finally:
        stop(server)
        shutil.rmtree(workdir, ignore_errors=True)
    return {
        "network": "400 kbit/s down/up, 400 ms latency (CDP)", "viewport": "390x844", "pages": pages, "goal": GOALS,
        "met": pages["landing"]["usable_ms"] < GOALS["form_usable_ms"]
        and all(p["bytes"] <= GOALS["page_bytes"] for p in pages.values()),
        "loadavg": [round(x, 2) for x in os.getloadavg()],
    }
