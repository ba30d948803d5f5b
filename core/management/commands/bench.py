"""`manage.py bench <what>`: one JSON line of figures per run (see docs/benchmarks.md).

Each benchmark lives beside the code it measures, as a function that takes the parsed
options and returns a dict."""

import json
from importlib import import_module

from django.core.management.base import BaseCommand, CommandError

BENCHMARKS = {
    "pages": "cms.benchmarks:bench_pages",
    "qr": "campaigns.benchmarks:bench_qr",
    "import": "campaigns.benchmarks:bench_import",
    "submit": "surveys.benchmarks:bench_submit",
    "report": "reports.benchmarks:bench_report",
    "dashboard": "reports.dashboard_benchmark:bench_dashboard",
    "exports": "reports.exports_benchmark:bench_exports",
    "phone": "core.phone_bench:bench_phone",
}


class Command(BaseCommand):
    help = "Run a benchmark and print one JSON line: " + ", ".join(BENCHMARKS)

    def add_arguments(self, parser):
        parser.add_argument("what", choices=sorted(BENCHMARKS))
        parser.add_argument("--channels", type=int, default=1000)
        parser.add_argument("--rows", type=int, default=50000)
        parser.add_argument("--format", choices=["csv", "xlsx", "xls", "ods"], default="csv", help="import: the file's format")
        parser.add_argument("--respondents", type=int, default=500)
        parser.add_argument("--responses", type=int, default=1_000_000)
        parser.add_argument("--firms", type=int, default=30_000, help="dashboard: firms imported first; report: firms")
        parser.add_argument("--townships", type=int, default=None,
                            help="report: a province of this many townships, every level measured")
        parser.add_argument("--repeat", type=int, default=50)

    def handle(self, *args, what, **options):
        module_name, func_name = BENCHMARKS[what].split(":")
        try:
            func = getattr(import_module(module_name), func_name)
        except (ImportError, AttributeError) as exc:
            raise CommandError(f"benchmark {what!r} is not available: {exc}") from exc
        result = func(**options)
        self.stdout.write(json.dumps({"bench": what, **result}, ensure_ascii=False))
