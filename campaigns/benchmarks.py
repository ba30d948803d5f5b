"""`manage.py bench qr` and `manage.py bench import` (figures in docs/benchmarks.md)."""

from __future__ import annotations

import csv
import io
import random
import resource
import tempfile
import time
from pathlib import Path

from django.db import transaction


def peak_rss_mb() -> float:
    # ru_maxrss is in KiB on Linux.
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def bench_qr(channels: int = 1000, **options) -> dict:
    """PNG, SVG and poster PDF for `channels` channels, building each QR matrix once.
    Runs inside a rolled-back transaction so the database is left as it was."""
    from .demo import ensure_benchmark_channels
    from .posters import poster_pdf, register_font
    from .qr import channel_url, qr_matrix, render_png, render_svg

    register_font()
    out_dir = Path(tempfile.mkdtemp(prefix="canbao-qr-"))
    with transaction.atomic():
        rows = ensure_benchmark_channels(channels)
        start, cpu_start = time.perf_counter(), time.process_time()
        total_bytes = 0
        for channel in rows:
            url = channel_url(channel)
            matrix = qr_matrix(url)
            png, svg, pdf = render_png(matrix), render_svg(matrix), poster_pdf(channel, matrix, url)
            (out_dir / f"{channel.code}.png").write_bytes(png)
            (out_dir / f"{channel.code}.svg").write_text(svg, encoding="utf-8")
            (out_dir / f"{channel.code}.pdf").write_bytes(pdf)
            total_bytes += len(png) + len(svg) + len(pdf)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        transaction.set_rollback(True)
    for path in out_dir.iterdir():
        path.unlink()
    out_dir.rmdir()
    return {
        "channels": len(rows), "outputs": "png+svg+pdf", "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2), "per_item_ms": round(1000 * seconds / max(len(rows), 1), 2), "output_mb": round(total_bytes / 1048576, 1),
        "peak_rss_mb": peak_rss_mb(),
    }


def make_registry_csv(rows: int, seed: int = 7) -> bytes:
    """A GBK CSV like market regulation's: a title row, then `rows` firms."""
    from .demo import fake_firm, fake_uscc
    from .models import Township

    rng = random.Random(seed)
    names = list(Township.objects.values_list("name", flat=True))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["东至县市场主体名录（基准测试）"])
    writer.writerow(["序号", "企业名称", "统一社会信用代码", "所属乡镇", "行业代码", "从业人员（人）", "营业收入（万元）", "资产总额（万元）", "成立日期"])
    for i in range(rows):
        firm = fake_firm(rng)
        writer.writerow([
            i + 1, f"基准测试企业{i:06d}有限公司", fake_uscc(rng), rng.choice(names),
            f"{firm['industry_code']} {firm['industry_name']}", firm["employees"], firm["revenue"], firm["assets"],
            f"20{rng.randint(0, 23):02d}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
        ])
    return out.getvalue().encode("gb18030")


def csv_to_xlsx(data: bytes) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in csv.reader(io.StringIO(data.decode("gb18030"))):
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def bench_import(rows: int = 50000, **options) -> dict:
    """Import `rows` new firms from a GBK CSV, then the same file again (all unchanged);
    everything is rolled back. Also times reading the same rows from an XLSX."""
    from .imports import build_plan, read_table, write_plan
    from .models import Enterprise, ImportBatch

    data = make_registry_csv(rows)
    batch = ImportBatch(kind=ImportBatch.Kind.REGISTRY, original_name="bench.csv")
    with transaction.atomic():
        before = Enterprise.objects.count()
        start, cpu_start = time.perf_counter(), time.process_time()
        plan = build_plan(batch, data)
        write_plan(plan)
        first, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        counts = plan.counts()
        start = time.perf_counter()
        again = build_plan(batch, data).counts()
        second = time.perf_counter() - start
        created = Enterprise.objects.count() - before
        transaction.set_rollback(True)
    xlsx = csv_to_xlsx(data)
    start = time.perf_counter()
    xlsx_rows = len(read_table(xlsx, "bench.xlsx", "registry").rows)
    xlsx_seconds = time.perf_counter() - start
    return {
        "rows": rows, "format": "csv-gbk", "seconds": round(first, 2), "cpu_seconds": round(cpu, 2), "per_item_ms": round(1000 * first / rows, 3),
        "created": created, "rejected": counts["rejected"], "reimport_seconds": round(second, 2),
        "reimport_unchanged": again["unchanged"], "xlsx_rows": xlsx_rows, "xlsx_read_seconds": round(xlsx_seconds, 2),
        "peak_rss_mb": peak_rss_mb(),
    }
