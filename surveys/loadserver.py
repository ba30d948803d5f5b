"""The pieces `manage.py loadtest` and `manage.py faulttest` share: fresh firm codes,
gunicorn as production runs it, and waiting for it to answer. Loopback only."""

from __future__ import annotations

import os
import random
import secrets
import socket
import subprocess
import sys
import time
import urllib.request

from django.conf import settings

from campaigns.uscc import make_uscc


def free_port() -> int:
    """A TCP port nobody listens on at 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fresh_codes(survey_id: int, n: int) -> list[str]:
    """n valid USCCs that have no response to the survey yet."""
    from .models import Response

    used = set(Response.objects.filter(survey_id=survey_id).values_list("uscc", flat=True))
    rng = random.Random(secrets.randbits(32))
    codes: list[str] = []
    while len(codes) < n:
        code = make_uscc("91341721", f"{rng.randrange(10**8):08d}")
        if code not in used:
            used.add(code)
            codes.append(code)
    return codes


def server_env(database_url: str, redis_url: str = "") -> dict[str, str]:
    """Production settings with throwaway secrets, on loopback."""
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url,
        "CONN_MAX_AGE": "600",
        # Every simulated phone comes from 127.0.0.1: the per-IP limits are lifted here,
        # explicitly, so the run measures the service rather than the abuse limit.
        "SURVEYS_SUBMIT_LIMIT_PER_IP": "1000000000",
        "SURVEYS_FORM_LIMIT_PER_IP": "1000000000",
        "LOG_LEVEL": "ERROR",
    }
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def collect_static(env: dict[str, str]) -> None:
    """Production settings serve static files through a manifest: collect them first."""
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], env=env, cwd=settings.BASE_DIR, check=True,
    )


def start_gunicorn(env: dict[str, str], port: int, workers: int = 2, threads: int = 1, log=None) -> subprocess.Popen:
    """gunicorn on 127.0.0.1:port; its output goes to `log` (an open file) when given."""
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--workers", str(workers),
         "--bind", f"127.0.0.1:{port}", "--backlog", "2048", "--log-level", "warning",
         *(["--worker-class", "gthread", "--threads", str(threads)] if threads > 1 else [])],
        env=env, cwd=settings.BASE_DIR, stdout=log, stderr=log,
    )


def wait_until_up(port: int, path: str, tries: int = 150) -> None:
    for _ in range(tries):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2):  # noqa: S310
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def stop(process: subprocess.Popen | None, timeout: float = 30) -> None:
    """Terminate a child process, killing it if it does not go in time."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
