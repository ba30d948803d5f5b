"""Outcome figures in the XLSX export (sheet 参保成效) equal the outcomes page's, and the
通报 carries a short outcome section."""

import datetime
import io
import re
import subprocess

import pytest
from openpyxl import load_workbook

from django.urls import reverse

from campaigns.models import InsuredChange, SizeClass

pytestmark = pytest.mark.django_db


def join(ds, keys, day=datetime.date(2026, 4, 30)):
    """Target firms that an insured list showed joining after the campaign start."""
    for key in keys:
        firm = ds.enterprises[key]
        type(firm).objects.filter(pk=firm.pk).update(insured=True)  # save() would reclassify the size
        InsuredChange.objects.create(enterprise=firm, insured_from=False, insured_to=True, effective_on=day)


def page_cells(html: str) -> dict[str, dict[str, str]]:
    """The outcomes page's table: {township: {column: text}}."""
    table = {}
    for name, row in re.findall(r'<tr data-township="([^"]+)"[^>]*>(.*?)</tr>', html, re.S):
        table[name] = {k: " ".join(v.split()) for k, v in re.findall(r'data-col="(\w+)">(.*?)</td>', row, re.S)}
    return table


def target_keys(ds, town, n):
    return [k for k, e in ds.enterprises.items()
            if e.township == ds.towns[town] and not e.insured and e.size_class in (SizeClass.SMALL, SizeClass.MICRO)][:n]


def test_xlsx_outcome_sheet_equals_the_outcomes_page(client, ds, reviewer):
    keys = target_keys(ds, "A", 2) + target_keys(ds, "C", 1)
    join(ds, keys)
    client.force_login(reviewer)
    html = client.get(reverse("followups:outcomes"), {"campaign": ds.campaign.pk}).content.decode()
    page = page_cells(html)
    assert "活动以来新参保 3" in html

    response = client.post(reverse("reports:export", args=["xlsx"]), {"campaign": ds.campaign.pk}, follow=True)
    sheet = list(load_workbook(io.BytesIO(response.content))["参保成效"].iter_rows(values_only=True))
    header, rows = sheet[0], sheet[1:]
    assert header[:6] == ("乡镇", "所属县（市、区）", "对象企业", "已联系", "已答卷", "活动以来新参保")
    assert [r[0] for r in rows] == list(page)  # the same townships, in the same order, then 全县
    col = {h: i for i, h in enumerate(header)}
    for row in rows:
        cells = page[row[0]]
        assert [str(row[i]) for i in range(2, 6)] == [cells[k] for k in ("targets", "contacted", "answered", "newly_insured")]
        assert row[1] == ("东至县" if row[0] != "全县" else None)  # the region's row has no county of its own
        # "新参保数 / 企业数 = 比率" on the page; the rate and the numbers in the sheet.
        joined, of = (int(x) for x in re.match(r"(\d+) / (\d+)", cells["rate2"]).groups())
        assert (row[col["答卷企业新参保"]], row[col["答卷企业数"]]) == (joined, of)
        if of:
            shown = re.search(r"= ([\d.]+)%", cells["rate2"]).group(1)
            assert f"{row[col['答卷企业新参保率']] * 100:.1f}" == shown
        assert str(row[col["新登记对象"]]) == cells["new_registrations"]
    county = dict(zip(header, rows[-1], strict=True))
    assert county["乡镇"] == "全县" and county["活动以来新参保"] == 3


def test_an_officers_xlsx_has_only_their_township_outcomes(client, ds, officer_yaodu):
    client.force_login(officer_yaodu)
    response = client.post(reverse("reports:export", args=["xlsx"]), {"campaign": ds.campaign.pk}, follow=True)
    rows = list(load_workbook(io.BytesIO(response.content))["参保成效"].iter_rows(values_only=True))[1:]
    assert [r[0] for r in rows] == [ds.towns["A"].name]


def test_bulletin_states_the_newly_insured_since_the_start(client, ds, reviewer, tmp_path):
    keys = target_keys(ds, "A", 2) + target_keys(ds, "C", 1)
    join(ds, keys)
    client.force_login(reviewer)
    response = client.post(reverse("reports:bulletin_new") + f"?campaign={ds.campaign.pk}", {"open": "pdf"})
    pdf = client.get(response["Location"])
    path = tmp_path / "bulletin.pdf"
    path.write_bytes(pdf.content)
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    flat = "".join(text.split())
    assert "活动以来新参保3家" in flat
    assert f"{ds.towns['A'].name}2家" in flat and f"{ds.towns['C'].name}1家" in flat
    assert "已答卷企业新参保" in flat and "未答卷企业" in flat
