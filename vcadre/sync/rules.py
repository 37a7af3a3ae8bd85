"""Domain rules every received value must pass (同步数据校验), the same as for local edits.

Beyond the shape checks of ``merge`` (types, lengths, date pattern): dates are real calendar
dates, ID numbers pass GB 11643 (``domain.idnumber``, normalised form), coded fields hold a
known code (``domain.codes``: gender, ethnicity, education, stages …), and clock stamps are not
more than a day ahead of the importer's clock. A region that would become its own ancestor is
checked after merging (``Merger._check_regions``). Each check comes as a per-value test (for
messages) and is cheap enough to run over whole columns in the bulk path.
"""

from __future__ import annotations

import time
from datetime import date
from typing import Any, Callable, Optional

from vcadre.domain import codes as C
from vcadre.domain.idnumber import IdNumberError, validate_id_number

#: Stamps further ahead of the importer's wall clock than this are refused (HLC milliseconds).
MAX_AHEAD_MS = 24 * 3600 * 1000

_CODES: dict[tuple[str, str], tuple[C.CodeTable, ...]] = {
    ("region", "level"): (C.REGION_LEVEL,),
    ("region", "kind"): (C.TOWNSHIP_KIND, C.VILLAGE_KIND),
    ("person", "gender"): (C.GENDER,),
    ("person", "ethnicity"): (C.ETHNICITY,),
    ("person", "education"): (C.EDUCATION,),
    ("person", "education_inservice"): (C.EDUCATION,),
    ("person", "political_status"): (C.POLITICAL_STATUS,),
    ("reserve_entry", "source"): (C.TALENT_SOURCE,),
    ("reserve_entry", "nomination"): (C.NOMINATION,),
    ("reserve_entry", "stage"): (C.STAGE,),
    ("reserve_entry", "status"): (C.RESERVE_STATUS,),
    ("reserve_entry", "exit_reason"): (C.EXIT_REASON,),
    ("stage_change", "from_stage"): (C.STAGE,),
    ("stage_change", "to_stage"): (C.STAGE,),
    ("stage_change", "from_status"): (C.RESERVE_STATUS,),
    ("stage_change", "to_status"): (C.RESERVE_STATUS,),
    ("assessment", "result"): (C.ASSESSMENT,),
    ("village_post", "post"): (C.VILLAGE_POST,),
    ("village_post", "origin"): (C.POST_ORIGIN,),
    ("training_session", "kind"): (C.TRAINING_KIND,),
    ("enrolment", "result"): (C.ENROLMENT_RESULT,),
    ("attendance", "status"): (C.ATTENDANCE,),
    ("dispatch", "role"): (C.DISPATCH_ROLE,),
    ("dispatch", "status"): (C.DISPATCH_STATUS,),
}
CODE_SETS: dict[tuple[str, str], frozenset] = {
    key: frozenset(code for table in tables for code in table.codes()) for key, tables in _CODES.items()}

_MIN_DATE, _MAX_DATE = date(1900, 1, 1), date(2100, 12, 31)


def real_date(text: str) -> bool:
    try:
        return _MIN_DATE <= date.fromisoformat(text) <= _MAX_DATE
    except (TypeError, ValueError):
        return False


def valid_id_number(text: str) -> bool:
    try:
        return validate_id_number(text) == text
    except IdNumberError:
        return False


def value_check(table: str, name: str, is_date: bool) -> Optional[tuple[Callable[[Any], bool], str]]:
    """(test of one non-null value, what a failing value is not) for a field, or None."""
    codes = CODE_SETS.get((table, name))
    if codes is not None:
        label = "、".join(t.title for t in _CODES[(table, name)])
        return codes.__contains__, f"有效的{label}代码"
    if table == "person" and name == "id_number":
        return valid_id_number, "有效的身份证号码"
    if is_date:
        return real_date, "有效日期"
    return None


def column_check(table: str, name: str, is_date: bool) -> Optional[Callable[[set], bool]]:
    """A test of a set of distinct non-null values (the bulk path), or None."""
    codes = CODE_SETS.get((table, name))
    if codes is not None:
        return codes.issuperset
    one = value_check(table, name, is_date)
    if one is None:
        return None
    test = one[0]
    return lambda values: all(map(test, values))


def shown(table: str, name: str, value: Any) -> str:
    """A value for a message: never an ID number in clear (personal data)."""
    if table == "person" and name == "id_number" and isinstance(value, str):
        from vcadre.domain.idnumber import mask_id_number

        return mask_id_number(value)
    return repr(value)[:40]


def hlc_limit(wall: Optional[Callable[[], float]] = None) -> str:
    """The greatest acceptable received clock stamp (as text, comparable with HLC stamps)."""
    ms = int((wall or time.time)() * 1000) + MAX_AHEAD_MS
    return f"{ms:013d}.999999"
