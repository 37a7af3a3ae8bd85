"""Code tables (代码表)."""

from __future__ import annotations

import pytest

from vcadre.domain import codes
from vcadre.domain.codes import (
    ETHNICITY,
    GENDER,
    POLITICAL_STATUS,
    SINGLE_POSTS,
    STAGE,
    TABLES,
    VILLAGE_POST,
    Code,
    CodeTable,
    UnknownCode,
    is_party_member,
    next_stage,
    previous_stage,
    stage_index,
)

# GB 3304-91 in its official order (code = position).
GB3304 = (
    "汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 哈尼族 "
    "哈萨克族 傣族 黎族 傈僳族 佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 土族 "
    "达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族 阿昌族 普米族 塔吉克族 怒族 乌孜别克族 "
    "俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 独龙族 鄂伦春族 赫哲族 门巴族 珞巴族 基诺族"
).split()


def test_all_56_ethnic_groups_in_official_order() -> None:
    assert len(GB3304) == 56
    for i, label in enumerate(GB3304, start=1):
        assert ETHNICITY.label(f"{i:02d}") == label
    assert ETHNICITY.codes()[-2:] == ["97", "98"]
    assert ETHNICITY.label("98") == "外国血统中国籍人士"
    assert len(ETHNICITY) == 58


def test_codes_and_labels_unique_in_every_table() -> None:
    for table in TABLES.values():
        assert len(set(table.codes())) == len(table), table.name
        assert len(set(table.labels())) == len(table), table.name


def test_lookup_by_code_label_english_and_alias() -> None:
    assert ETHNICITY.code_for("06") == "06"
    assert ETHNICITY.code_for("苗族") == "06"
    assert ETHNICITY.code_for("Miao") == "06"
    assert ETHNICITY.code_for(" miao ") == "06"
    assert ETHNICITY.code_for("苗") == "06"
    assert ETHNICITY.code_for("崩龙族") == "46"
    assert ETHNICITY.code_for("汉\u3000族") == "01"  # full-width space from a spreadsheet
    assert GENDER.code_for("女") == "2"
    assert GENDER.code_for("Male") == "1"
    assert POLITICAL_STATUS.code_for("中共党员") == "01"
    assert VILLAGE_POST.code_for("村委会主任") == "director"


def test_label_english_and_short() -> None:
    assert ETHNICITY.label("01") == "汉族"
    assert ETHNICITY.label_en("01") == "Han"
    assert POLITICAL_STATUS.short_label("02") == "中共预备党员"
    assert POLITICAL_STATUS.short_label("13") == "群众"
    with pytest.raises(KeyError):
        ETHNICITY.label("99")
    with pytest.raises(KeyError):
        ETHNICITY.label_en("汉族")  # label() takes codes, not labels


def test_display_is_lenient() -> None:
    assert GENDER.display("1") == "男"
    assert GENDER.display(None) == ""
    assert GENDER.display(None, "—") == "—"
    assert GENDER.display("7") == "7"


def test_unknown_value_message_names_table_and_value() -> None:
    with pytest.raises(UnknownCode) as info:
        ETHNICITY.code_for("火星族")
    assert str(info.value) == "未知的民族：“火星族”"
    assert info.value.table_name == "ethnicity"
    assert info.value.value == "火星族"
    assert isinstance(info.value, ValueError)


def test_container_protocol() -> None:
    assert "1" in GENDER
    assert "男" not in GENDER  # membership is by code
    assert [c.code for c in GENDER] == ["0", "1", "2", "9"]
    assert all(isinstance(c, Code) for c in GENDER)
    assert GENDER.get("2") == Code("2", "女", "Female", "", ("女性", "F"))
    assert GENDER.get("5") is None


def test_ambiguous_spelling_is_refused_when_building_a_table() -> None:
    with pytest.raises(ValueError, match="names both"):
        CodeTable("x", "测试", [Code("a", "甲", "A"), Code("b", "乙", "a")])
    with pytest.raises(ValueError, match="duplicate"):
        CodeTable("x", "测试", [Code("a", "甲", "A"), Code("a", "乙", "B")])


def test_standard_codes() -> None:
    assert GENDER.codes() == ["0", "1", "2", "9"]
    assert codes.EDUCATION.codes() == [
        "11", "14", "21", "31", "41", "44", "47", "61", "71", "81", "90"
    ]
    assert POLITICAL_STATUS.codes() == [f"{i:02d}" for i in range(1, 14)]
    assert POLITICAL_STATUS.label("13") == "群众"


def test_party_membership() -> None:
    assert is_party_member("01")
    assert is_party_member("02")
    assert not is_party_member("03")
    assert not is_party_member("13")
    assert not is_party_member(None)


def test_single_posts_are_posts() -> None:
    assert SINGLE_POSTS <= set(VILLAGE_POST.codes())
    assert SINGLE_POSTS == {"secretary", "director", "supervision_director"}


def test_stage_chain() -> None:
    assert STAGE.codes() == ["talent", "reserve", "cadre", "secretary"]
    assert [stage_index(c) for c in STAGE.codes()] == [0, 1, 2, 3]
    assert next_stage("talent") == "reserve"
    assert next_stage("cadre") == "secretary"
    assert next_stage("secretary") is None
    assert previous_stage("reserve") == "talent"
    assert previous_stage("talent") is None
    with pytest.raises(UnknownCode, match="培养阶段"):
        stage_index("mayor")


def test_tables_registry() -> None:
    assert TABLES["ethnicity"] is ETHNICITY
    assert len(TABLES) == 21  # 20 coded fields and the record kinds (undo, recycle bin)
    for name, table in TABLES.items():
        assert table.name == name
        assert table.title
        assert all(c.label and c.label_en for c in table)
