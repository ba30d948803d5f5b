"""Fixtures for campaigns tests: firms, a campaign and channels built with the services."""

import datetime
import io

import openpyxl
import pytest

from campaigns.models import Campaign, Channel, Enterprise
from campaigns.uscc import make_uscc

VALID_CODES = [
    "91310110666007217T", "91430111MA4L41YT1U", "92141127MA0KD1Y64A", "12440600MB2C07549J",
    "53640000MJX173680A", "91341721MA2NBT6Q1D", "92341721MA8PQ3RW86", "91341721152639487L",
]


def code(n: int) -> str:
    """A distinct valid code for test firm number n."""
    return make_uscc("91341721", f"MA{n:06d}")


@pytest.fixture
def make_firm(townships):
    def _make(name="东至县测试有限公司", township="尧渡镇", n=1, **fields):
        values = {"industry_code": "5211", "employees": 5, "revenue": 50} | fields
        return Enterprise.objects.create(name=name, uscc=code(n), township=townships[township], **values)

    return _make


@pytest.fixture
def campaign(db):
    return Campaign.objects.create(
        name="2024年东至县小微企业工伤保险参保扩面行动", starts_on=datetime.date(2024, 3, 1),
        ends_on=datetime.date(2024, 12, 31),
    )


@pytest.fixture
def make_channel(campaign, townships):
    def _make(township="尧渡镇", kind=Channel.Kind.POSTER, **fields):
        return Channel.objects.create(campaign=campaign, township=townships[township], kind=kind, **fields)

    return _make


def xlsx_bytes(rows, merges=()) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for cell_range in merges:
        sheet.merge_cells(cell_range)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
