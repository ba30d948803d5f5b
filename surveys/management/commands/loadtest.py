"""`manage.py loadtest`: gunicorn (2 workers) on this database, and simulated phones on
loopback. Prints one JSON line; exits non-zero on errors, lost or duplicated responses
(counted in the database by surveys.loadcount)."""

import json
import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from surveys.benchmarks import bench_channel
from surveys.loadcount import count_run, error_kinds, latency_figures
from surveys.loadgen import percentile, run_phones
from surveys.loadserver import collect_static, fresh_codes, server_env, start_gunicorn, stop, wait_until_up


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
        parser.add_argument("--mix", action="store_true", help="phones also retry, double-click and rescan")

    def handle(self, *args, phones, seconds, think, workers, threads, port, follow_result, mix, **options):
        if connection.vendor != "postgresql":
            raise CommandError("the load test runs on PostgreSQL: set DATABASE_URL=postgres://...")
        ensure_database()
        call_command("migrate", verbosity=0, interactive=False)
        channel = bench_channel()
        survey = channel.campaign.survey
        codes = fresh_codes(survey.pk, phones * int(seconds) + 1000)
        connection.close()

        env = server_env(os.environ["DATABASE_URL"], os.environ.get("REDIS_URL", ""))
        collect_static(env)
        server = start_gunicorn(env, port, workers, threads)
        try:
            wait_until_up(port, f"/s/{channel.code}/")
            tally, elapsed = run_phones(
                "127.0.0.1", port, f"/q/{channel.code}", codes, phones, seconds, think, follow_result, mix
            )
        finally:
            stop(server)
        counts = count_run(tally, survey.pk, survey.allow_replace)
        result = {
            "phones": phones, "seconds": round(elapsed, 1), "cache": "redis" if env.get("REDIS_URL") else "local memory",
            "think_s": think, "workers": workers, "threads": threads, "mix": mix,
            "flow": "GET /q/<code> → POST /s/<code>/" + (" → GET result" if follow_result else ""),
            "flows": len(tally.flow_seconds),
            "flows_per_s": round(len(tally.flow_seconds) / elapsed, 1),
            "requests": len(tally.latencies),
            **latency_figures(tally),
            "flow_p95_s": round(percentile(tally.flow_seconds, 95), 2),
            "p50_ms_by_step": {k: round(1000 * percentile(v, 50), 1) for k, v in sorted(tally.by_step.items())},
            "errors": sum(tally.errors.values()), "error_kinds": error_kinds(tally),
            **counts, "load_average": [round(x, 2) for x in os.getloadavg()],
        }
        self.stdout.write(json.dumps({"bench": "loadtest", **result}, ensure_ascii=False))
        if result["errors"] or counts["lost"] or counts["duplicated"] or counts["stored_unacknowledged"]:
            raise CommandError("load test failed: errors, lost or duplicated responses")
