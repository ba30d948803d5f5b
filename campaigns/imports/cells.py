"""Turn spreadsheet cells into typed values; a bad cell raises CellError (Chinese)."""

from __future__ import annotations

import datetime
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

CENT = Decimal("0.01")


class CellError(ValueError):
    pass


def as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def as_decimal(value, label: str) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        number = Decimal(str(value))
    else:
        text = re.sub(r"[,，\s]", "", as_text(value)).removesuffix("万元").removesuffix("人")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise CellError(_("%(label)s“%(value)s”不是数字") % {"label": label, "value": as_text(value)}) from None
    if not number.is_finite() or number < 0:
        raise CellError(_("%(label)s不能为负数或非数字") % {"label": label})
    if number >= Decimal("1e12"):
        raise CellError(_("%(label)s数值过大") % {"label": label})
    return number.quantize(CENT)


def as_count(value, label: str) -> int | None:
    number = as_decimal(value, label)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise CellError(_("%(label)s应为整数") % {"label": label})
    return int(number)


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def as_date(value, label: str) -> datetime.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = as_text(value).split(" ")[0]
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                return datetime.date(*(int(g) for g in match.groups()))
            except ValueError:
                break
    raise CellError(_("%(label)s“%(value)s”不是有效日期") % {"label": label, "value": text})
