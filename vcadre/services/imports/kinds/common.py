"""Field helpers shared by the kinds: the same normalisers for every sheet."""

from __future__ import annotations

from datetime import date
from typing import Any, Optional

from vcadre.domain.codes import TABLES, UnknownCode
from vcadre.domain.normalise import ValueProblem, cell_text, parse_date
from vcadre.services.imports.engine import Field, Row
from vcadre.services.imports.places import PlaceIndex, PlaceProblem

# Header names officers use, shared by the kinds.
NAME = Field("name", "姓名", ("名字", "学员姓名", "人员姓名", "干部姓名"), required=True, width=10)
GENDER = Field("gender", "性别", (), kind="code", codes="gender",
               help="可不填：填写身份证号码时由号码得出；填写了就须与号码一致。")
ID_NUMBER = Field("id_number", "身份证号码", ("身份证号", "公民身份号码", "身份证", "身份证件号码", "证件号码",
                                         "居民身份证号码", "身份证号码(18位)"), kind="id", width=22,
                  help="18 位（末位可为 X）；15 位旧号码自动转换。请把该列设为“文本”格式：存成数字的号码会丢失末几位，将被拒绝。")
BIRTH = Field("birth_date", "出生年月", ("出生日期", "出生年月日", "出生时间", "生日"), kind="month",
              help="可只写年月（如 1992.03）；填写身份证号码时可不填。")
ETHNICITY = Field("ethnicity", "民族", (), kind="code", codes="ethnicity")
NATIVE = Field("native_place", "籍贯", ("出生地",))
PHONE = Field("phone", "联系电话", ("电话", "手机", "手机号", "手机号码", "联系方式", "电话号码"), kind="phone", width=14)
EDUCATION = Field("education", "全日制学历", ("学历", "文化程度", "最高学历", "全日制教育学历", "全日制教育"),
                  kind="code", codes="education")
EDUCATION_INSERVICE = Field("education_inservice", "在职学历", ("在职教育学历", "在职教育"), kind="code", codes="education")
POLITICAL = Field("political_status", "政治面貌", ("党派", "政治身份"), kind="code", codes="political_status")
PARTY_DATE = Field("party_join_date", "入党时间", ("入党年月", "入党日期", "入党时间(年月)"), kind="month")
WORK_DATE = Field("work_start_date", "参加工作时间", ("参加工作年月", "参加工作日期", "工作时间"), kind="month")
TOWNSHIP = Field("township", "乡镇（街道）", ("乡镇", "乡（镇、街道）", "乡镇(街道)", "所在乡镇", "乡镇名称", "镇（乡、街道）",
                                        "镇", "乡镇街道", "所属乡镇", "乡（镇）", "街道"),
                 help="可不填（村名在全县唯一时）；带不带“镇/乡/街道”均可。")
VILLAGE = Field("village", "村（社区）", ("村", "村(社区)", "所在村", "所在村（社区）", "村（居）", "村名", "村（社区）名称",
                                       "村居", "村(居)", "所属村", "驻村村", "所驻村", "派驻村", "村社区"),
                required=True, help="带不带“村/社区/村委会/居委会”均可，也可填 12 位区划代码。")
NOTES = Field("notes", "备注", ("说明",))

PERSON_FIELDS = (NAME, GENDER, ID_NUMBER, BIRTH, ETHNICITY, NATIVE, PHONE, EDUCATION, EDUCATION_INSERVICE,
                 POLITICAL, PARTY_DATE, WORK_DATE)


def code(row: Row, key: str, table: str, default: Optional[str] = None) -> Optional[str]:
    raw = row.values.get(key)
    if raw is None:
        return default
    try:
        return TABLES[table].code_for(cell_text(raw))
    except UnknownCode:
        items = "、".join(i.label for i in TABLES[table])
        row.error(key, f"未知的{TABLES[table].title}“{cell_text(raw)}”：应为 {items}")
        return None


def day(row: Row, key: str, label: str, month: bool = False) -> Optional[date]:
    try:
        return parse_date(row.values.get(key), allow_month=month)
    except ValueProblem as exc:
        row.error(key, str(exc))
        return None


def number(row: Row, key: str, label: str, integer: bool = False) -> Optional[float]:
    raw = row.values.get(key)
    if raw is None:
        return None
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        value = float(raw)
    else:
        text = "".join(cell_text(raw).split()).rstrip("学时小时年度")
        text = text.translate({0xFF0E: ".", **{0xFF10 + i: str(i) for i in range(10)}})
        try:
            value = float(text)
        except ValueError:
            row.error(key, f"{label}“{cell_text(raw)}”不是数字")
            return None
    if value < 0:
        row.error(key, f"{label}不能为负数")
        return None
    if integer and not value.is_integer():
        row.error(key, f"{label}“{cell_text(raw)}”应为整数")
        return None
    return value


def text(row: Row, key: str, label: str, max_length: int = 0) -> Optional[str]:
    value = cell_text(row.values.get(key)) or None
    if value and max_length and len(value) > max_length:
        row.error(key, f"{label}最多 {max_length} 个字")
    return value


def village(places: PlaceIndex, row: Row) -> Optional[str]:
    try:
        return places.village_id(cell_text(row.values.get("township")), cell_text(row.values.get("village")))
    except PlaceProblem as exc:
        row.error(exc.field, exc.message)
        return None


def split_list(value: Any) -> list[str]:
    """“村党支部书记、村委会主任” → two items (also ，/ 兼 and line breaks)."""
    import re

    return [p for p in re.split(r"[、，,/／;；\n]|兼任|兼", cell_text(value)) if p.strip()]
