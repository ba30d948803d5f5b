"""`manage.py faulttest`: answering through faults, counted honestly.

Starts a throwaway PostgreSQL cluster and redis-server on free loopback ports
(surveys.faults), migrates, runs gunicorn (2 workers, production settings) and simulated
phones that retry lost responses, double-click and rescan (surveys.loadgen). During the run
PostgreSQL restarts (fast, then immediate) and Redis is killed and brought back. Afterwards
the phones' ledger is counted against the database (surveys.loadcount) and ONE JSON line is
printed; the exit status is non-zero on any lost or duplicated answer. Everything started is
stopped and removed at the end, also on failure or Ctrl-C.

The database work (migrate, the benchmark channel, the counting) runs in child processes of
this command pointed at the throwaway cluster (`--prepare`, `--count`), so this process never
holds a connection to a database it is restarting."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from surveys.faults import PostgresCluster, RedisServer
from surveys.loadcount import Fault, error_kinds, failures, fault_figures, latency_figures
from surveys.loadgen import Attempt, percentile, run_phones
from surveys.loadserver import collect_static, free_port, server_env, start_gunicorn, stop, wait_until_up


class Command(BaseCommand):
    help = "Fault test: throwaway PostgreSQL and Redis, gunicorn, phones; restarts and kills them mid-run."

    def add_arguments(self, parser):
        parser.add_argument("--phones", type=int, default=80)
        parser.add_argument("--seconds", type=float, default=60.0)
        parser.add_argument("--think", type=float, default=1.0)
        parser.add_argument("--strict", action="store_true",
                            help="also fail on an answer stored but told failed, 5xx while Redis is down, "
                                 "recovery over 15 s or failures once a service is back")
        parser.add_argument("--prepare", action="store_true", help=json.dumps("internal: migrate and print the channel"))
        parser.add_argument("--count", metavar="LEDGER", help="internal: count a ledger file against the database")

    def handle(self, *args, phones, seconds, think, strict, prepare, count, **options):
        if prepare:
            return self.prepare()
        if count:
            return self.count(Path(count))
        return self.run_faults(phones, seconds, think, strict)

    # --- child modes: run with DATABASE_URL pointing at the throwaway cluster -------------
    def prepare(self) -> None:
        from surveys.benchmarks import bench_channel

        call_command("migrate", verbosity=0, interactive=False)
        channel = bench_channel()
        survey = channel.campaign.survey
        self.stdout.write(json.dumps({"code": channel.code, "survey": survey.pk, "allow_replace": survey.allow_replace}))

    def count(self, ledger: Path) -> None:
        from surveys.loadcount import account, stored_responses

        data = json.loads(ledger.read_text())
        attempts = [Attempt(**a) for a in data["attempts"]]
        stored = stored_responses(data["survey"], {a.uscc for a in attempts})
        self.stdout.write(json.dumps(account(attempts, stored, data["allow_replace"])))

    # --- the run ---------------------------------------------------------------------------
    def run_faults(self, phones: int, seconds: float, think: float, strict: bool) -> None:
        previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
        started = time.monotonic()
        root = Path(tempfile.mkdtemp(prefix="canbao-faulttest-"))
        postgres, redis, server, server_log = PostgresCluster(root), RedisServer(), None, None
        try:
            postgres.start()
            redis.start()
            env = server_env(postgres.url, redis.url)
            prepared = json.loads(self._child(env, "--prepare"))
            collect_static(env)
            port = free_port()
            server_log = (root / "gunicorn.log").open("w")  # the 500s' tracebacks: expected noise here
            server = start_gunicorn(env, port, workers=2, log=server_log)
            wait_until_up(port, f"/s/{prepared['code']}/")
            faults: list[Fault] = []
            injector = threading.Thread(target=inject_faults, args=(postgres, redis, seconds, faults), daemon=True)
            codes = _codes(phones * int(seconds) + 1000)
            injector.start()
            tally, elapsed = run_phones("127.0.0.1", port, f"/q/{prepared['code']}", codes, phones, seconds, think,
                                        mix=True)
            injector.join(timeout=120)
            stop(server)
            server = None
            ledger = root / "ledger.json"
            ledger.write_text(json.dumps({"survey": prepared["survey"], "allow_replace": prepared["allow_replace"],
                                          "attempts": [asdict(a) for a in tally.attempts]}))
            counts = json.loads(self._child(env, "--count", str(ledger)))
        finally:
            stop(server)
            if server_log:
                server_log.close()
            redis.cleanup()
            postgres.cleanup()
            _remove(root)
            signal.signal(signal.SIGTERM, previous)
        result = {
            "bench": "faulttest", "phones": phones, "seconds": round(elapsed, 1),
            "faults": [f.name for f in faults], **counts,
            "errors": error_kinds(tally), "errors_total": sum(tally.errors.values()),
            "rescans_refused": tally.rescans_refused,
            "attempts_by_kind": _by_kind(tally.attempts),
            "requests": len(tally.latencies), **latency_figures(tally),
            "flow_p95_s": round(percentile(tally.flow_seconds, 95), 2),
            **fault_figures(tally, faults),
            "total_seconds": round(time.monotonic() - started, 1),
            "load_average": [round(x, 2) for x in os.getloadavg()],
        }
        self.stdout.write(json.dumps(result, ensure_ascii=False))
        reasons = failures(result, strict)
        if reasons:
            raise CommandError(f"fault test failed: {', '.join(reasons)}")

    def _child(self, env: dict[str, str], *args: str) -> str:
        child_env = env | {"DJANGO_SETTINGS_MODULE": "config.settings.production"}
        done = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "faulttest", *args], env=child_env, cwd=settings.BASE_DIR,
            capture_output=True, text=True, timeout=600,
        )
        if done.returncode:
            raise CommandError(f"faulttest {' '.join(args)} failed:\n{done.stderr[-3000:]}")
        return done.stdout.strip().splitlines()[-1]


def inject_faults(postgres: PostgresCluster, redis: RedisServer, seconds: float, faults: list[Fault]) -> None:
    """PostgreSQL restarts fast at 15 % of the run and immediate at 40 %; Redis is killed at
    65 % and comes back 8 s later. Each fault records when it began and when the service
    answered again."""
    begin = time.monotonic()

    def at(fraction: float) -> None:
        time.sleep(max(0.0, begin + fraction * seconds - time.monotonic()))

    for fraction, mode in ((0.15, "fast"), (0.40, "immediate")):
        at(fraction)
        fault = Fault(f"postgres_restart_{mode}", time.monotonic())
        faults.append(fault)
        postgres.ctl("restart", mode)
        fault.back = time.monotonic()
    at(0.65)
    fault = Fault("redis_killed", time.monotonic())
    faults.append(fault)
    redis.kill()
    time.sleep(min(8.0, 0.2 * seconds))
    redis.start()
    fault.back = time.monotonic()


def _codes(n: int) -> list[str]:
    """n distinct valid USCCs (the database is new: none has answered yet)."""
    import random

    from campaigns.uscc import make_uscc

    rng = random.Random()  # noqa: S311 - test data
    return list({make_uscc("91341721", f"{rng.randrange(10**8):08d}") for _ in range(n)})


def _by_kind(attempts: list[Attempt]) -> dict[str, int]:
    out: dict[str, int] = {}
    for a in attempts:
        out[a.kind] = out.get(a.kind, 0) + 1
    return out


def _remove(root: Path) -> None:
    import shutil

    shutil.rmtree(root, ignore_errors=True)


def _exit_on_sigterm(signum, frame):
    raise SystemExit(143)
