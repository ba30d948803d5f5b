"""What an import would do, row by row, before anything is written."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from functools import cache

from django.utils.translation import gettext as _

from ..classification import classify_enterprise_size, parse_industry
from ..models import Enterprise
from ..uscc import check_uscc
from .cells import CellError, as_count, as_date, as_decimal, as_text
from .reading import Table
from .township_names import resolve_township, township_lookup

CREATED, UPDATED, UNCHANGED, REJECTED = "created", "updated", "unchanged", "rejected"
# An insured firm absent from a later insured list: reported for review, never un-insured.
MISSING = "missing"
ACTION_LABELS = {CREATED: "新增", UPDATED: "更新", UNCHANGED: "未变", REJECTED: "拒绝", MISSING: "待核"}

# Fields an import may set, with their Chinese names for the report.
REGISTRY_FIELDS = {
    "name": "企业名称", "township_id": "所属乡镇", "industry_section": "行业门类", "industry_code": "行业代码",
    "industry_name": "行业名称", "employees": "从业人员", "revenue": "营业收入", "assets": "资产总额",
    "registered_on": "成立日期", "contact_phone": "联系电话", "uscc_needs_review": "信用代码待核",
    "size_class": "企业规模",
}
CREATE_FIELDS = ("uscc", *REGISTRY_FIELDS, "new_registration_on")
INSURED_FIELDS = {"insured": "参保状态", "insured_source": "参保信息来源", "insured_on": "参保信息日期"}


@dataclass
class Plan:
    creates: list[tuple] = field(default_factory=list)  # values of CREATE_FIELDS
    updates: list[tuple[int, dict]] = field(default_factory=list)  # (pk, all wanted values)
    update_fields: set[str] = field(default_factory=set)
    rows: list[list] = field(default_factory=list)  # [row number, action, uscc, name, reason]
    # Insured lists: (firm pk, insured before, insured after) for each firm whose status flips.
    status_changes: list[tuple[int, bool, bool]] = field(default_factory=list)

    def in_row_order(self) -> Plan:
        """Rows are rejected as they are read but planned a lookup chunk later: sort the report back."""
        self.rows.sort(key=lambda row: row[0])
        return self

    def counts(self) -> dict[str, int]:
        """Rows per action; "missing" appears only when an insured list left firms out."""
        result = dict.fromkeys((CREATED, UPDATED, UNCHANGED, REJECTED), 0)
        for row in self.rows:
            result[row[1]] = result.get(row[1], 0) + 1
        return result


LOOKUP_CHUNK = 900  # USCCs per query (under SQLite's oldest limit of 999 parameters)


def _existing(fields: list[str], codes: list[str]) -> dict[str, dict]:
    """The current values of the firms among `codes`, keyed by USCC."""
    names = ["pk", "uscc", *fields]
    rows = Enterprise.objects.filter(uscc__in=codes).order_by().values_list(*names)
    return {row[1]: dict(zip(names, row, strict=True)) for row in rows}


def _identified_rows(table: Table, plan: Plan, progress=None):
    """Yield chunks of (row number, cells, USCC, name, check) for the rows whose credit
    code is well formed and not repeated in the file; reject the others into the plan.
    The table's rows are let go of as they are read (Table.take_rows)."""
    seen: dict[str, int] = {}
    total = len(table.rows)
    chunk = []
    for i, (row_no, cells) in enumerate(table.take_rows()):
        if progress and i % 2000 == 0:
            progress(i, total)
        name = as_text(table.value(cells, "name"))[:200]
        check = check_uscc(table.value(cells, "uscc"))
        code = check.code
        if not check.well_formed:
            plan.rows.append([row_no, REJECTED, code, name, check.message])
            continue
        if code in seen:
            plan.rows.append([row_no, REJECTED, code, name, _("与第%(row)d行信用代码重复") % {"row": seen[code]}])
            continue
        seen[code] = row_no
        chunk.append((row_no, cells, code, name, check))
        if len(chunk) >= LOOKUP_CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _with_existing(table: Table, plan: Plan, fields: list[str], progress=None):
    """(row number, cells, USCC, name, check, the firm's current values or None) for each
    identified row, looking firms up one chunk of USCCs at a time (never the whole registry)."""
    for chunk in _identified_rows(table, plan, progress):
        existing = _existing(fields, [item[2] for item in chunk])
        for item in chunk:
            yield *item, existing.get(item[2])


def plan_registry(table: Table, progress=None, new_registration_on: datetime.date | None = None,
                  county=None) -> Plan:
    """Rows of the market-regulation list → creates and updates by USCC. With
    `new_registration_on` (the monthly list of newly registered firms) the firms it
    creates are flagged 新登记 with that date; firms already known are updated as usual.
    With `county`, townships are looked up in it and firms of other counties are refused."""
    plan = Plan()
    lookup = township_lookup(county)
    fields = [*REGISTRY_FIELDS, COUNTY_FIELD]
    for row_no, cells, code, name, check, current in _with_existing(table, plan, fields, progress):
        if _elsewhere(current, county):
            plan.rows.append([row_no, REJECTED, code, name, elsewhere_reason()])
            continue
        if not name and current is None:
            plan.rows.append([row_no, REJECTED, code, name, _("缺少企业名称")])
            continue
        try:
            wanted = _registry_values(table, cells, lookup)
        except CellError as exc:
            plan.rows.append([row_no, REJECTED, code, name, str(exc)])
            continue
        if name:
            wanted["name"] = name
        wanted["uscc_needs_review"] = not check.check_ok
        note = _("信用代码校验不符，已保留并标记待核") if not check.check_ok else ""
        if current is None:
            if wanted.get("township_id") is None:
                plan.rows.append([row_no, REJECTED, code, name, _("缺少所属乡镇或乡镇无法识别")])
                continue
            values = _blank_firm() | wanted
            values["uscc"], values["size_class"] = code, _size(values)
            values["new_registration_on"] = new_registration_on
            if new_registration_on is not None:
                note = "；".join(filter(None, [_("新登记"), note]))
            plan.creates.append(tuple(values[f] for f in CREATE_FIELDS))
            plan.rows.append([row_no, CREATED, code, name, note])
            continue
        merged = {f: current[f] for f in REGISTRY_FIELDS} | wanted
        merged["size_class"] = _size(merged)
        changed = [f for f in REGISTRY_FIELDS if merged[f] != current[f]]
        if not changed:
            plan.rows.append([row_no, UNCHANGED, code, name or current["name"], note])
            continue
        plan.update_fields.update(changed)
        plan.updates.append((current["pk"], merged))
        reason = _("更新：") + "、".join(REGISTRY_FIELDS[f] for f in changed)
        plan.rows.append([row_no, UPDATED, code, name or current["name"], "；".join(filter(None, [reason, note]))])
    return plan.in_row_order()


@cache
def _blank_firm_values() -> dict:
    return {f: Enterprise._meta.get_field(f).get_default() for f in CREATE_FIELDS}


def _blank_firm() -> dict:
    """A new firm's values before its row's cells: each field's default (None, "" or False)."""
    return _blank_firm_values().copy()


def _size(values: dict) -> str:
    return classify_enterprise_size(
        values.get("industry_code") or values.get("industry_section"),
        values.get("employees"), values.get("revenue"), values.get("assets"),
    )


def _registry_values(table: Table, cells: list, lookup: dict[str, int]) -> dict:
    """Typed values of the non-blank cells of one row (a blank cell keeps what is stored)."""
    values: dict = {}
    raw_township = as_text(table.value(cells, "township"))
    if raw_township:
        township_id = resolve_township(raw_township, lookup)
        if township_id is None:
            raise CellError(_("所属乡镇“%(value)s”无法识别") % {"value": raw_township})
        values["township_id"] = township_id
    raw_industry = as_text(table.value(cells, "industry"))
    if raw_industry:
        industry = parse_industry(raw_industry)
        if industry is None:
            raise CellError(_("行业“%(value)s”无法识别（应为国民经济行业代码或门类）") % {"value": raw_industry})
        values["industry_section"] = industry.section
        values["industry_code"] = industry.code[:5]
        label = re.sub(r"^[A-Za-z]?\d*\s*", "", raw_industry)
        if label:
            values["industry_name"] = label[:100]
    for fname, label in (("revenue", "营业收入"), ("assets", "资产总额")):
        number = as_decimal(table.value(cells, fname), label)
        if number is not None:
            values[fname] = number
    employees = as_count(table.value(cells, "employees"), "从业人员")
    if employees is not None:
        values["employees"] = employees
    registered_on = as_date(table.value(cells, "registered_on"), "成立日期")
    if registered_on is not None:
        values["registered_on"] = registered_on
    phone = as_text(table.value(cells, "contact_phone"))
    if phone:
        values["contact_phone"] = phone[:20]
    return values


COUNTY_FIELD = "township__county_id"


def _elsewhere(current: dict | None, county) -> bool:
    """A known firm of another county than the batch's."""
    return county is not None and current is not None and current[COUNTY_FIELD] != county.pk


def elsewhere_reason() -> str:
    return _("该企业在名录中属于其他县（市、区），本批次不能修改")


def plan_insured(table: Table, source: str, today: datetime.date, progress=None, county=None) -> Plan:
    """Rows of the insurance agency's list → firms marked insured (never created). Firms
    insured before but absent from this list stay insured and are listed as "missing" for
    review: a list may be partial, and a lapse is for staff to confirm, not to infer."""
    plan = Plan()
    listed: set[str] = set()
    for row_no, cells, code, name, _check, current in _with_existing(
            table, plan, ["name", *INSURED_FIELDS, COUNTY_FIELD], progress):
        if _elsewhere(current, county):
            plan.rows.append([row_no, REJECTED, code, name, elsewhere_reason()])
            continue
        if current is None:
            plan.rows.append([row_no, REJECTED, code, name, _("企业名录中没有此信用代码，请先导入企业名录")])
            continue
        listed.add(code)
        try:
            insured_on = as_date(table.value(cells, "insured_on"), "参保日期")
        except CellError as exc:
            plan.rows.append([row_no, REJECTED, code, name, str(exc)])
            continue
        if current["insured"] and (insured_on is None or insured_on == current["insured_on"]):
            plan.rows.append([row_no, UNCHANGED, code, current["name"], ""])
            continue
        wanted = {"insured": True, "insured_source": source[:100], "insured_on": insured_on or today}
        plan.update_fields.update(wanted)
        plan.updates.append((current["pk"], wanted))
        if not current["insured"]:
            plan.status_changes.append((current["pk"], False, True))
        plan.rows.append([row_no, UPDATED, code, current["name"], _("标记为已参保")])
    plan.in_row_order()
    # Firms insured before but left out of this list, streamed from the registry (never all at once).
    insured = Enterprise.objects.filter(insured=True, **({"township__county": county} if county else {}))
    insured = insured.order_by("uscc").values_list("uscc", "name")
    for code, name in insured.iterator(chunk_size=2000):
        if code not in listed:
            plan.rows.append(["", MISSING, code, name, _("此前已参保，本名单中没有：请核实是否停保（参保状态未改变）")])
    return plan
