"""The bureau's list of divisions for 南阳市 as a CSV, and uploading it through the screens."""

import csv
import io

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from regions.tree import read_reference_regions

# A few township-level units under 方城县 and 宛城区 (test data, codes in the 统计用区划代码 form).
TOWNSHIPS = [
    ("411322001000", "凤瑞街道", "街道"), ("411322002000", "释之街道", ""), ("411322101000", "拐河镇", "镇"),
    ("411322200000", "四里店乡", ""), ("411302001000", "东关街道", "街道"),
]


def nanyang_rows() -> list[list[str]]:
    """河南省, 南阳市 and its 13 counties (6-digit codes as bureaus write them), then townships."""
    rows = [["区划代码", "名称", "类型", "上级代码"]]
    for row in read_reference_regions():
        if row["code"].startswith("41"):
            rows.append([row["code"][:6], row["name"], "", row["parent_code"][:6]])
    rows += [[code, name, kind, code[:6]] for code, name, kind in TOWNSHIPS]
    return rows


def csv_bytes(rows, encoding="utf-8-sig") -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


def upload(client, data: bytes, name="南阳市区划.csv"):
    return client.post(reverse("canbao_regions:import_upload"), {"file": SimpleUploadedFile(name, data)})


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client
