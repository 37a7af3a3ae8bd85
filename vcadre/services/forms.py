"""Form schemas: which fields a record's add/edit dialog shows, and how to read its values.

The services own the schema (keys, kinds, code tables, required); the GUI owns the labels
(translated with ``tr()``) and widgets. Values travel as plain dicts keyed by field key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Optional

from vcadre.domain.codes import TABLES, UnknownCode
from vcadre.domain.normalise import ValueProblem, parse_date
from vcadre.services.errors import FieldError

_FULLWIDTH_DIGITS = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)}, "．": "."})

KINDS = ("text", "multiline", "date", "int", "float", "code", "village", "person", "bool")


@dataclass(frozen=True)
class FormField:
    key: str
    kind: str = "text"
    codes: Optional[str] = None  #: code table name for kind "code"
    required: bool = False
    max_length: Optional[int] = None
    #: kind "date": a year and month alone (1992.03) is accepted as the 1st of that month
    month: bool = False


def clean(fields: tuple[FormField, ...], values: Mapping[str, Any], errors: list[FieldError],
          labels: Mapping[str, str]) -> dict[str, Any]:
    """Normalise raw dialog/import values by field kind; append an error per bad field.

    ``labels`` gives the Chinese field names used in messages.
    """
    out: dict[str, Any] = {}
    for f in fields:
        if f.key not in values:
            continue
        raw = values[f.key]
        label = labels.get(f.key, f.key)
        if isinstance(raw, str):
            raw = raw.strip()
        if raw in ("", None):
            if f.required:
                errors.append(FieldError(f.key, f"“{label}”不能为空。"))
            out[f.key] = None if f.kind != "bool" else False
            continue
        try:
            out[f.key] = _convert(f, raw)
        except UnknownCode as exc:
            errors.append(FieldError(f.key, str(exc)))
        except ValueProblem as exc:
            errors.append(FieldError(f.key, f"“{label}”：{exc}。"))
            continue
        except (TypeError, ValueError):
            errors.append(FieldError(f.key, f"“{label}”的值“{raw}”格式不正确。"))
            continue
        if f.max_length and isinstance(out.get(f.key), str) and len(out[f.key]) > f.max_length:
            errors.append(FieldError(f.key, f"“{label}”最多 {f.max_length} 个字。"))
    return out


def _convert(f: FormField, raw: Any) -> Any:
    if f.kind == "date":
        # The one date parser (vcadre.domain.normalise), shared with every import.
        return parse_date(raw, allow_month=f.month)
    if f.kind == "int":
        if isinstance(raw, float) and raw.is_integer():
            return int(raw)
        return int(str(raw).strip())
    if f.kind == "float":
        return float(str(raw).strip().translate(_FULLWIDTH_DIGITS))
    if f.kind == "bool":
        return bool(raw)
    if f.kind == "code":
        return TABLES[f.codes].code_for(str(raw))
    return str(raw)
