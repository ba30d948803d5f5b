"""Imports through the admin screens: preview, confirm, report; broken files write nothing."""

import csv
import io
import re
import zipfile

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.models import Enterprise, ImportBatch, SizeClass

from .conftest import code, xlsx_bytes

TITLE = "东至县2024年市场主体名录（县市场监管局提供）"
HEADER = ["序号", "单位名称", "信用代码", "所属乡镇", "行业代码", "从业人员（人）", "营业收入（万元）", "资产总额（万元）", "成立日期", "联系电话"]


def registry_rows():
    return [
        [TITLE, None, None, None, None, None, None, None, None, None],
        HEADER,
        [1, "东至县尧城百货有限公司", code(1), "尧渡镇", "5211", 8, 120, None, "2019-05-01", "13905660001"],
        [2, "东至县秋浦粮油商行", code(2).lower(), None, "5221 粮油零售", 12, 600.5, None, "2020/6/1", None],
        [3, "东至县金诚机械制造有限公司", code(3), None, "C3311", 350, 2500, 3000, None, None],
        [None, None, None, None, None, None, None, None, None, None],  # a blank row
        [4, "格式错误企业", "9134172", "东流镇", "5211", 3, 10, None, None, None],
        [5, "老代码企业", "91350203M0001QKT19", "东流镇", "A", None, 80, None, None, None],
        [6, "未知乡镇企业", code(6), "火星镇", "5211", 3, 10, None, None, None],
        [7, "东至县重复企业", code(1), "东流镇", "5211", 3, 10, None, None, None],
    ]


@pytest.fixture
def staff_client(client, reviewer):
    client.force_login(reviewer)
    return client


def upload(client, name, data, kind="registry"):
    return client.post(reverse("canbao_imports:upload"), {"kind": kind, "file": SimpleUploadedFile(name, data)})


def batch_rows(batch):
    return {row[0]: row for row in batch.rows}


def test_xlsx_with_title_row_and_merged_cells_preview_then_confirm(staff_client, townships):
    data = xlsx_bytes(registry_rows(), merges=["A1:J1", "D3:D5"])  # title across; 尧渡镇 spans rows 3-5
    response = upload(staff_client, "名录.xlsx", data)
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert Enterprise.objects.count() == 0  # the preview writes nothing
    assert batch.counts == {"created": 4, "updated": 0, "unchanged": 0, "rejected": 3}
    page = staff_client.get(reverse("canbao_imports:detail", args=[batch.pk]))
    assert "确认导入" in page.content.decode()

    response = staff_client.post(reverse("canbao_imports:confirm", args=[batch.pk]))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED
    firms = {f.name: f for f in Enterprise.objects.all()}
    assert set(firms) == {"东至县尧城百货有限公司", "东至县秋浦粮油商行", "东至县金诚机械制造有限公司", "老代码企业"}
    # The merged township cell reaches every row it spans.
    assert {firms[n].township.name for n in list(firms)[:3]} == {"尧渡镇"}
    assert firms["东至县秋浦粮油商行"].uscc == code(2)  # normalised to upper case
    assert firms["东至县尧城百货有限公司"].size_class == SizeClass.MICRO  # retail, 8 people
    assert firms["东至县秋浦粮油商行"].size_class == SizeClass.SMALL  # 12 people, 600.5 万元
    assert firms["东至县金诚机械制造有限公司"].size_class == SizeClass.MEDIUM
    assert firms["老代码企业"].uscc_needs_review and firms["老代码企业"].size_class == SizeClass.SMALL
    assert str(firms["东至县秋浦粮油商行"].registered_on) == "2020-06-01"
    assert firms["东至县尧城百货有限公司"].contact_phone == "13905660001"

    rows = batch_rows(batch)
    assert rows[7][1] == "rejected" and "18位" in rows[7][4]
    assert rows[8][1] == "created" and "待核" in rows[8][4]
    assert rows[9][1] == "rejected" and "火星镇" in rows[9][4]
    assert rows[10][1] == "rejected" and "第3行" in rows[10][4]

    report = staff_client.get(reverse("canbao_imports:report", args=[batch.pk]))
    text = report.content.decode("utf-8")
    assert text.startswith("\ufeff") and "attachment" in report["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert lines[0] == ["行号", "结果", "统一社会信用代码", "企业名称", "说明"]
    assert ["7", "拒绝"] == lines[[r[0] for r in lines].index("7")][:2]


def gbk_csv(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("gbk")


def test_gbk_csv_import_and_reimport_changes_nothing(staff_client, townships):
    rows = [["企业名称", "统一社会信用代码", "乡镇", "行业", "从业人数", "主营业务收入", "资产总额"],
            ["东至县花园茶叶专业合作社", code(11), "花园里乡", "A", "", "45", ""],
            ["东至县东流码头物流有限公司", code(12), "东流镇", "5430", "25", "1,200", ""],
            ["东至县经开区化工有限公司", code(13), "县经开区", "2614", "400", "52000", "30000"]]
    data = gbk_csv(rows)
    upload(staff_client, "insured.csv", data)
    batch = ImportBatch.objects.get()
    staff_client.post(reverse("canbao_imports:confirm", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.counts["created"] == 3, batch.rows
    firms = {f.uscc: f for f in Enterprise.objects.all()}
    assert firms[code(11)].township.name == "花园乡"
    assert firms[code(11)].size_class == SizeClass.MICRO  # farming: revenue 45 < 50
    assert firms[code(12)].revenue == 1200
    assert firms[code(13)].township.name == "东至经济开发区"
    assert firms[code(13)].size_class == SizeClass.MEDIUM
    before = list(Enterprise.objects.order_by("pk").values())

    upload(staff_client, "insured.csv", data)
    again = ImportBatch.objects.order_by("-pk").first()
    assert again.counts == {"created": 0, "updated": 0, "unchanged": 3, "rejected": 0}
    staff_client.post(reverse("canbao_imports:confirm", args=[again.pk]))
    again.refresh_from_db()
    assert again.status == ImportBatch.Status.APPLIED
    assert list(Enterprise.objects.order_by("pk").values()) == before  # not even updated_at moved


def test_changed_figures_are_updated_and_blank_cells_keep_values(staff_client, make_firm):
    firm = make_firm("东至县尧城百货有限公司", n=1, employees=8, revenue=120, contact_phone="13905660001")
    rows = [["企业名称", "统一社会信用代码", "从业人员", "营业收入", "联系电话"],
            ["东至县尧城百货有限公司", code(1), "60", "", ""]]
    upload(staff_client, "update.csv", gbk_csv(rows))
    batch = ImportBatch.objects.get()
    assert batch.counts["updated"] == 1
    assert "从业人员" in batch.rows[0][4] and "企业规模" in batch.rows[0][4]
    staff_client.post(reverse("canbao_imports:confirm", args=[batch.pk]))
    firm.refresh_from_db()
    assert firm.employees == 60 and firm.revenue == 120 and firm.contact_phone == "13905660001"
    assert firm.size_class == SizeClass.SMALL  # 60 people but revenue 120 万元 → small


def test_insured_list_marks_firms_insured(staff_client, make_firm):
    make_firm("甲", n=1)
    make_firm("乙", n=2)
    rows = [["单位名称", "统一社会信用代码", "参保日期"], ["甲", code(1), "2024-03-15"], ["丙", code(3), ""]]
    upload(staff_client, "参保名单.csv", gbk_csv(rows), kind="insured")
    batch = ImportBatch.objects.get()
    assert batch.counts == {"created": 0, "updated": 1, "unchanged": 0, "rejected": 1}
    assert "请先导入企业名录" in batch_rows(batch)[3][4]
    staff_client.post(reverse("canbao_imports:confirm", args=[batch.pk]))
    first = Enterprise.objects.get(uscc=code(1))
    assert first.insured and str(first.insured_on) == "2024-03-15" and "参保名单.csv" in first.insured_source
    assert not Enterprise.objects.get(uscc=code(2)).insured
    upload(staff_client, "参保名单.csv", gbk_csv(rows), kind="insured")
    assert ImportBatch.objects.order_by("-pk").first().counts["unchanged"] == 1


BROKEN = [
    ("broken.xls", b"\xd0\xcf\x11\xe0" + b"0" * 100, "不是有效的 .xls"),
    ("web-page.xls", "<html><table><tr><td>企业名称</td></tr></table></html>".encode(), "网页或 XML 格式"),
    ("fake.xlsx", b"this is not a spreadsheet", "不是有效的 .xlsx"),
    ("truncated.xlsx", None, "无法读取"),
    ("newer-zip.xlsx", "zip-version", "无法读取"),  # found by the fuzz suite: zipfile's NotImplementedError
    ("bad-deflate.xlsx", "deflate", "无法读取"),  # a damaged compressed stream: zlib.error
    ("empty.csv", b"", "空的"),
    ("report.pdf", b"%PDF-1.4 ...", "只能导入"),
    ("binary.csv", "企业名称,信用代码\n".encode("utf-16"), "不是文本格式"),
    ("noheader.csv", "甲,乙,丙\n1,2,3\n".encode(), "没有找到表头"),
    ("onlyheader.csv", "企业名称,统一社会信用代码\n".encode("gbk"), "没有数据行"),
    ("latin.csv", b"\xff\xfe\xfd\x80\x81" * 10, "编码"),
]


@pytest.mark.parametrize(("name", "data", "message"), BROKEN)
def test_broken_files_are_rejected_and_nothing_is_written(staff_client, townships, name, data, message):
    if data is None:
        data = xlsx_bytes(registry_rows())[:700]
    elif data == "zip-version":  # every member claims to need zip version 6.4 to extract
        data = re.sub(rb"(PK\x01\x02..)..", lambda m: m.group(1) + b"\x40\x00", xlsx_bytes(registry_rows()), flags=re.S)
    elif data == "deflate":  # garbage inside the workbook's compressed stream
        whole = xlsx_bytes(registry_rows())
        offset = zipfile.ZipFile(io.BytesIO(whole)).getinfo("xl/workbook.xml").header_offset
        start = offset + 30 + int.from_bytes(whole[offset + 26:offset + 28], "little") + int.from_bytes(
            whole[offset + 28:offset + 30], "little")
        data = whole[:start] + bytes(b ^ 0x5A for b in whole[start:start + 40]) + whole[start + 40:]
    response = upload(staff_client, name, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Enterprise.objects.count() == 0 and ImportBatch.objects.count() == 0


def test_oversized_file_is_rejected(staff_client, townships, settings):
    settings.CANBAO_IMPORT_MAX_BYTES = 1024 * 1024
    data = gbk_csv([["企业名称", "统一社会信用代码"]] + [["某企业", code(n)] for n in range(60000)])
    response = upload(staff_client, "big.csv", data)
    assert response.status_code == 400 and "文件过大" in response.content.decode()
    assert Enterprise.objects.count() == 0 and ImportBatch.objects.count() == 0


def test_preview_retries_after_a_database_hiccup(staff_client, townships, monkeypatch):
    from django.db import OperationalError

    from campaigns import tasks

    calls = {"n": 0}
    real = tasks.preview_batch

    def flaky(batch):
        calls["n"] += 1
        if calls["n"] == 1:
            raise OperationalError("database is locked")
        return real(batch)

    monkeypatch.setattr(tasks, "preview_batch", flaky)
    monkeypatch.setattr(tasks, "RETRY_DELAY_SECONDS", 0)
    upload(staff_client, "a.csv", gbk_csv([["企业名称", "统一社会信用代码", "乡镇"], ["甲", code(1), "尧渡镇"]]))
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.PREVIEWED and batch.attempts == 2


def test_officers_and_editors_cannot_import(client, officer_yaodu, editor):
    for user in (officer_yaodu, editor):
        client.force_login(user)
        response = client.get(reverse("canbao_imports:upload"))
        # Wagtail turns PermissionDenied into a redirect to the dashboard with a message.
        assert response.status_code == 302 and response["Location"] == "/admin/"
        response = client.post(reverse("canbao_imports:upload"), {"kind": "registry", "file": SimpleUploadedFile(
            "a.csv", f"企业名称,统一社会信用代码,乡镇\n甲,{code(1)},尧渡镇\n".encode())})
        assert response.status_code == 302 and ImportBatch.objects.count() == 0


@pytest.mark.parametrize(("raw", "name"), [
    ("尧渡镇", "尧渡镇"), ("尧渡", "尧渡镇"), ("东至县尧渡镇", "尧渡镇"), (" 大渡口镇 ", "大渡口镇"), ("大渡口", "大渡口镇"),
    ("大渡口经济开发区", "大渡口经济开发区"), ("大渡口经开区", "大渡口经济开发区"), ("县经开区", "东至经济开发区"),
    ("东至经济开发区", "东至经济开发区"), ("花园里乡", "花园乡"), ("花园", "花园乡"), ("341721201", "木塔乡"),
    ("341721201000", "木塔乡"), ("东至县", None), ("火星镇", None), ("开发区", None),
    ("东至县花园里乡", "花园乡"), ("东至县经开区", "东至经济开发区"),
])
def test_township_spellings_resolve(townships, raw, name):
    from campaigns.imports.township_names import resolve_township, township_lookup

    found = resolve_township(raw, township_lookup())
    assert found == (townships[name].pk if name else None)


def test_township_spellings_of_another_county_use_its_own_name_and_aliases(townships):
    """A 方城县 list: its county's name is stripped as 东至县's is, and 东至县's aliases
    (经开区 → 东至经济开发区) are not 方城县's."""
    from campaigns.imports.township_names import resolve_township, township_lookup
    from campaigns.models import Township
    from regions.tree import load_reference_regions

    county = load_reference_regions(codes={"411322000000"})["411322000000"]
    town = Township.objects.create(code="411322100000", name="杨集镇", kind=Township.Kind.TOWN)
    lookup = township_lookup(county)
    for raw in ("杨集镇", "杨集", "方城县杨集镇", "方城县杨集", "411322100", "411322100000"):
        assert resolve_township(raw, lookup) == town.pk, raw
    for raw in ("经开区", "尧渡镇", "东至县尧渡镇"):
        assert resolve_township(raw, lookup) is None, raw
    assert resolve_township("东至县尧渡", township_lookup()) == townships["尧渡镇"].pk
