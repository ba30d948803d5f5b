"""Registry and insured-unit files under generated hostile content, through the function
the import task uses (campaigns.imports.build_plan): CSV in GBK, UTF-8 and UTF-8 with
BOM, and XLSX. Only ImportFileError (a Chinese message for staff) may come out; the
preview writes nothing."""

import io
import zipfile
from xml.sax.saxutils import escape

import pytest
from hypothesis import given
from hypothesis import strategies as st

from campaigns.imports import ImportFileError, build_plan
from campaigns.models import Enterprise, ImportBatch

from .conftest import FUZZ, hostile_text

pytestmark = pytest.mark.django_db
HEADER = ["单位名称", "信用代码", "所属乡镇", "行业代码", "从业人员", "营业收入", "联系电话"]
GOOD_ROW = ["东至县尧城百货有限公司", "91341721MA2NBT6Q1D", "尧渡镇", "5211", "8", "120", "13905660001"]

cell = st.one_of(st.sampled_from(GOOD_ROW), hostile_text)
tables = st.lists(st.lists(cell, min_size=0, max_size=9), min_size=0, max_size=12).map(
    lambda rows: [HEADER, *rows])
mutations = st.lists(st.tuples(st.integers(min_value=0, max_value=10**6), st.integers(0, 255)), max_size=3)


def _mutate(data: bytes, changes) -> bytes:
    buf = bytearray(data)
    for position, value in changes:
        if buf:
            buf[position % len(buf)] = value
    return bytes(buf)


def _csv(rows, encoding: str) -> bytes:
    text = "\r\n".join(",".join('"' + c.replace('"', '""') + '"' for c in row) for row in rows)
    return text.encode(encoding, errors="replace")


def _xml_text(value: str) -> str:
    # XML 1.0 cannot carry most control characters at all; a real workbook never has them.
    return escape("".join(ch for ch in value if ch in "\t\n\r" or (ord(ch) >= 0x20 and not 0xD800 <= ord(ch) <= 0xDFFF
                                                                    and ord(ch) not in (0xFFFE, 0xFFFF))))


def _xlsx(rows) -> bytes:
    """A minimal workbook written directly (openpyxl is too slow for a thousand files)."""
    sheet_rows = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{chr(65 + i)}{r}" t="inlineStr"><is><t>{_xml_text(v)}</t></is></c>'
                                   for i, v in enumerate(row)) + "</row>"
        for r, row in enumerate(rows, 1))
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet_rows}</sheetData></worksheet>',
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


def _preview_refuses_or_plans(data: bytes, name: str, kind: str) -> None:
    batch = ImportBatch(kind=kind, original_name=name)
    try:
        build_plan(batch, data=data)
    except ImportFileError as exc:
        assert str(exc)  # a message for staff


@pytest.mark.parametrize("encoding", ["gbk", "utf-8", "utf-8-sig"])
def test_csv(townships, fuzz_counter, encoding):
    firms = Enterprise.objects.count()

    @FUZZ
    @given(rows=tables, kind=st.sampled_from(ImportBatch.Kind.values), changes=mutations)
    def run(rows, kind, changes):
        fuzz_counter.tick()
        _preview_refuses_or_plans(_mutate(_csv(rows, encoding), changes), "名录.csv", kind)

    run()
    fuzz_counter.check()
    assert Enterprise.objects.count() == firms


def test_xlsx(townships, fuzz_counter):
    firms = Enterprise.objects.count()

    @FUZZ
    @given(rows=tables, kind=st.sampled_from(ImportBatch.Kind.values))
    def run(rows, kind):
        fuzz_counter.tick()
        _preview_refuses_or_plans(_xlsx(rows), "名录.xlsx", kind)

    run()
    fuzz_counter.check()
    assert Enterprise.objects.count() == firms


# A damaged zip (zlib.error, BadZipFile, EOFError…) is refused with a Chinese message, never a 500.
def test_corrupted_xlsx(townships, fuzz_counter):
    firms = Enterprise.objects.count()

    @FUZZ
    @given(rows=tables, kind=st.sampled_from(ImportBatch.Kind.values), changes=mutations.filter(bool))
    def run(rows, kind, changes):
        fuzz_counter.tick()
        _preview_refuses_or_plans(_mutate(_xlsx(rows), changes), "名录.xlsx", kind)

    run()
    fuzz_counter.check()
    assert Enterprise.objects.count() == firms
