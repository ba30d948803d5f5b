"""`manage.py loadtest`: gunicorn (2 workers) on this database, and simulated phones on
loopback. Prints one JSON line; exits non-zero on errors, lost or duplicated responses."""

import json
import os
import random
import secrets
import subprocess
import sys
import time
import urllib.request

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from campaigns.uscc import make_uscc
from surveys.benchmarks import bench_channel
from surveys.loadgen import percentile, run_phones
from surveys.models import Response


def ensure_database() -> None:
    """Create the PostgreSQL database named in DATABASE_URL when it does not exist yet."""
    import psycopg

    params = settings.DATABASES["default"]
    try:
        psycopg.connect(dbname=params["NAME"], user=params["USER"], host=params["HOST"], port=params["PORT"] or 5432).close()
    except psycopg.OperationalError:
        with psycopg.connect(
            dbname="postgres", user=params["USER"], host=params["HOST"], port=params["PORT"] or 5432, autocommit=True
        ) as admin:
            admin.execute(f'CREATE DATABASE "{params["NAME"]}"')


class Command(BaseCommand):
    help = "Load test: gunicorn with 2 workers + N simulated phones doing GET + POST for S seconds."

    def add_arguments(self, parser):
        parser.add_argument("--phones", type=int, default=200)
        parser.add_argument("--seconds", type=float, default=60.0)
        parser.add_argument("--think", type=float, default=1.0, help="mean seconds between opening and submitting")
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--threads", type=int, default=1, help="threads per worker (gthread when > 1)")
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--follow-result", action="store_true", help="also open the result page after each POST")

    def handle(self, *args, phones, seconds, think, workers, threads, port, follow_result, **options):
        if connection.vendor != "postgresql":
            raise CommandError("the load test runs on PostgreSQL: set DATABASE_URL=postgres://...")
        ensure_database()
        call_command("migrate", verbosity=0, interactive=False)
        channel = bench_channel()
        survey_id = channel.campaign.survey_id
        used = set(Response.objects.filter(survey_id=survey_id).values_list("uscc", flat=True))
        rng = random.Random(secrets.randbits(32))
        codes = []
        while len(codes) < phones * int(seconds) + 1000:
            code = make_uscc("91341721", f"{rng.randrange(10**8):08d}")
            if code not in used:
                used.add(code)
                codes.append(code)
        before = Response.objects.filter(survey_id=survey_id).count()
        connection.close()

        env = os.environ | {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(60),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": os.environ["DATABASE_URL"],
            "CONN_MAX_AGE": "600",
            # Every simulated phone comes from 127.0.0.1: the per-IP limits are lifted here,
            # explicitly, so the run measures the service rather than the abuse limit.
            "SURVEYS_SUBMIT_LIMIT_PER_IP": "1000000000",
            "SURVEYS_FORM_LIMIT_PER_IP": "1000000000",
            "LOG_LEVEL": "ERROR",
        }
        # Production settings serve static files through a manifest: collect them first.
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], env=env, cwd=settings.BASE_DIR,
            check=True,
        )
        server = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--workers", str(workers),
             "--bind", f"127.0.0.1:{port}", "--backlog", "2048", "--log-level", "warning",
             *(["--worker-class", "gthread", "--threads", str(threads)] if threads > 1 else [])],
            env=env, cwd=settings.BASE_DIR,
        )
        try:
            self._wait_until_up(port, f"/s/{channel.code}/")
            tally, elapsed = run_phones(
                "127.0.0.1", port, f"/q/{channel.code}", codes, phones, seconds, think, follow_result
            )
        finally:
            server.terminate()
            server.wait(timeout=30)
        acknowledged = set(tally.acknowledged)
        new = Response.objects.filter(survey_id=survey_id).count() - before
        stored_acked = Response.objects.filter(form_token__in=acknowledged).count()
        result = {
            "phones": phones, "seconds": round(elapsed, 1), "cache": "redis" if env.get("REDIS_URL") else "local memory", "think_s": think, "workers": workers, "threads": threads,
            "flow": "GET /q/<code> → POST /s/<code>/" + (" → GET result" if follow_result else ""),
            "flows": len(tally.flow_seconds),
            "flows_per_s": round(len(tally.flow_seconds) / elapsed, 1),
            "requests": len(tally.latencies),
            "p50_ms": round(1000 * percentile(tally.latencies, 50), 1),
            "p95_ms": round(1000 * percentile(tally.latencies, 95), 1),
            "flow_p95_s": round(percentile(tally.flow_seconds, 95), 2),
            "p50_ms_by_step": {k: round(1000 * percentile(v, 50), 1) for k, v in sorted(tally.by_step.items())},
            "errors": sum(tally.errors.values()), "error_kinds": tally.errors,
            "acknowledged": len(acknowledged), "stored": new,
            "lost": len(acknowledged) - stored_acked, "duplicated": len(tally.acknowledged) - len(acknowledged),
            "stored_unacknowledged": new - stored_acked,
        }
        self.stdout.write(json.dumps({"bench": "loadtest", **result}, ensure_ascii=False))
        if result["errors"] or result["lost"] or result["duplicated"] or new != len(acknowledged):
            raise CommandError("load test failed: errors, lost or duplicated responses")

    def _wait_until_up(self, port, path):
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2):  # noqa: S310
                    return
            except OSError:
                time.sleep(0.2)
        raise CommandError("gunicorn did not start")
