"""`manage.py bench dashboard --firms N`: import N firms through the registry import (the
path staff use, which refreshes the planner statistics), give a tenth of them a response,
then time the county dashboard as a reviewer opens it: once with the responses newer than
the statistics (stale_statistics_s, first run only), then after refreshing them (first_s,
best_s). On SQLite before statistics were kept fresh, 33,000 imported firms made this page
take ~40 s (0.03 s after ANALYZE).

Use a database of its own: DATABASE_URL=sqlite:///var/bench-dashboard.sqlite3."""

from __future__ import annotations

import datetime
import os
import random
import time

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from core.db import refresh_planner_statistics

BENCH_CAMPAIGN = "仪表盘性能测试行动"
BENCH_SURVEY = "仪表盘性能测试问卷"
BENCH_EMAIL = "bench-dashboard@example.invalid"


def bench_dashboard(firms: int = 30_000, repeat: int = 5, seed: int = 7, **_options) -> dict:
    with override_settings(DEBUG=False):  # no query log in memory
        return _bench_dashboard(firms, max(1, min(repeat, 10)), seed)


def _bench_dashboard(firms: int, repeat: int, seed: int) -> dict:
    from campaigns.models import Enterprise

    call_command("migrate", verbosity=0)
    campaign = _campaign()
    import_s = stale_s = None
    if not Enterprise.objects.filter(name__startswith="基准测试企业").exists():
        import_s = _import_firms(firms, seed)
        _respond(campaign, seed)
        # The responses came after the import's ANALYZE, as they do when a campaign runs:
        # this is the page until the statistics are next refreshed.
        stale_s = round(_time_dashboard(campaign, 1)[0], 3)
        refresh_planner_statistics()
    timings = _time_dashboard(campaign, repeat)
    return {
        "vendor": connection.vendor, "firms": Enterprise.objects.count(), "responses": _respond(campaign, seed),
        "import_s": import_s, "stale_statistics_s": stale_s, "first_s": round(timings[0], 3),
        "best_s": round(min(timings), 3), "statistics_rows": _statistics_rows(),
        "load_average": round(os.getloadavg()[0], 1),
    }


def _time_dashboard(campaign, repeat: int) -> list[float]:
    """Seconds per GET of the county dashboard, as a reviewer."""
    return time_dashboard(campaign, _reviewer(), repeat)


def time_dashboard(campaign, user, repeat: int) -> list[float]:
    """Seconds per GET of the campaign's dashboard as `user` (reports.province_benchmark too)."""
    client = Client()
    client.force_login(user)
    url = reverse("reports:dashboard") + f"?campaign={campaign.pk}"
    timings = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        status = client.get(url).status_code
        timings.append(time.perf_counter() - t0)
        if status != 200:
            raise RuntimeError(f"dashboard answered {status}")
    return timings


def _campaign():
    from campaigns.models import Campaign, Channel, Township
    from campaigns.townships import load_townships
    from surveys.awareness import build_awareness_survey
    from surveys.models import Survey

    load_townships()
    campaign = Campaign.objects.filter(name=BENCH_CAMPAIGN).first()
    if campaign is None:
        survey = Survey.objects.filter(title=BENCH_SURVEY).first() or build_awareness_survey(title=BENCH_SURVEY)
        campaign = Campaign.objects.create(
            name=BENCH_CAMPAIGN, starts_on=datetime.date(2026, 3, 1), ends_on=datetime.date(2026, 6, 30),
            deadline=datetime.date(2026, 6, 30), survey=survey,
        )
        Channel.objects.bulk_create([Channel(campaign=campaign, township=t, kind=Channel.Kind.POSTER, label=f"bench-{t.pk}")
                                     for t in Township.objects.all()])
    return campaign


def _import_firms(firms: int, seed: int) -> float:
    """Through the same service a staff upload ends in (campaigns.imports.apply_batch)."""
    from campaigns.benchmarks import make_registry_file
    from campaigns.imports import apply_batch
    from campaigns.models import ImportBatch

    data = make_registry_file("csv", firms)
    batch = ImportBatch.objects.create(kind=ImportBatch.Kind.REGISTRY, original_name="bench-dashboard.csv")
    t0 = time.perf_counter()
    apply_batch(batch, data)
    return round(time.perf_counter() - t0, 1)


def _respond(campaign, seed: int) -> int:
    """A current response for every tenth firm (plain rows; answers are not needed here)."""
    from campaigns.models import Channel, Enterprise
    from surveys.models import Response

    existing = Response.objects.filter(survey_id=campaign.survey_id).count()
    if existing:
        return existing
    rng = random.Random(seed)
    channels = dict(Channel.objects.filter(campaign=campaign).values_list("township_id", "id"))
    start = datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC)
    rows = []
    for i, (firm_id, uscc, name, township_id) in enumerate(
        Enterprise.objects.filter(name__startswith="基准测试企业").values_list("id", "uscc", "name", "township_id")
    ):
        if i % 10 or township_id not in channels:
            continue
        score = rng.randint(0, 15)
        when = start + datetime.timedelta(seconds=rng.randrange(90 * 86400))
        rows.append(Response(
            survey_id=campaign.survey_id, channel_id=channels[township_id], township_id=township_id,
            enterprise_id=firm_id, uscc=uscc, enterprise_name=name, score=score, max_score=15, passed=score >= 9,
            insured=rng.choice(("yes", "no", "unsure", "")), form_token=f"bench-dashboard-{firm_id}",
            started_at=when, submitted_at=when,
        ))
    Response.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _reviewer():
    from allauth.mfa.totp.internal.auth import TOTP

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from accounts import roles

    roles.sync_role_permissions()
    user, created = get_user_model().objects.get_or_create(username="bench-dashboard", defaults={"email": BENCH_EMAIL})
    if created:
        user.groups.add(Group.objects.get(name=roles.REVIEWER))
        TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DP")
    return user


def _statistics_rows() -> int | None:
    """Rows of SQLite's planner statistics (None on other databases)."""
    if connection.vendor != "sqlite":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM sqlite_stat1")
        return cursor.fetchone()[0]
