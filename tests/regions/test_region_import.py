"""Importing the bureau's list of divisions through the screens: preview → confirm, the
same list twice changes nothing, and every kind of bad row refused in Chinese with nothing
written."""

import pytest

from django.urls import reverse

from campaigns.models import Township
from regions.models import Region, RegionImport

from ..campaigns.conftest import xlsx_bytes
from .conftest import TOWNSHIPS, csv_bytes, nanyang_rows, upload


def snapshot():
    return (sorted(Region.objects.values_list("pk", "code", "name", "level", "parent_id")),
            sorted(Township.objects.values_list("pk", "code", "name", "kind", "county_id", "is_placeholder")))


def counts_row(page: str, level_label: str) -> str:
    start = page.index(f"<td>{level_label}</td>")
    return page[start:page.index("</tr>", start)]


def test_nanyang_preview_confirm_then_same_list_changes_nothing(admin_client, townships):
    before = snapshot()
    response = upload(admin_client, csv_bytes(nanyang_rows()))
    assert response.status_code == 302
    batch = RegionImport.objects.get()
    assert batch.status == RegionImport.Status.PREVIEWED and batch.errors == []
    assert snapshot() == before  # the preview writes nothing
    assert batch.counts == {
        "province": {"new": 1, "renamed": 0, "unchanged": 0}, "city": {"new": 1, "renamed": 0, "unchanged": 0},
        "county": {"new": 13, "renamed": 0, "unchanged": 0}, "township": {"new": 5, "renamed": 0, "unchanged": 0},
    }
    page = admin_client.get(response["Location"]).content.decode()
    assert "确认导入" in page and '<td class="count-new">13</td>' in counts_row(page, "县级")

    response = admin_client.post(reverse("canbao_regions:import_confirm", args=[batch.pk]))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == RegionImport.Status.APPLIED
    nanyang = Region.objects.get(code="411300000000")
    assert nanyang.name == "南阳市" and nanyang.parent.name == "河南省"
    assert nanyang.children.count() == 13
    assert Region.objects.get(code="411381000000").name == "邓州市"
    fangcheng = Township.objects.filter(county__code="411322000000")
    assert dict(fangcheng.values_list("name", "kind")) == {
        "凤瑞街道": "subdistrict", "释之街道": "subdistrict", "拐河镇": "town", "四里店乡": "township"}
    assert Township.objects.get(code="411302001000").county.name == "宛城区"
    assert Township.objects.filter(county__code="341721000000").count() == 17  # 东至县 untouched

    after = snapshot()
    upload(admin_client, csv_bytes(nanyang_rows(), encoding="gb18030"), name="again.csv")  # GBK this time
    again = RegionImport.objects.first()
    assert again.status == RegionImport.Status.PREVIEWED and again.changes == []
    assert sum(c["unchanged"] for c in again.counts.values()) == 2 + 13 + len(TOWNSHIPS)
    admin_client.post(reverse("canbao_regions:import_confirm", args=[again.pk]))
    assert snapshot() == after
    # Confirming twice is refused, in Chinese.
    response = admin_client.post(reverse("canbao_regions:import_confirm", args=[again.pk]), follow=True)
    assert "不能确认导入" in response.content.decode()


def test_renames_keep_township_pk_and_placeholder_counties_get_their_place(admin_client, townships):
    yaodu = townships["尧渡镇"]
    stray = Township.objects.create(code="411721100000", name="演示乡镇1", kind="town", is_placeholder=True)
    assert stray.county.parent is None  # a placeholder county made from the code alone
    rows = [["代码", "名称", "上级代码"], ["341721", "东至县", ""], [yaodu.code, "尧渡镇（新名）", ""],
            ["410000", "河南省", ""], ["411700", "驻马店市", ""], ["411721", "西平县", ""], ["411721100", "出山镇", ""]]
    batch_pk = upload(admin_client, csv_bytes(rows))["Location"].rstrip("/").split("/")[-1]
    batch = RegionImport.objects.get(pk=batch_pk)
    assert batch.counts["township"] == {"new": 0, "renamed": 2, "unchanged": 0}
    assert batch.counts["county"] == {"new": 0, "renamed": 1, "unchanged": 1}  # 西平县 gets its name and city
    admin_client.post(reverse("canbao_regions:import_confirm", args=[batch.pk]))
    yaodu.refresh_from_db()
    stray.refresh_from_db()
    assert yaodu.name == "尧渡镇（新名）" and yaodu.county.name == "东至县"
    assert (stray.name, stray.is_placeholder) == ("出山镇", False)
    assert stray.county.name == "西平县" and stray.county.parent.name == "驻马店市"


def test_xlsx_with_numeric_codes_and_a_title_row(admin_client, townships):
    rows = [["南阳市区划（统计局）", None, None], ["区划代码", "名称", "类型"], [410000000000, "河南省", "省"],
            [411300000000, "南阳市", "市"], [411322, "方城县", "县"]]
    assert upload(admin_client, xlsx_bytes(rows), name="区划.xlsx").status_code == 302
    batch = RegionImport.objects.get()
    assert batch.errors == [] and batch.counts["county"]["new"] == 1


BAD_ROWS = [
    (["4113", "南阳市", "", ""], "应为 6 位、9 位或 12 位数字"),
    (["411322101201", "某村委会", "", ""], "是村级（村委会、居委会）代码"),
    (["411302", "宛城区", "", ""], "与第 3 行重复"),
    (["411399", "", "", ""], "名称为空"),
    (["411398", "长" * 51, "", ""], "名称过长（51 个字），最多 50 个字"),
    (["411397", "某县", "", "411400"], "上级代码“411400”与区划代码“411397000000”不一致"),
    (["422801", "恩施市", "", ""], "上级区划“422800000000”既不在文件中，也不在系统中"),
    (["411322102000", "古庄店", "", ""], "无法从名称“古庄店”判断乡镇类型"),
    (["411395", "某县", "街道", ""], "类型“街道”与区划代码的层级（县级）不符"),
    (["411322104000", "博望镇", "村", ""], "类型“村”无法识别"),
    (["411396", "某县", "", "410000"], "上级市“411300000000”存在"),
]


@pytest.mark.parametrize(("bad", "message"), BAD_ROWS)
def test_a_bad_row_refuses_the_whole_list_with_its_line_and_reason(admin_client, townships, bad, message):
    before = snapshot()
    rows = [["区划代码", "名称", "类型", "上级代码"], ["410000", "河南省", "", ""], ["411302", "宛城区", "", ""],
            ["411300", "南阳市", "", ""], ["411322", "方城县", "", ""], bad]
    upload(admin_client, csv_bytes(rows))
    batch = RegionImport.objects.get()
    assert batch.status == RegionImport.Status.REFUSED
    assert [n for n, _reason in batch.errors] == [6] and message in batch.errors[0][1]
    page = admin_client.get(reverse("canbao_regions:import_detail", args=[batch.pk])).content.decode()
    assert "第 6 行" in page and message in page and "确认导入" not in page
    response = admin_client.post(reverse("canbao_regions:import_confirm", args=[batch.pk]), follow=True)
    assert "不能确认导入" in response.content.decode()
    assert snapshot() == before


def test_a_county_directly_under_its_province_when_the_file_says_so(admin_client, townships):
    rows = [["区划代码", "名称", "上级代码"], ["410000", "河南省", ""], ["419001", "济源市", "410000"]]
    batch_pk = upload(admin_client, csv_bytes(rows))["Location"].rstrip("/").split("/")[-1]
    admin_client.post(reverse("canbao_regions:import_confirm", args=[batch_pk]))
    assert Region.objects.get(code="419001000000").parent.name == "河南省"
    rows = [["区划代码", "名称"], ["410000", "河南省"], ["419002", "某市"]]  # no 上级代码: the city is missing
    upload(admin_client, csv_bytes(rows))
    assert "省直辖的县级区划请在“上级代码”列填写所在省的代码" in RegionImport.objects.first().errors[0][1]


@pytest.mark.parametrize(("name", "data", "message"), [
    ("a.csv", b"", "文件是空的"),
    ("a.csv", b"\x00\x01\x02garbage" * 50, "不是文本格式的 CSV"),
    ("a.csv", "名称,备注\n南阳市,x\n".encode(), "没有找到表头"),
    ("a.csv", "区划代码,名称\n".encode(), "表头下面没有数据行"),
    ("a.csv", b"\xff\xfe\x00\xd8" + "区划代码".encode("utf-16-le"), "不是文本格式的 CSV"),
    ("a.csv", b"\xff\xfe\xfd" * 20, "无法识别 CSV 文件的编码"),
    ("a.xlsx", b"PK\x03\x04not a zip at all", "无法读取表格文件"),
    ("a.pdf", b"%PDF-1.4", "只能导入"),
])
def test_unreadable_files_are_refused_in_chinese(admin_client, townships, name, data, message):
    response = upload(admin_client, data, name=name)
    assert response.status_code == 400 and message in response.content.decode()
    assert RegionImport.objects.count() == 0


def test_a_huge_file_is_refused_before_it_is_read(admin_client, townships, settings):
    settings.CANBAO_IMPORT_MAX_BYTES = 1024
    response = upload(admin_client, csv_bytes([["区划代码", "名称"]] + [["410000", "河南省"]] * 200))
    assert response.status_code == 400 and "文件过大" in response.content.decode()



def test_too_many_rows_are_refused(admin_client, townships, monkeypatch):
    monkeypatch.setattr("regions.imports.MAX_ROWS", 3)
    response = upload(admin_client, csv_bytes(nanyang_rows()))
    assert response.status_code == 400 and "行数过多：区划名单最多 3 行" in response.content.decode()
