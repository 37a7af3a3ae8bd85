"""Value normalisers (取值规范化) shared by every import and by the add/edit forms.

One place decides what a date, an ID number, a phone number or a place name may look like, so a
form accepts exactly what an import accepts. Each function takes what a cell or a text box holds
(``str``, ``float``/``int`` from a spreadsheet number, ``date``/``datetime`` from a date cell) and
returns the cleaned value or raises :class:`ValueProblem` with a Chinese message that says what
to change. Pure Python: no Qt, no SQLAlchemy.

- Dates: real date cells; text as 1992-3-15, 1992/3/15, 1992.3.15, 1992年3月15日, 19920315
  (a trailing time such as "00:00:00" is ignored); month-only (1992.03, 1992-3, 1992年3月,
  199203) only where the field allows a month (出生年月, 入党时间): it becomes the 1st of the month
  and :func:`parse_date_parts` says it was month-only.
- ID numbers: whitespace (full-width too), a leading apostrophe and full-width characters are
  removed, a lowercase x is upper-cased, a 15-digit number becomes 18 digits (flagged). A number
  *cell* that cannot hold 18 exact digits (Excel keeps 15 significant digits) is refused with a
  message that says so and how to fix it — it is never turned into a plausible number.
- Phones: spaces, dashes, brackets and a +86 prefix removed.
- Place names: :func:`place_key` drops 镇/乡/街道/村/社区/村委会/居委会… so 青山村, 青山村委会 and
  青山 meet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any, Optional

__all__ = [
    "ValueProblem", "IdCell", "parse_date", "parse_date_parts", "normalise_id_cell", "id15_to_18",
    "normalise_phone", "place_key", "township_key", "village_key", "region_code_key", "cell_text",
    "DATE_FORMS", "MONTH_FORMS",
]

#: What the date messages (and the templates' 填写说明) promise.
DATE_FORMS = "1992-03-15、1992/3/15、1992.3.15、1992年3月15日 或 19920315"
MONTH_FORMS = "1992.03、1992-3、1992年3月 或 199203"


class ValueProblem(ValueError):
    """A value that cannot be used; ``str()`` is the Chinese message (no personal data in it)."""


_FULLWIDTH = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)},
                            "／": "/", "．": ".", "－": "-", "—": "-", "＋": "+",
                            "（": "(", "）": ")", "Ｘ": "X", "ｘ": "X", "。": "."})


def _squash(text: str) -> str:
    """Remove all whitespace (U+3000 and NBSP too) and map full-width digits and signs."""
    return "".join(text.split()).translate(_FULLWIDTH)


def cell_text(value: Any) -> str:
    """Text of a cell for free-text fields: whole numbers lose the ``.0`` Excel gives them."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


# ---------------------------------------------------------------- dates

_FULL = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\.?")
_CN_FULL = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})[日号]?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_MONTH = re.compile(r"(\d{4})[-/.](\d{1,2})\.?")
_CN_MONTH = re.compile(r"(\d{4})年(\d{1,2})月?")
_COMPACT_MONTH = re.compile(r"(\d{4})(\d{2})")
_TIME = re.compile(r"(?:T|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")


def _bad_date(raw: str, allow_month: bool) -> ValueProblem:
    forms = DATE_FORMS + ("；也可只写年月，如 " + MONTH_FORMS if allow_month else "")
    return ValueProblem(f"“{raw}”不是有效的日期：请写成 {forms}")


def _make(y: str, m: str, d: str, raw: str, allow_month: bool) -> date:
    try:
        value = date(int(y), int(m), int(d))
    except ValueError:
        raise ValueProblem(f"“{raw}”不是存在的日期（{int(y)} 年 {int(m)} 月 {int(d)} 日）") from None
    if value.year < 1900:
        raise ValueProblem(f"“{raw}”早于 1900 年，请检查年份")
    return value


def parse_date_parts(value: Any, *, allow_month: bool = False) -> Optional[tuple[date, bool]]:
    """(date, month_only) for a cell or a typed text; None when empty.

    ``allow_month``: a year and month alone is accepted and becomes the 1st of that month.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date(), False
    if isinstance(value, date):
        return value, False
    if isinstance(value, bool):
        raise ValueProblem(f"“{value}”不是日期")
    if isinstance(value, (int, float)):
        return _number_date(value, allow_month)
    return _parse_text(str(value), allow_month)


@lru_cache(maxsize=4096)  # a sheet repeats its dates; the parse is pure
def _parse_text(value: str, allow_month: bool) -> Optional[tuple[date, bool]]:
    raw = value.strip()
    text = _squash(raw)
    if not text:
        return None
    text = _squash(_TIME.sub("", raw).strip())
    for pattern in (_FULL, _CN_FULL, _COMPACT):
        m = pattern.fullmatch(text)
        if m:
            return _make(*m.groups(), raw, allow_month), False
    for pattern in (_MONTH, _CN_MONTH, _COMPACT_MONTH):
        m = pattern.fullmatch(text)
        if m:
            if not allow_month:
                raise ValueProblem(f"“{raw}”只有年月，本栏需要具体日期：请写成 {DATE_FORMS}")
            return _make(m.group(1), m.group(2), "1", raw, allow_month), True
    raise _bad_date(raw, allow_month)


def _number_date(value: float, allow_month: bool) -> tuple[date, bool]:
    """A date typed into a number cell: 19920315, 199203, or 1992.03 (Excel keeps it as a number)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return parse_date_parts(str(value), allow_month=allow_month)  # type: ignore[return-value]
    text = repr(value)
    m = re.fullmatch(r"(\d{4})\.(\d{1,2})", text)
    if m and len(m.group(2)) == 1 and m.group(2) == "1":
        # 1992.10 typed into a number cell is stored as 1992.1: January or October?
        raise ValueProblem(f"“{text}”被 Excel 存成了数字，分不清是 1 月还是 10 月：请把该列设置为“文本”格式后"
                           f"重新输入（如 {m.group(1)}.01 或 {m.group(1)}.10）")
    if m:
        return parse_date_parts(text, allow_month=allow_month)  # type: ignore[return-value]
    raise _bad_date(text, allow_month)


def parse_date(value: Any, *, allow_month: bool = False) -> Optional[date]:
    """The date of a cell or text (see module doc); None when empty; ``ValueProblem`` otherwise."""
    parts = parse_date_parts(value, allow_month=allow_month)
    return parts[0] if parts else None


# ---------------------------------------------------------------- ID numbers

@dataclass(frozen=True)
class IdCell:
    """A cleaned ID-number cell: the 18-character number and whether it was a 15-digit one."""

    number: str
    converted_from_15: bool = False


#: Largest integer a spreadsheet number (IEEE double) holds exactly.
_EXACT = 2 ** 53

NUMBER_LOST_DIGITS = ("Excel 把身份证号码存成了数字，只保留了前 15 位有效数字，后几位已经丢失，无法还原。"
                      "请把该列设置为“文本”格式，再重新输入（或复制）完整的 18 位号码")


def id15_to_18(number15: str) -> str:
    """The 18-digit form of a 15-digit first-generation number (19 inserted before the year)."""
    from stdnum.cn.ric import calc_check_digit

    body = number15[:6] + "19" + number15[6:]
    return body + calc_check_digit(body + "0")


def normalise_id_cell(value: Any) -> Optional[IdCell]:
    """Clean an ID-number cell before any check; None when empty.

    Raises ``ValueProblem`` for a number cell (or text in scientific notation) that lost digits.
    Shape, date and check digit are checked afterwards by ``idnumber.validate_id_number``.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueProblem("身份证号码不能是“是/否”")
    if isinstance(value, float):
        if not value.is_integer() or abs(value) >= _EXACT:
            raise ValueProblem(NUMBER_LOST_DIGITS)
        value = int(value)
    if isinstance(value, int):
        if abs(value) >= _EXACT:
            raise ValueProblem(NUMBER_LOST_DIGITS)
        value = str(value)
    text = _squash(str(value)).lstrip("'‘’`").upper()
    if not text:
        return None
    if re.fullmatch(r"\d(\.\d+)?E\+?\d+", text):
        raise ValueProblem(NUMBER_LOST_DIGITS)
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    if len(text) == 15 and text.isdigit():
        return IdCell(id15_to_18(text), True)
    return IdCell(text)


# ---------------------------------------------------------------- phones

def normalise_phone(value: Any) -> Optional[str]:
    """Digits of a phone number (a landline keeps its area code); None when empty."""
    if value is None:
        return None
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueProblem(f"联系电话“{value}”不是电话号码")
        value = int(value)
    text = _squash(str(value)).lstrip("'")
    for ch in "-()":
        text = text.replace(ch, "")
    if text.startswith("+86"):
        text = text[3:]
    elif text.startswith("0086"):
        text = text[4:]
    return text or None


# ---------------------------------------------------------------- places

_VILLAGE_SUFFIXES = ("村民委员会", "居民委员会", "村委会", "居委会", "村委", "委会", "社区", "村", "居")
_TOWNSHIP_SUFFIXES = ("人民政府", "街道办事处", "办事处", "街道", "民族乡", "镇", "乡")
_PLACE_NOISE = str.maketrans({"(": "", ")": "", "（": "", "）": "", "·": "", "\u3000": ""})


def _strip(name: str, suffixes: tuple[str, ...]) -> str:
    key = "".join(str(name).split()).translate(_PLACE_NOISE)
    changed = True
    while changed:
        changed = False
        for s in suffixes:
            if key.endswith(s) and len(key) > len(s):
                key = key[: -len(s)]
                changed = True
                break
    return key


def village_key(name: str) -> str:
    """Match key of a village (青山村委会, 青山村, 青山 → 青山; 龙场社区居委会 → 龙场)."""
    return _strip(name, _VILLAGE_SUFFIXES)


def township_key(name: str) -> str:
    """Match key of a township (龙场镇, 龙场镇人民政府, 龙场 → 龙场; 文腾街道办事处 → 文腾)."""
    return _strip(name, _TOWNSHIP_SUFFIXES)


def place_key(name: str) -> str:
    """Match key of any place name: township and village suffixes both dropped."""
    return _strip(name, _VILLAGE_SUFFIXES + _TOWNSHIP_SUFFIXES)


def region_code_key(code: Any) -> Optional[str]:
    """The 12-digit form of a 6/9/12-digit statistical division code (520524100 → 520524100000).

    None when ``code`` is not 6, 9 or 12 digits (a number cell's ``.0`` is tolerated).
    """
    text = cell_text(code)
    text = _squash(text)
    if not text.isdigit() or len(text) not in (6, 9, 12):
        return None
    return text.ljust(12, "0")
