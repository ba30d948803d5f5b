import time, resource, datetime, os
import django
django.setup()
from reports.benchmarks import _setup
from reports.exports.jobs import ExportJob
from reports.exports.tables import response_rows
from reports.exports.spreadsheets import build_xlsx
from reports.filters import ReportFilters
campaign, q, towns = _setup(7)
job = ExportJob(campaign=campaign, filters_obj=ReportFilters(), townships=None, today=datetime.date(2026,6,10), with_county=True, include_personal=False, table="responses", filter_text="x")
r0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024
t=time.perf_counter(); n=sum(1 for _ in response_rows(campaign, ReportFilters(), None, False)); print("rows", n, time.perf_counter()-t, flush=True)
t=time.perf_counter(); b, n = build_xlsx(job); print("xlsx", n, len(b)/1e6, time.perf_counter()-t)
print("rss", r0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024, os.getloadavg())
