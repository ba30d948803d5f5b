import time
import django
django.setup()
from django.db import connection, transaction
from reports.benchmarks import _setup
from reports.rollup import campaign_responses
from reports.filters import ReportFilters
campaign, q, towns = _setup(7)
qs = campaign_responses(campaign, ReportFilters(), None)
fields = ["id", "township__name", "enterprise_name", "uscc", "channel__kind", "submitted_at",
              "enterprise__industry_section", "enterprise__size_class", "score", "max_score", "passed", "insured",
              "township_id", "enterprise_id", "enterprise__township_id",
              "answers__question_id", "answers__number_value", "answers__text_value", "answers__choices__option__label"]
s = qs.order_by("township__code", "submitted_at", "id", "answers__id", "answers__choices__option__position", "answers__choices__id").values_list(*fields)
sql, params = s.query.sql_with_params()
print(sql)
with connection.cursor() as c:
    c.execute("EXPLAIN ANALYZE " + sql, params)
    for r in c.fetchall(): print(r[0])
t = time.perf_counter()
n = 0
for r in s.iterator(chunk_size=5000): n += 1
print("django iter", n, time.perf_counter() - t)
