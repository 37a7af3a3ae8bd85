"""Resident identity number (公民身份号码), GB 11643-1999: 18 characters.

Layout: 6-digit address code, 8-digit birth date (YYYYMMDD), 3-digit sequence (odd = male,
even = female), check digit (0-9 or X, ISO 7064 MOD 11-2).

The check digit and date parsing come from ``stdnum.cn.ric``. Its ``validate`` is not used as a
whole because it also requires the address code to be in its bundled region list: that rejects
numbers issued under since-abolished county codes (they stay valid for life) and synthetic demo
data, and it reports failures in English without saying what was expected.

An ID number is personal data: no message here ever contains it, only its masked form at most.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from stdnum.cn.ric import calc_check_digit

from vcadre import clock
from vcadre.domain.codes import GENDER

__all__ = [
    "IdInfo",
    "IdNumberError",
    "info_of",
    "is_valid_id_number",
    "make_id_number",
    "mask_id_number",
    "mask_phone",
    "normalize_id_number",
    "parse_id_number",
    "validate_id_number",
]

Reason = Literal[
    "empty", "length", "format", "birth_date", "checksum", "birth_mismatch", "gender_mismatch"
]

#: Earliest birth date accepted; anything older is a typo, not a living cadre.
MIN_BIRTH_DATE = date(1900, 1, 1)

_SHAPE = re.compile(r"[0-9]{17}[0-9X]")

# Full-width digits and X come from Chinese input methods; map them rather than reject them.
_FULLWIDTH = str.maketrans(
    {**{chr(0xFF10 + i): str(i) for i in range(10)}, "Ｘ": "X", "ｘ": "X", "x": "X"}
)


class IdNumberError(ValueError):
    """An ID number failed a check (身份证号码错误); ``reason`` says which one."""

    def __init__(self, reason: Reason, message: str, masked: str = "") -> None:
        super().__init__(message)
        self.reason: Reason = reason
        #: The number in masked form, for callers that must say which row failed.
        self.masked = masked


@dataclass(frozen=True, slots=True)
class IdInfo:
    """What an ID number says about its holder (身份证信息)."""

    region_code: str
    birth_date: date
    gender: str  # GENDER code: "1" male, "2" female


def normalize_id_number(s: str) -> str:
    """Strip all whitespace (full-width too) and turn full-width digits and x/ｘ into ASCII X."""
    # str.split() with no argument also splits on U+3000 (ideographic space) and NBSP.
    return "".join(s.split()).translate(_FULLWIDTH)


def mask_id_number(s: str | None) -> str:
    """Masked form for display and logs (脱敏): ``520524********123X``.

    Numbers of unusual length keep 6 + 4 visible only when at least 5 characters stay hidden;
    shorter input is masked completely, so a malformed number never leaks whole.
    """
    if not s:
        return ""
    n = normalize_id_number(s)
    if len(n) < 15:
        return "*" * len(n)
    return n[:6] + "*" * (len(n) - 10) + n[-4:]


def mask_phone(s: str | None) -> str:
    """Masked phone for display (脱敏): ``138****5678``; a short number keeps its last 2 digits."""
    if not s:
        return ""
    digits = "".join(s.split())
    if len(digits) >= 11:
        return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
    return "*" * max(0, len(digits) - 2) + digits[-2:]


def _fail(reason: Reason, message: str, number: str) -> IdNumberError:
    return IdNumberError(reason, message, mask_id_number(number))


def _birth_date(number: str) -> date:
    y, m, d = number[6:10], number[10:12], number[12:14]
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        raise _fail(
            "birth_date", f"身份证号码中的出生日期（{y}-{m}-{d}）不是有效日期", number
        ) from None


def _check_shape(s: str | None) -> str:
    number = normalize_id_number(s) if s else ""
    if not number:
        raise IdNumberError("empty", "身份证号码为空")
    if len(number) != 18:
        raise _fail("length", f"身份证号码应为 18 位，实为 {len(number)} 位", number)
    if not _SHAPE.fullmatch(number):
        raise _fail("format", "身份证号码格式错误：前 17 位应为数字，最后一位为数字或 X", number)
    return number


def _gender_of(number: str) -> str:
    return "1" if int(number[16]) % 2 else "2"


def validate_id_number(
    s: str | None,
    *,
    birth_date: date | None = None,
    gender: str | None = None,
    today: date | None = None,
) -> str:
    """Check an ID number and return it normalized; raise ``IdNumberError`` otherwise.

    Checks, in order: empty, length, format, birth date (a real date, not before 1900, not after
    ``today``), check digit, then agreement with ``birth_date`` and ``gender`` (a GENDER code; the
    codes for unknown/unstated gender are not compared). The date is checked before the check
    digit because "Feb 30" tells the user where the typo is; a wrong check digit does not.
    """
    number = _check_shape(s)
    born = _birth_date(number)
    if today is None:
        today = clock.today()
    if born > today:
        raise _fail(
            "birth_date", f"身份证号码中的出生日期（{born.isoformat()}）晚于今天", number
        )
    if born < MIN_BIRTH_DATE:
        raise _fail(
            "birth_date", f"身份证号码中的出生日期（{born.isoformat()}）早于 1900 年", number
        )
    expected = calc_check_digit(number)
    if number[17] != expected:
        raise _fail(
            "checksum", f"身份证号码校验位错误：应为 {expected}，实为 {number[17]}", number
        )
    if birth_date is not None and birth_date != born:
        raise _fail(
            "birth_mismatch",
            f"出生日期与身份证号码不符：号码为 {born.isoformat()}，"
            f"填写为 {birth_date.isoformat()}",
            number,
        )
    if gender is not None:
        given = GENDER.code_for(gender)
        implied = _gender_of(number)
        if given in ("1", "2") and given != implied:
            raise _fail(
                "gender_mismatch",
                f"性别与身份证号码不符：号码为{GENDER.label(implied)}，"
                f"填写为{GENDER.label(given)}",
                number,
            )
    return number


def is_valid_id_number(s: str | None, *, today: date | None = None) -> bool:
    """True if ``validate_id_number`` accepts ``s``."""
    try:
        validate_id_number(s, today=today)
    except IdNumberError:
        return False
    return True


def parse_id_number(s: str | None, *, today: date | None = None) -> IdInfo:
    """Validate and split an ID number into region code, birth date and gender."""
    number = validate_id_number(s, today=today)
    return IdInfo(number[:6], _birth_date(number), _gender_of(number))


def info_of(number: str) -> IdInfo:
    """What an already validated, normalized number says (no checks: see ``parse_id_number``)."""
    return IdInfo(number[:6], _birth_date(number), _gender_of(number))


def make_id_number(region_code: str, birth_date: date, sequence: int) -> str:
    """Build a valid number for synthetic demo data (odd ``sequence`` = male, even = female).

    Kept cheap (no strftime, no regex) because demo generation calls it hundreds of thousands
    of times.
    """
    if len(region_code) != 6 or not region_code.isascii() or not region_code.isdigit():
        raise ValueError(f"region code must be 6 digits, got {region_code!r}")
    if not 0 <= sequence <= 999:
        raise ValueError(f"sequence must be 0..999, got {sequence}")
    if not 1000 <= birth_date.year <= 9999:
        raise ValueError(f"birth year must have 4 digits, got {birth_date.year}")
    body = (
        f"{region_code}{birth_date.year}{birth_date.month:02d}{birth_date.day:02d}{sequence:03d}"
    )
    # calc_check_digit ignores the last character (it expects a full number); pad with one.
    return body + calc_check_digit(body + "0")
