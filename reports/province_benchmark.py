"""`manage.py bench report --townships N --firms F --responses R`: a province (1 province,
~17 cities, ~N/15 counties, N townships) with F firms and R current responses to one
province campaign (reports.province_fill; not timed), then, for each level (township,
county, city, province), our roll-up against one SQL statement computing the same counts
for that level, and the dashboard page for a city and for the province.

Use a database of its own: DATABASE_URL=postgres://root@127.0.0.1:5432/canbao_bench."""

from __future__ import annotations

import datetime
import os
import resource
import time

from django.core.management import call_command
from django.db import connection
from django.test.utils import override_settings
from django.utils import timezone

from campaigns.models import SMALL_OR_MICRO, Channel, Enterprise, Scan, Township
from regions.models import Region
from surveys.models import Answer, Response

from . import province_fill as pf
from . import statistics as st
from .benchmarks import _best_pair
from .dashboard_benchmark import time_dashboard
from .levels import region_rows
from .rollup import COUNT_COLUMNS, county_row, township_rollup

LEVELS = ("township", "county", "city", "province")
TODAY = datetime.date(2026, 6, 10)
LIMIT_COLUMNS = ["firms", "uninsured", "scans", "responses", "passed", "score_sum", "insured_yes",
                 "insured_answered", "recent", "registered", "all_responses"]
COMPARED = [c for c in COUNT_COLUMNS if c != "responding_firms"]


def _rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _load() -> float:
    return round(os.getloadavg()[0], 2)


def prepare(townships: int, firms: int, responses: int):
    """The province, its campaign and data; filled again only when a size differs.
    Returns (campaign, cities, fill seconds or None, seconds per fill step or None)."""
    call_command("migrate", verbosity=0)
    fill_s, steps = None, None
    if pf.bench_counts() != (townships, firms, responses):
        t0 = time.perf_counter()
        pf.reset()
        province, cities, _ = pf.build_tree(townships)
        campaign = pf.build_campaign(province, cities)
        steps = pf.fill(campaign, firms, responses)
        fill_s = round(time.perf_counter() - t0, 1)
    province, cities, _ = pf.build_tree(townships)
    return pf.build_campaign(province, cities), cities, fill_s, steps


def ours(campaign, level: str) -> dict:
    """Our figures for every region of `level` (township ids for townships): what the
    dashboard, the exports and the bulletin call."""
    frame = township_rollup(campaign, today=TODAY)
    if level == "township":
        return {row["township_id"]: row for row in frame.to_dict("records")}
    if level == "province":
        row = county_row(frame, campaign, TODAY)
        return {row["region_id"]: row}
    return {row["region_id"]: row for row in region_rows(frame, campaign, level, TODAY)}


def limit_sql(level: str) -> str:
    """One statement: the roll-up's counts per township (responses joined to their firms,
    firms, scans), summed GROUP BY the level's region, plus the scans of channels without a
    township in the region they serve. A row's region at the level is found by walking at
    most two parents up from the county (or from a channel's region)."""
    region, town, firm = Region._meta.db_table, Township._meta.db_table, Enterprise._meta.db_table
    small = ", ".join(f"'{s}'" for s in SMALL_OR_MICRO)
    pop = f"e.size_class IN ({small}) AND e.township_id = r.township_id"

    def key(alias: str) -> str:
        return " ".join(["CASE", *(f"WHEN {alias}{n}.level = %(level)s THEN {alias}{n}.id" for n in (1, 2, 3)), "END"])

    tw = "t.id" if level == "township" else key("c")
    # The campaign's townships: their county is the campaign's region or below it.
    towns = (f"SELECT t.id, {tw} AS key FROM {town} t JOIN {region} c1 ON c1.id = t.county_id "  # noqa: S608
             f"LEFT JOIN {region} c2 ON c2.id = c1.parent_id LEFT JOIN {region} c3 ON c3.id = c2.parent_id "
             f"WHERE %(region)s IN (c1.id, c2.id, c3.id)")
    wide = "" if level == "township" else (  # their scans, in the region they serve, as a row of scans only
        f"UNION ALL SELECT {key('w')}, 0, 0, COUNT(*), 0, 0, 0, 0, 0, 0, 0, 0 FROM {Scan._meta.db_table} s "  # noqa: S608
        f"JOIN {Channel._meta.db_table} ch ON ch.id = s.channel_id JOIN {region} w1 ON w1.id = "
        f"COALESCE(ch.region_id, %(region)s) LEFT JOIN {region} w2 ON w2.id = w1.parent_id "
        f"LEFT JOIN {region} w3 ON w3.id = w2.parent_id "
        f"WHERE ch.campaign_id = %(campaign)s AND ch.township_id IS NULL GROUP BY 1")
    return f"""
SELECT tw.key, SUM(COALESCE(f.firms, 0)), SUM(COALESCE(f.uninsured, 0)), SUM(COALESCE(s.scans, 0)),
  SUM(COALESCE(r.responses, 0)), SUM(COALESCE(r.passed, 0)), SUM(COALESCE(r.score_sum, 0)),
  SUM(COALESCE(r.insured_yes, 0)), SUM(COALESCE(r.insured_answered, 0)), SUM(COALESCE(r.recent, 0)),
  SUM(COALESCE(r.registered, 0)), SUM(COALESCE(r.all_responses, 0))
FROM ({towns}) tw
LEFT JOIN (SELECT r.township_id, COUNT(*) FILTER (WHERE {pop}) AS responses,
    COUNT(*) FILTER (WHERE {pop} AND r.passed) AS passed, SUM(r.score) FILTER (WHERE {pop}) AS score_sum,
    COUNT(*) FILTER (WHERE {pop} AND r.insured = 'yes') AS insured_yes,
    COUNT(*) FILTER (WHERE {pop} AND r.insured <> '') AS insured_answered,
    COUNT(*) FILTER (WHERE {pop} AND r.submitted_at >= %(since)s) AS recent,
    COUNT(e.id) AS registered, COUNT(*) AS all_responses
  FROM {Response._meta.db_table} r LEFT JOIN {firm} e ON e.id = r.enterprise_id
  WHERE r.survey_id = %(survey)s AND r.status = 'current' GROUP BY r.township_id) r ON r.township_id = tw.id
LEFT JOIN (SELECT e.township_id, COUNT(*) AS firms, COUNT(*) FILTER (WHERE NOT e.insured) AS uninsured
  FROM {firm} e WHERE e.size_class IN ({small}) GROUP BY e.township_id) f ON f.township_id = tw.id
LEFT JOIN (SELECT ch.township_id, COUNT(*) AS scans FROM {Scan._meta.db_table} s
  JOIN {Channel._meta.db_table} ch ON ch.id = s.channel_id WHERE ch.campaign_id = %(campaign)s
  GROUP BY ch.township_id) s ON s.township_id = tw.id
GROUP BY tw.key {wide}
ORDER BY 1"""  # noqa: S608


def limit(campaign, level: str) -> dict:
    since = timezone.make_aware(datetime.datetime.combine(TODAY - datetime.timedelta(days=st.RECENT_DAYS - 1),
                                                          datetime.time.min))
    params = {"level": level, "region": campaign.region_id, "campaign": campaign.pk, "survey": campaign.survey_id,
              "since": since}
    with connection.cursor() as cur:
        cur.execute(limit_sql(level), params)
        rows = cur.fetchall()
    figures: dict = {}
    for key, *values in rows:
        if key is None:
            continue  # wide scans of a region above the level (a city's channel at county level)
        previous = figures.get(key, dict.fromkeys(LIMIT_COLUMNS, 0))
        counts = {col: previous[col] + int(v) for col, v in zip(LIMIT_COLUMNS, values, strict=True)}
        counts["unregistered"] = counts["all_responses"] - counts["registered"]
        counts["not_small_micro"] = counts["registered"] - counts["responses"]
        counts["out_of_population"] = counts["all_responses"] - counts["responses"]
        figures[key] = counts
    return figures


def same_counts(ours_rows: dict, limit_rows: dict) -> bool:
    return set(ours_rows) == set(limit_rows) and all(
        int(ours_rows[key][col]) == limit_rows[key][col] for key in limit_rows for col in COMPARED)


def bench_province(townships: int, firms: int, responses: int, repeat: int = 5, **_options) -> dict:
    with override_settings(DEBUG=False):  # no query log in memory
        return _bench_province(townships, firms, responses, max(1, min(repeat, 5)))


def _bench_province(townships: int, firms: int, responses: int, repeat: int) -> dict:
    campaign, cities, fill_s, steps = prepare(townships, firms, responses)
    cities_n, counties_n = pf.shape(townships)
    result = {
        "vendor": connection.vendor, "townships": townships, "counties": counties_n, "cities": cities_n,
        "firms": firms, "responses": responses, "answers": Answer.objects.filter(question__survey=campaign.survey_id).count(),
        "fill_s": fill_s, "fill_steps_s": steps, "fill_peak_rss_mb": _rss_mb(), "load_before": _load(), "levels": {}, "counts_match": True,
    }
    for level in LEVELS:
        ours_s, limit_s = _best_pair(lambda lv=level: ours(campaign, lv), lambda lv=level: limit(campaign, lv), repeat)
        ours_rows, limit_rows = ours(campaign, level), limit(campaign, level)
        result["counts_match"] &= same_counts(ours_rows, limit_rows)
        result["levels"][level] = {"rows": len(limit_rows), "ours_s": ours_s, "limit_s": limit_s,
                                   "ratio": round(ours_s / limit_s, 2), "load": _load()}
    result["rollup_peak_rss_mb"] = _rss_mb()
    result.update(dashboard_figures(campaign, cities[0], repeat))
    result["peak_rss_mb"] = _rss_mb()
    result["load_average"] = _load()
    return result


def dashboard_figures(campaign, city, repeat: int = 3) -> dict:
    """The dashboard as a city's reviewer opens the province campaign (the city's
    townships) and as an administrator (the whole province); best of `repeat` GETs."""
    figures = {}
    for name, user in (("city", _user("bench-city", city)), ("province", _user("bench-admin", None))):
        timings = time_dashboard(campaign, user, repeat)
        figures[f"dashboard_{name}_s"] = round(min(timings), 3)
        figures[f"dashboard_{name}_first_s"] = round(timings[0], 3)
        figures[f"dashboard_{name}_load"] = _load()
    return figures


def _user(username: str, region):
    """A reviewer of `region`, or an administrator when region is None (both with TOTP)."""
    from allauth.mfa.totp.internal.auth import TOTP

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from accounts import roles
    from accounts.models import Profile

    roles.sync_role_permissions()
    admin = region is None
    user, created = get_user_model().objects.get_or_create(username=username, defaults={
        "email": f"{username}@example.invalid", "is_superuser": admin, "is_staff": admin})
    if created:
        user.groups.add(Group.objects.get(name=roles.ADMINISTRATOR if admin else roles.REVIEWER))
        TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DP")
    Profile.objects.update_or_create(user=user, defaults={"region": region})
    return user
