"""`manage.py bench exports --responses N`: fill a database with N synthetic responses (as
`bench report` does, not timed), then time building each export file once: the XLSX,
the responses CSV, the PDF report and the 通报. The fill runs in a child process (a new
interpreter, sharing no memory with this one): peak_rss_mb is this process's peak, which is Django,
the setup and the exports only; rss_before_exports_mb is its peak before the first export.
A database already holding N current bench responses is reused (fill_s null).

Use a separate database: DATABASE_URL=postgres://root@127.0.0.1:5432/bench_exports."""

from __future__ import annotations

import datetime
import os
import resource
import subprocess
import sys
import time

from django.core.management import call_command
from django.test.utils import override_settings

from surveys.models import Response

from .benchmarks import _fill, _setup
from .filters import ReportFilters
from .models import Bulletin


def bench_exports(responses: int = 2500, seed: int = 7, **_options) -> dict:
    with override_settings(DEBUG=False):  # query logging would hold every statement in memory
        return _bench_exports(responses, seed)


def fill(responses: int, seed: int) -> None:
    """The fill, run by the child process (see _bench_exports)."""
    campaign, questions, towns = _setup(seed)
    _fill(campaign, questions, towns, responses, seed)


FILL_CHILD = "import sys, django; django.setup(); from reports.exports_benchmark import fill; fill(int(sys.argv[1]), int(sys.argv[2]))"


def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _timed(func) -> float:
    t0 = time.perf_counter()
    func()
    return round(time.perf_counter() - t0, 2)


def _bench_exports(responses: int, seed: int) -> dict:
    from .exports.bulletin import build_bulletin
    from .exports.jobs import ExportJob
    from .exports.pdf import build_pdf
    from .exports.spreadsheets import build_csv, build_xlsx

    call_command("migrate", verbosity=0)
    campaign, questions, towns = _setup(seed)
    fill_s = None
    if Response.objects.filter(survey_id=campaign.survey_id, status="current").count() != responses:
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", FILL_CHILD, str(responses), str(seed)], check=True)  # noqa: S603
        fill_s = round(time.perf_counter() - t0, 1)
    today = datetime.date(2026, 6, 10)
    job = ExportJob(campaign=campaign, filters_obj=ReportFilters(), townships=None, today=today, with_county=True,
                    include_personal=False, table="responses", filter_text="无（全部）")
    bulletin = Bulletin(campaign=campaign, number="东人社通〔2026〕1号", bureau="东至县人力资源和社会保障局",
                        title="关于小微企业工伤保险政策知晓度调查工作进展情况的通报", period_start=campaign.starts_on,
                        period_end=today, issue_date=today)
    result = {"responses": responses, "fill_s": fill_s, "rss_before_exports_mb": _peak_mb()}
    result["xlsx_s"] = _timed(lambda: build_xlsx(job))
    result["csv_s"] = _timed(lambda: build_csv(job))
    result["pdf_s"] = _timed(lambda: build_pdf(job))
    result["bulletin_s"] = _timed(lambda: build_bulletin(bulletin, today))
    result["peak_rss_mb"] = _peak_mb()
    result["load_average"] = round(os.getloadavg()[0], 1)
    return result
