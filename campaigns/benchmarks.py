"""`manage.py bench qr` and `manage.py bench import --format F` (figures in docs/benchmarks.md)."""

from __future__ import annotations

import os
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


def registry_rows(rows: int, names: list[str], seed: int = 7) -> tuple[list[list], list]:
    """A list like market regulation's: a title row, a two-row header with 规模信息 merged
    over the size columns, `rows` firms over the townships `names`, a 合计 footer."""
    from .demo import fake_firm, fake_uscc
    from .imports.samples import registry_layout

    rng = random.Random(seed)
    labels = ["序号", "企业名称", "统一社会信用代码", "所属乡镇", "行业代码", "从业人员（人）", "营业收入（万元）", "资产总额（万元）", "成立日期"]
    table, merges = registry_layout("东至县市场主体名录（基准测试）", labels, ("规模信息", 5, 7))
    for i in range(rows):
        firm = fake_firm(rng)
        table.append([
            i + 1, f"基准测试企业{i:06d}有限公司", fake_uscc(rng), rng.choice(names),
            f"{firm['industry_code']} {firm['industry_name']}", firm["employees"], firm["revenue"], firm["assets"],
            f"20{rng.randint(0, 23):02d}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
        ])
    table.append(["合计", None, None, None, None, None, None, None, None])
    return table, merges


def make_registry_file(fmt: str, rows: int) -> bytes:
    """The benchmark's file, written in a forked child so that building 50,000 rows in
    memory does not count in this process's peak RSS."""
    import multiprocessing

    from .imports.samples import write_sheet
    from .models import Township

    names = list(Township.objects.values_list("name", flat=True))
    with tempfile.TemporaryDirectory(prefix="canbao-import-") as folder:
        path = Path(folder) / f"bench.{fmt}"

        def write() -> None:
            table, merges = registry_rows(rows, names)
            path.write_bytes(write_sheet(fmt, table, merges))

        child = multiprocessing.get_context("fork").Process(target=write)
        child.start()
        child.join()
        if child.exitcode != 0:
            raise RuntimeError(f"writing the {fmt} file failed ({child.exitcode})")
        return path.read_bytes()


def bench_import(rows: int = 50000, format: str = "csv", **options) -> dict:  # noqa: A002 (the option's name)
    """Import `rows` new firms from a registry file in `format` (xlsx, xls, ods or csv:
    GBK), then the same file again (all unchanged); everything is rolled back. The file is
    written before timing; `read_*` times reading it into a table alone."""
    from .imports import build_plan, read_table, write_plan
    from .models import Enterprise, ImportBatch

    data = make_registry_file(format, rows)
    name = f"bench.{format}"
    start, cpu_start = time.perf_counter(), time.process_time()
    read_rows = len(read_table(data, name, ImportBatch.Kind.REGISTRY).rows)
    read_seconds, read_cpu = time.perf_counter() - start, time.process_time() - cpu_start
    batch = ImportBatch(kind=ImportBatch.Kind.REGISTRY, original_name=name)
    with transaction.atomic():
        before = Enterprise.objects.count()
        start, cpu_start = time.perf_counter(), time.process_time()
        plan = build_plan(batch, data)
        write_plan(plan)
        first, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        counts = plan.counts()
        del plan  # as in the app, where each import's plan goes with its task
        start = time.perf_counter()
        again = build_plan(batch, data).counts()
        second = time.perf_counter() - start
        created = Enterprise.objects.count() - before
        transaction.set_rollback(True)
    return {
        "rows": rows, "format": "csv-gbk" if format == "csv" else format, "file_mb": round(len(data) / 1048576, 2),
        "seconds": round(first, 2), "cpu_seconds": round(cpu, 2), "per_item_ms": round(1000 * first / rows, 3),
        "read_rows": read_rows, "read_seconds": round(read_seconds, 2), "read_cpu_seconds": round(read_cpu, 2),
        "created": created, "rejected": counts["rejected"], "reimport_seconds": round(second, 2),
        "reimport_unchanged": again["unchanged"], "peak_rss_mb": peak_rss_mb(), "load_average": round(os.getloadavg()[0], 2),
    }
