"""Unified social credit codes (统一社会信用代码, GB 32100-2015).

Two checks guard a code: the 18th character (mod 31 over positions 1-17) and the
organisation code in positions 9-17 (GB 11714, mod 11). Employer input that fails a
check is sent back to be re-checked; bulk imports keep the row and flag it for review.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUES = {ch: i for i, ch in enumerate(CHARSET)}
CHECK_WEIGHTS = [pow(3, i, 31) for i in range(17)]  # 1, 3, 9, 27, 19, 26, ...
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
_SHAPE = re.compile(rf"^[{CHARSET}]{{18}}$")
_SEPARATORS = re.compile(r"[\s\-_·.。]+")


@dataclass(frozen=True)
class USCCResult:
    """The outcome of checking one code: `code` is the normalised form."""

    code: str
    well_formed: bool
    check_ok: bool
    message: str = ""

    @property
    def valid(self) -> bool:
        return self.well_formed and self.check_ok


def normalize_uscc(raw: object) -> str:
    """Full-width to half-width, upper case, separators and spaces removed."""
    if raw is None:
        return ""
    text = unicodedata.normalize("NFKC", str(raw))
    return _SEPARATORS.sub("", text).upper()


def uscc_check_character(first17: str) -> str:
    """The 18th character for the first 17 (which must be in CHARSET)."""
    total = sum(_VALUES[ch] * w for ch, w in zip(first17, CHECK_WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def _org_value(ch: str) -> int:
    if ch.isdigit():
        return int(ch)
    return ord(ch) - ord("A") + 10  # full alphabet: A=10 ... Z=35


def organisation_check_character(first8: str) -> str:
    """The 9th character of a GB 11714 organisation code for its first 8."""
    total = sum(_org_value(ch) * w for ch, w in zip(first8, ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def make_uscc(prefix8: str, org8: str) -> str:
    """Build a code that passes both checks from 8 leading characters and the first
    8 characters of the organisation code (used by demo data and tests)."""
    org = org8 + organisation_check_character(org8)
    first17 = prefix8 + org
    return first17 + uscc_check_character(first17)


def check_uscc(raw: object) -> USCCResult:
    """Normalise and check a code; never raises."""
    code = normalize_uscc(raw)
    if not code:
        return USCCResult(code, False, False, _("请填写统一社会信用代码。"))
    if len(code) != 18:
        return USCCResult(code, False, False, _("统一社会信用代码应为18位，当前为%(n)d位。") % {"n": len(code)})
    if not _SHAPE.match(code):
        bad = "".join(sorted({ch for ch in code if ch not in _VALUES}))
        return USCCResult(code, False, False, _("统一社会信用代码含有不允许的字符：%(chars)s") % {"chars": bad})
    if uscc_check_character(code[:17]) != code[17]:
        return USCCResult(code, True, False, _("统一社会信用代码校验位不符，请核对后重新填写。"))
    org = code[8:17]
    if organisation_check_character(org[:8]) != org[8]:
        return USCCResult(code, True, False, _("统一社会信用代码中的组织机构代码校验不符，请核对后重新填写。"))
    return USCCResult(code, True, True)


def validate_uscc(raw: object) -> str:
    """For employer input: return the normalised code or raise ValidationError
    (malformed → what is wrong; failed check → please re-check)."""
    from django.core.exceptions import ValidationError

    result = check_uscc(raw)
    if not result.valid:
        raise ValidationError(result.message, code="malformed" if not result.well_formed else "check")
    return result.code
