"""The data of `bench report --townships N`: a province-shaped tree (1 province, ~17 cities,
~N/15 counties, N townships with 12-digit codes), firms, channels, current and replaced
responses with their answers, and QR scans, for one province campaign.

The bulk rows are made by the database itself (INSERT … SELECT over a number series), so
the fill costs no Python memory and no round trips; "random" values are integer hashes of
the row number, the same on PostgreSQL and SQLite. On PostgreSQL the fill runs with
session_replication_role = replica (no per-row foreign-key triggers: the rows are made
consistent by construction) and ends with VACUUM ANALYZE."""

from __future__ import annotations

import datetime
import math
import time
from contextlib import contextmanager

from django.db import connection, transaction

from campaigns.models import Campaign, Channel, Enterprise, Scan, Township
from core.db import vacuum_analyze
from regions.models import Region
from surveys.models import Answer, Question, Response

from .benchmarks import bench_survey

PROVINCE_CODE = "990000000000"  # no real province has 99: the bench never meets a real code
TITLE = "省级性能测试问卷（17题）"
CAMPAIGN = "省级性能测试行动"
KNOWLEDGE, PASS_MARK = 15, 9
START = datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC)
SPAN_S = 100 * 86400
KINDS = ("town", "township", "subdistrict")
CHANNEL_KINDS = ("poster", "wechat", "service_hall")


def shape(townships: int) -> tuple[int, int]:
    """(cities, counties) for `townships`: ~15 townships a county, ~8 counties a city, at
    most 17 cities, at least 2 of each so every level has more than one row."""
    counties = max(2, round(townships / 15))
    cities = min(counties, 17, max(2, math.ceil(counties / 8)))
    return cities, counties


def _sql(name: str, **kw) -> str:
    pg = connection.vendor == "postgresql"
    fragments = {
        "series": ("SELECT generate_series(1, {n}) AS i" if pg else
                   "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {n}) SELECT i FROM s"),
        "pad": "lpad(CAST({x} AS text), 17, '0')" if pg else "printf('%017d', {x})",
        "time": ("(TIMESTAMPTZ '2026-03-01 00:00:00+00' + ({x}) * INTERVAL '1 second')" if pg else
                 "datetime('2026-03-01 00:00:00', '+' || ({x}) || ' seconds')"),
        "least": "LEAST({a}, {b})" if pg else "MIN({a}, {b})",
        "now": "CURRENT_TIMESTAMP",
    }
    return fragments[name].format(**kw)


def h(i: str, multiplier: int, modulo: int, add: int = 0) -> str:
    """A hash of row number i in [0, modulo): multiplied modulo the prime 2^31 - 1 first, so
    that hashes of i with different multipliers (and i's residues) are not correlated
    (64-bit arithmetic on both databases)."""
    return f"(((CAST({i} AS BIGINT) * {multiplier} + {add}) % 2147483647) % {modulo})"


def correct_sql(position: str, i: str = "i") -> str:
    """Whether response number i answered the knowledge question at `position` correctly:
    question p is answered correctly by about (31 + 4p) % of respondents."""
    return f"((CAST({i} AS BIGINT) * (7 + 26 * ({position})) + 13 * ({position})) % 1009 % 100 < 31 + 4 * ({position}))"


def build_tree(townships: int) -> tuple[Region, list[Region], list[Region]]:
    """The province, its cities and counties and `townships` townships (kept when the
    same number is there already)."""
    cities_n, counties_n = shape(townships)
    province, _ = Region.objects.get_or_create(code=PROVINCE_CODE, defaults={"name": "性能测试省", "level": "province"})
    cities = [Region.objects.get_or_create(code=f"99{c:02d}00000000", defaults={
        "name": f"测试{c}市", "level": "city", "parent": province})[0] for c in range(1, cities_n + 1)]
    counties = [Region.objects.get_or_create(code=f"{cities[k % cities_n].code[:4]}{k // cities_n + 1:02d}000000", defaults={
        "name": f"测试{k + 1}县", "level": "county", "parent": cities[k % cities_n]})[0] for k in range(counties_n)]
    if not Township.objects.filter(code__startswith="99").exists():
        Township.objects.bulk_create([
            Township(code=f"{counties[i % counties_n].code[:6]}{i // counties_n + 1:03d}000", name=f"测试{i + 1}镇",
                     kind=KINDS[i % 3], county=counties[i % counties_n], is_placeholder=True)
            for i in range(townships)], batch_size=2000)
    return province, cities, counties


def build_campaign(province, cities) -> Campaign:
    survey = bench_survey(TITLE)
    campaign, _ = Campaign.objects.update_or_create(name=CAMPAIGN, defaults={
        "starts_on": datetime.date(2026, 3, 1), "ends_on": datetime.date(2026, 6, 30),
        "deadline": datetime.date(2026, 6, 30), "survey": survey, "region": province})
    towns = Township.objects.filter(code__startswith="99").order_by("code")
    if not Channel.objects.filter(campaign=campaign).exists():
        Channel.objects.bulk_create(
            [Channel(campaign=campaign, township=t, kind=k, label=f"bench-{t.code}-{k}") for t in towns for k in CHANNEL_KINDS]
            + [Channel(campaign=campaign, region=c, kind="website", label=f"bench-{c.code}") for c in cities],
            batch_size=2000)
    return campaign


def bench_counts() -> tuple[int, int, int]:
    """(townships, firms, current responses) of the bench data already in the database."""
    campaign = Campaign.objects.filter(name=CAMPAIGN).first()
    current = 0 if campaign is None or campaign.survey_id is None else Response.objects.filter(
        survey_id=campaign.survey_id, status="current").count()
    return (Township.objects.filter(code__startswith="99").count(),
            Enterprise.objects.filter(uscc__startswith="P").count(), current)


def reset() -> None:
    """Remove every bench row (raw deletes: the ORM would collect a million objects)."""
    campaign = Campaign.objects.filter(name=CAMPAIGN).first()
    with connection.cursor() as cur, transaction.atomic():
        if connection.vendor == "postgresql":  # no per-row foreign-key checks; undone at commit
            cur.execute("SET LOCAL session_replication_role = replica")
        if campaign is not None:
            survey = campaign.survey_id
            cur.execute(f"DELETE FROM {Answer._meta.db_table} WHERE question_id IN "  # noqa: S608
                        f"(SELECT id FROM {Question._meta.db_table} WHERE survey_id = %s)", [survey])
            cur.execute(f"DELETE FROM {Response._meta.db_table} WHERE survey_id = %s", [survey])  # noqa: S608
            cur.execute(f"DELETE FROM {Scan._meta.db_table} WHERE channel_id IN "  # noqa: S608
                        f"(SELECT id FROM {Channel._meta.db_table} WHERE campaign_id = %s)", [campaign.pk])
            cur.execute(f"DELETE FROM {Channel._meta.db_table} WHERE campaign_id = %s", [campaign.pk])  # noqa: S608
        cur.execute(f"DELETE FROM {Enterprise._meta.db_table} WHERE uscc LIKE 'P%%'")  # noqa: S608
        cur.execute(f"DELETE FROM {Township._meta.db_table} WHERE code LIKE '99%%'")  # noqa: S608


def fill(campaign, firms: int, responses: int) -> dict[str, float]:
    """Firms, responses (+2% replaced), answers and scans, made by the database. Returns
    the seconds of each step."""
    steps: dict[str, float] = {}

    def step(name, func, *args, table=None):
        t0 = time.perf_counter()
        with _indexes_rebuilt(cur, table):
            func(*args)
        if table is not None:
            # The next step joins this table (statistics of the transaction's own rows).
            cur.execute(f"ANALYZE {connection.ops.quote_name(table)}")
        steps[name] = round(time.perf_counter() - t0, 1)

    with connection.cursor() as cur:
        # The regions, townships and channels were just made: the fill's joins need their
        # statistics (a fresh database has none, and PostgreSQL then joined each response
        # to every channel in a loop: over 20 minutes instead of 35 s).
        for model in (Region, Township, Channel):
            cur.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        if connection.vendor == "postgresql":
            cur.execute("SET session_replication_role = replica")
        try:
            with transaction.atomic():
                step("firms", _fill_firms, cur, firms, table=Enterprise._meta.db_table)
                step("responses", _fill_responses, cur, campaign, firms, responses, table=Response._meta.db_table)
                step("answers", _fill_answers, cur, campaign, table=Answer._meta.db_table)
                step("scans", _fill_scans, cur, campaign, responses // 2)
        finally:
            if connection.vendor == "postgresql":
                cur.execute("SET session_replication_role = DEFAULT")
        for model in (Region, Township, Channel, Enterprise, Response, Answer, Scan):
            step(f"analyze_{model._meta.model_name}", vacuum_analyze, cur, model._meta.db_table)
    return steps


@contextmanager
def _indexes_rebuilt(cur, table: str | None):
    """On PostgreSQL, drop `table`'s indexes and unique constraints (not its primary key) and
    build them again afterwards, as pg_restore does: one sorted build each instead of
    millions of insertions."""
    if table is None or connection.vendor != "postgresql":
        yield
        return
    cur.execute("SELECT indexname, indexdef FROM pg_indexes i WHERE tablename = %s AND NOT EXISTS "
                "(SELECT 1 FROM pg_constraint c WHERE c.conindid = quote_ident(i.indexname)::regclass)", [table])
    indexes = cur.fetchall()
    cur.execute("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass "
                "AND contype = 'u'", [table])
    uniques = cur.fetchall()
    for name, _definition in indexes:
        cur.execute(f'DROP INDEX "{name}"')
    for name, _definition in uniques:
        cur.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
    yield
    cur.execute("SET maintenance_work_mem = '256MB'")
    for name, definition in uniques:
        cur.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
    for _name, definition in indexes:
        cur.execute(definition)


def _towns() -> str:
    """The bench townships numbered 0… in code order (k), as a subquery."""
    return (f"(SELECT id, row_number() OVER (ORDER BY code) - 1 AS k FROM {Township._meta.db_table} "  # noqa: S608
            f"WHERE code LIKE '99%')")


def _fill_firms(cur, firms: int) -> None:
    n_towns = Township.objects.filter(code__startswith="99").count()
    # Skewed towards the first townships (the smaller of two hashes): townships differ in size.
    k = _sql("least", a=h("i", 2654435761, n_towns), b=h("i", 1103515245, n_towns, 17))
    cur.execute(
        f"INSERT INTO {Enterprise._meta.db_table} (name, uscc, uscc_needs_review, industry_section, industry_code, "  # noqa: S608
        f"industry_name, contact_phone, size_class, insured, insured_source, created_at, updated_at, township_id) "
        f"SELECT '测试企业' || i, 'P' || {_sql('pad', x='i')}, FALSE, substr('CEFGHM', 1 + i % 6, 1), '', '', '', "
        f"CASE WHEN i % 10 < 7 THEN 'micro' WHEN i % 10 < 9 THEN 'small' ELSE 'medium' END, {h('i', 747796405, 100)} < 40, "
        f"'', {_sql('now')}, {_sql('now')}, t.id FROM ({_sql('series', n=firms)}) s JOIN {_towns()} t ON t.k = {k}")


def _fill_responses(cur, campaign, firms: int, responses: int) -> None:
    """Response i (1…n current, then n/50 replaced): 3 in 5 from a registered firm (its own
    township; 1 in 20 of them through another township's channel, out of the population),
    the others from unregistered USCCs."""
    multiplier = next(m for m in range(1_000_003, 2_000_000, 2) if math.gcd(m, firms) == 1)
    n_towns = Township.objects.filter(code__startswith="99").count()
    score = " + ".join(f"(CASE WHEN {correct_sql(str(p), 's.i')} THEN 1 ELSE 0 END)" for p in range(1, KNOWLEDGE + 1))
    firm_uscc = "'P' || " + _sql("pad", x=f"((CAST(s.i AS BIGINT) * {multiplier}) % {firms} + 1)")  # a permutation
    cur.execute(
        f"INSERT INTO {Response._meta.db_table} (survey_id, channel_id, township_id, enterprise_id, uscc, "  # noqa: S608
        f"enterprise_name, score, max_score, passed, insured, status, form_token, started_at, submitted_at) "
        f"SELECT {campaign.survey_id}, ch.id, ch.township_id, x.firm_id, x.uscc, x.name, x.score, {KNOWLEDGE}, "
        f"x.score >= {PASS_MARK}, x.insured, x.status, 'prov-' || x.i, x.at, x.at FROM ("
        f" SELECT s.i, e.id AS firm_id, COALESCE(e.uscc, 'U' || {_sql('pad', x='s.i')}) AS uscc,"
        f" COALESCE(e.name, '未登记企业' || s.i) AS name, ({score}) AS score,"
        f" CASE s.i % 4 WHEN 0 THEN 'yes' WHEN 1 THEN 'no' WHEN 2 THEN 'unsure' ELSE '' END AS insured,"
        f" CASE WHEN s.i > {responses} THEN 'replaced' ELSE 'current' END AS status,"
        f" {_sql('time', x=h('s.i', 1664525, SPAN_S))} AS at,"
        f" CASE WHEN e.id IS NULL OR s.i % 20 = 0 THEN t.id ELSE e.township_id END AS town"
        f" FROM ({_sql('series', n=responses + responses // 50)}) s"
        f" JOIN {_towns()} t ON t.k = {h('s.i', 22695477, n_towns)}"
        f" LEFT JOIN {Enterprise._meta.db_table} e ON s.i % 5 < 3 AND s.i <= {firms} AND e.uscc = {firm_uscc}"
        f") x JOIN (SELECT id, township_id, row_number() OVER (PARTITION BY township_id ORDER BY id) - 1 AS r"
        f" FROM {Channel._meta.db_table} WHERE campaign_id = {campaign.pk} AND township_id IS NOT NULL) ch"
        f" ON ch.township_id = x.town AND ch.r = x.i % 3")


def _fill_answers(cur, campaign) -> None:
    """17 answers a response: 15 knowledge (is_correct as the score counted them), the
    coverage question (no value) and the number question."""
    i = "CAST(substr(r.form_token, 6) AS BIGINT)"
    cur.execute(
        f"INSERT INTO {Answer._meta.db_table} (response_id, question_id, township_id, is_correct, number_value, "  # noqa: S608
        f"text_value) SELECT r.id, q.id, r.township_id, CASE WHEN q.position <= {KNOWLEDGE} "
        f"THEN {correct_sql('q.position', i)} END, CASE WHEN q.position = {KNOWLEDGE + 2} THEN 1 + r.id % 49 END, '' "
        f"FROM {Response._meta.db_table} r CROSS JOIN {Question._meta.db_table} q "
        f"WHERE r.survey_id = {campaign.survey_id} AND q.survey_id = {campaign.survey_id}")


def _fill_scans(cur, campaign, n: int) -> None:
    channels = Channel.objects.filter(campaign=campaign).count()
    cur.execute(
        f"INSERT INTO {Scan._meta.db_table} (channel_id, scanned_at) "  # noqa: S608
        f"SELECT ch.id, {_sql('time', x=h('s.i', 134775813, SPAN_S))} FROM ({_sql('series', n=n)}) s "
        f"JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM {Channel._meta.db_table} "
        f"WHERE campaign_id = {campaign.pk}) ch ON ch.k = {h('s.i', 214013, channels)}")
