import time
import django
django.setup()
from django.db import connection, transaction
from reports.benchmarks import _setup
from reports.rollup import campaign_responses
from reports.filters import ReportFilters
from surveys.models import Answer
campaign, q, towns = _setup(7)
qs = campaign_responses(campaign, ReportFilters(), None)
s = Answer.objects.filter(response__in=qs.values("id")).order_by("response__township__code", "response__submitted_at", "response_id", "id", "choices__option__position").values_list("response_id", "question_id", "number_value", "text_value", "choices__option__label")
t = time.perf_counter(); n = 0
for r in s.iterator(chunk_size=10000): n += 1
print("narrow django", n, time.perf_counter() - t, flush=True)
sql, params = s.query.sql_with_params()
t = time.perf_counter(); n = 0
with transaction.atomic():
    c = connection.chunked_cursor()
    c.execute(sql, params)
    while rows := c.fetchmany(10000):
        n += len(rows)
print("narrow raw", n, time.perf_counter() - t)
