"""Files built to exhaust the server — a 5 KB sheet with one stray cell at XFD1048576, a
zip member inflating past the limit — are refused with a Chinese message in bounded time
and memory. The reader runs in a child process (a stray cell would abort the process that
lays the sheet out), which reports its own time and peak RSS."""

import io
import json
import os
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.imports.samples import write_sheet
from campaigns.models import ImportBatch

from .conftest import code

ROOT = Path(__file__).resolve().parents[2]
HEADER = [["企业名称", "统一社会信用代码", "所属乡镇"], ["东至县尧城百货有限公司", code(1), "尧渡镇"]]
CHILD = """
import json, os, resource, sys, time
import django
django.setup()
from campaigns.imports.reading import ImportFileError, read_table
baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Django and the reader loaded
for path in sys.argv[1:]:
    data = open(path, "rb").read()
    start = time.perf_counter()
    try:
        rows, error = len(read_table(data, os.path.basename(path), "registry").rows), None
    except ImportFileError as exc:
        rows, error = None, str(exc)
    print(json.dumps({"file": os.path.basename(path), "rows": rows, "error": error, "seconds": time.perf_counter() - start,
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "baseline_mb": baseline}, ensure_ascii=False), flush=True)
"""


def stray_cell_xlsx() -> bytes:
    """What Excel saves after someone typed into the last cell: 5 KB, dimension A1:XFD1048576."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in HEADER:
        sheet.append(row)
    sheet["XFD1048576"] = "x"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def rewrite_member(data: bytes, member: str, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            body = source.read(name)
            target.writestr(name, change(body) if name == member else body)
    return out.getvalue()


def stray_cell_without_dimension() -> bytes:
    """The same stray cell, but the sheet declares no dimension: only the scan finds it."""
    far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    return rewrite_member(write_sheet("xlsx", HEADER), "xl/worksheets/sheet1.xml", lambda b: b.replace(b"</sheetData>", far))


def inflating_xlsx(megabytes: int = 210) -> bytes:
    """A sheet whose XML inflates to `megabytes` (blank space compresses ~1000:1)."""
    source = zipfile.ZipFile(io.BytesIO(write_sheet("xlsx", HEADER)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            body = source.read(name)
            if name != "xl/worksheets/sheet1.xml":
                target.writestr(name, body)
                continue
            head, tail = body.split(b"</sheetData>")
            with target.open(name, "w", force_zip64=True) as stream:
                stream.write(head)
                for _ in range(megabytes):
                    stream.write(b" " * 1048576)
                stream.write(b"</sheetData>" + tail)
    return out.getvalue()


def stray_cell_ods() -> bytes:
    far = (b'<table:table-row table:number-rows-repeated="1048570"><table:table-cell/></table:table-row>'
           b'<table:table-row><table:table-cell table:number-columns-repeated="1020"/>'
           b'<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table>')
    return rewrite_member(write_sheet("ods", HEADER), "content.xml", lambda b: b.replace(b"</table:table>", far))


def stray_cell_xls() -> bytes:
    import xlwt

    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("名录")
    for r, row in enumerate(HEADER):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    sheet.write(65535, 255, "x")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def run_reader(tmp_path, files: dict[str, bytes]) -> dict[str, dict]:
    paths = []
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        paths.append(str(tmp_path / name))

    def cap_memory():  # an unguarded reader fails here instead of taking the machine
        resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))

    # The child sees this process's import path (xdist workers may not start from the venv's site).
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "config.settings.test", "PYTHONPATH": os.pathsep.join([str(ROOT), *sys.path])}
    done = subprocess.run([sys.executable, "-c", CHILD, *paths], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120, preexec_fn=cap_memory, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return {line["file"]: line for line in map(json.loads, done.stdout.splitlines())}


def test_stray_cells_and_inflating_sheets_are_refused_fast_in_little_memory(tmp_path):
    files = {
        "stray.xlsx": stray_cell_xlsx(), "stray-undeclared.xlsx": stray_cell_without_dimension(),
        "inflating.xlsx": inflating_xlsx(), "stray.ods": stray_cell_ods(), "stray.xls": stray_cell_xls(),
        "fine.xlsx": write_sheet("xlsx", HEADER),
    }
    assert len(files["stray.xlsx"]) < 10_000 and len(files["inflating.xlsx"]) < 1_000_000
    results = run_reader(tmp_path, files)
    assert results["fine.xlsx"]["rows"] == 1 and results["fine.xlsx"]["error"] is None
    for name in ("stray.xlsx", "stray-undeclared.xlsx", "stray.ods", "stray.xls"):
        assert "表格范围过大" in results[name]["error"], results[name]
    assert "解压后过大" in results["inflating.xlsx"]["error"]
    for result in results.values():
        assert result["seconds"] < 5, result
        # What reading the file added to the process's peak (the interpreter with Django, Wagtail
        # and pandas loaded is the same for every upload and is not the reader's).
        assert result["peak_rss_mb"] - result["baseline_mb"] < 300, result


@pytest.fixture
def staff_client(client, reviewer):
    client.force_login(reviewer)
    return client


def test_stray_cell_upload_is_refused_with_a_chinese_message(staff_client, townships):
    response = staff_client.post(reverse("canbao_imports:upload"), {"kind": "registry", "file": SimpleUploadedFile("名录.xlsx", stray_cell_xlsx())})
    assert response.status_code == 400
    page = response.content.decode()
    assert "表格范围过大（1048576 行 × 16384 列）" in page and "请删除后另存再上传" in page
    assert ImportBatch.objects.count() == 0


def test_empty_formatted_cells_far_away_are_harmless(staff_client, townships):
    """Formatting without values (a styled empty cell at the sheet's end) costs a reader nothing."""
    styled = b'<row r="1048576"><c r="XFD1048576" s="1"/></row></sheetData>'
    data = rewrite_member(write_sheet("xlsx", HEADER), "xl/worksheets/sheet1.xml", lambda b: b.replace(b"</sheetData>", styled))
    response = staff_client.post(reverse("canbao_imports:upload"), {"kind": "registry", "file": SimpleUploadedFile("名录.xlsx", data)})
    assert response.status_code == 302
    assert ImportBatch.objects.get().counts["created"] == 1


def test_row_and_column_caps_are_settings(staff_client, townships, settings):
    settings.CANBAO_IMPORT_MAX_ROWS = 2
    rows = HEADER + [["东至县秋浦粮油商行", code(2), "东流镇"]]
    for name, data in (("a.xlsx", write_sheet("xlsx", rows)), ("a.csv", write_sheet("csv", rows))):
        response = staff_client.post(reverse("canbao_imports:upload"), {"kind": "registry", "file": SimpleUploadedFile(name, data)})
        assert response.status_code == 400 and "最多 2 行" in response.content.decode()
