"""The responses sheet as streamed (reports.exports.tables.response_rows and the XLSX
writer's own row XML): multi-choice answers joined in option order, text that needs XML
escaping, tabs, leading and trailing spaces and formula prefixes read back exactly as
written, the XLSX's 明细 equal to the CSV row for row; and the rows read in a constant
number of queries whatever the number of responses."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from reports.exports.tables import response_rows
from reports.filters import ReportFilters
from surveys.models import Answer, AnswerChoice, Option, Question, Response

from .test_exports import _export

pytestmark = pytest.mark.django_db
TEXTS = [" 前导空格", "a&b<c>", "甲\t乙 ", "-1", ""]


def _tricky_answers(ds):
    multi = Question.objects.create(survey=ds.survey, position=6, text="多选&<x>", kind=Question.Kind.MULTIPLE)
    second = Option.objects.create(question=multi, position=2, label="乙 ")
    first = Option.objects.create(question=multi, position=1, label="=甲")
    text = Question.objects.create(survey=ds.survey, position=7, text="文字", kind=Question.Kind.SHORT_TEXT)
    amount = Question.objects.create(survey=ds.survey, position=8, text="数", kind=Question.Kind.NUMBER)
    expected = {}
    for i, resp in enumerate(Response.objects.filter(status="current").order_by("id")):
        answer = Answer.objects.create(response=resp, question=multi, township=resp.township)
        if i % 2:
            AnswerChoice.objects.create(answer=answer, option=second)
        AnswerChoice.objects.create(answer=answer, option=first)
        Answer.objects.create(response=resp, question=text, township=resp.township, text_value=TEXTS[i % 5])
        if i % 4:
            Answer.objects.create(response=resp, question=amount, township=resp.township, number_value=Decimal("2.50") * i)
        expected[resp.pk] = ("=甲；乙 " if i % 2 else "=甲", TEXTS[i % 5], (2.5 * i) if i % 4 else None)
    return expected


def test_xlsx_responses_equal_csv_and_keep_every_character(client, ds, reviewer):
    expected = _tricky_answers(ds)
    client.force_login(reviewer)
    detail = load_workbook(io.BytesIO(_export(client, ds, "xlsx")))["明细"]
    sheet = [list(r) for r in detail.iter_rows(values_only=True)]
    header = sheet[0]
    assert len(sheet) - 1 == len(expected) > 5
    for row in sheet[1:]:
        record = dict(zip(header, row, strict=True))
        multi, text, amount = expected[record["答卷编号"]]
        assert record["6. 多选&<x>"] == "'" + multi  # formula prefix neutralised
        want_text = ("'" + text if text.startswith("-") else text) or None
        assert record["7. 文字"] == want_text
        assert record["8. 数"] == (None if amount is None else (int(amount) if amount == int(amount) else amount))
    table = list(csv.reader(io.StringIO(_export(client, ds, "csv", table="responses").decode("utf-8-sig"))))
    assert table[0] == header
    as_text = [["" if v is None else str(v) for v in row] for row in sheet[1:]]
    assert [row[0] for row in as_text] == [row[0] for row in table[1:]]  # same order
    for xlsx_row, csv_row in zip(as_text, table[1:], strict=True):
        assert [v.removesuffix(".0") for v in xlsx_row] == [v.removesuffix(".0") for v in csv_row]


def test_response_rows_read_in_constant_queries(ds, django_assert_max_num_queries):
    _tricky_answers(ds)
    with django_assert_max_num_queries(4):  # questions, responses, answers (+ a savepoint-free count)
        rows = list(response_rows(ds.campaign, ReportFilters(), None, False, chunk=2))
    assert len(rows) == Response.objects.filter(status="current", survey=ds.survey).count()
    assert datetime.datetime.strptime(rows[0][3], "%Y-%m-%d %H:%M")
