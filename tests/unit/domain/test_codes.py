"""Code tables (代码表)."""

from __future__ import annotations

import runpy

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


# --- The tables as the module builds them -------------------------------------------------------

#: The Chinese name of each table, as a message about a bad cell names the field.
TITLES = {
    "gender": "性别", "ethnicity": "民族", "education": "学历", "political_status": "政治面貌",
    "village_post": "村级职务", "post_origin": "任职方式", "talent_source": "人才来源", "stage": "培养阶段",
    "reserve_status": "库内状态", "exit_reason": "退出原因", "nomination": "推荐方式", "assessment": "考核结果",
    "dispatch_role": "驻村职务", "dispatch_status": "驻村状态", "training_kind": "培训类别",
    "attendance": "出勤情况", "enrolment_result": "结业情况", "region_level": "区划级别",
    "township_kind": "乡镇类别", "village_kind": "村（社区）类别", "record_kind": "记录类别",
}


@pytest.fixture
def built() -> dict:
    """The module's namespace after its code is run anew: its tables built as an import builds them.

    The tables are built once, when the module is imported; under mutation testing that import
    happened before the mutant was chosen (docs/mutation.md, point 2). Running the module's code
    again builds every table through ``_table`` and ``CodeTable`` as they are now, so the tests
    below judge those functions too. The namespace is a fresh one: ``vcadre.domain.codes`` itself
    is left as it is.
    """
    return runpy.run_path(codes.__file__, run_name=codes.__name__)


def test_a_table_row_reads_code_label_english_then_abbreviation_then_other_spellings(built) -> None:
    tables, code = built["TABLES"], built["Code"]
    # (code, label, label_en): no abbreviation, no other spellings.
    assert tables["stage"].get("talent") == code("talent", "优秀人才", "Talent", "", ())
    assert tables["stage"].short_label("talent") == "优秀人才"
    assert tables["political_status"].short_label("13") == "群众"
    # An abbreviation only; then an empty abbreviation before other spellings; then both.
    assert tables["ethnicity"].get("01") == code("01", "汉族", "Han", "汉", ())
    assert tables["gender"].get("2") == code("2", "女", "Female", "", ("女性", "F"))
    assert tables["ethnicity"].get("46") == code("46", "德昂族", "Deang", "德昂", ("崩龙族", "De'ang"))
    assert tables["education"].get("31") == code("31", "大学专科", "Junior college", "大专", ("大学专科毕业", "专科"))
    assert tables["education"].short_label("31") == "大专"
    assert tables["ethnicity"].label_en("46") == "Deang"


def test_every_table_is_registered_under_its_name_and_named_in_its_messages(built) -> None:
    tables = built["TABLES"]
    assert list(tables) == list(TITLES)
    for name, table in tables.items():
        assert table.name == name
        assert table.title == TITLES[name]
        with pytest.raises(built["UnknownCode"]) as info:
            table.code_for("火星")
        assert str(info.value) == f"未知的{TITLES[name]}：“火星”"
        assert info.value.table_name == name


def test_every_spelling_of_every_entry_finds_that_entry(built) -> None:
    for table in built["TABLES"].values():
        for item in table:
            assert table.label(item.code) == item.label
            assert table.get(item.code) is item and item.code in table
            spellings = [item.code, item.label, item.label_en, item.short, *item.aliases]
            for spelling in filter(None, spellings):
                # As typed, and as spreadsheets carry it: stray (full-width) spaces, other case.
                for variant in (spelling, f" {spelling}\u3000", spelling.upper(), spelling.lower()):
                    assert table.code_for(variant) == item.code, (table.name, variant)


def test_spellings_met_in_spreadsheets(built) -> None:
    tables = built["TABLES"]
    for name, text, code in [
        ("ethnicity", "汉", "01"), ("ethnicity", "崩龙族", "46"), ("ethnicity", " 06 ", "06"),
        ("education", "大专", "31"), ("education", "专科", "31"), ("education", "大学本科毕业", "21"),
        ("political_status", "党员", "01"), ("political_status", "预备党员", "02"), ("political_status", "团员", "03"),
        ("village_post", "村委会主任", "director"), ("village_post", "支委", "party_committee"),
        ("village_post", "Secretary ", "secretary"), ("talent_source", "退役军人", "veteran"),
        ("dispatch_status", "期满", "rotated"), ("enrolment_result", "是", "completed"),
        ("enrolment_result", "否", "not_completed"), ("assessment", "合格", "competent"),
        ("gender", "m", "1"), ("record_kind", "Person", "person"),
    ]:
        assert tables[name].code_for(text) == code, (name, text)


def test_a_table_built_by_hand_reads_its_entries() -> None:
    table = CodeTable("x", "测试", [Code("a", "甲", "Alpha", "甲项", ("一",)), Code("b", "乙", "Beta")])
    assert (table.name, table.title) == ("x", "测试")
    assert table.label("a") == "甲" and table.label_en("b") == "Beta"
    assert [table.code_for(t) for t in ("a", " A ", "甲", "alpha", "甲项", "一", "b", "BETA")] == list("aaaaaabb")
    with pytest.raises(UnknownCode) as info:
        table.code_for("丙")
    assert str(info.value) == "未知的测试：“丙”"
    assert info.value.table_name == "x"


def test_a_spelling_naming_two_entries_or_a_code_given_twice_is_refused_saying_which() -> None:
    # A label may not shadow another entry's code, whichever comes first.
    with pytest.raises(ValueError) as info:
        CodeTable("x", "测试", [Code("a", "甲", "A"), Code("b", "乙", "a")])
    assert str(info.value) == "x: 'a' names both 'a' and 'b'"
    with pytest.raises(ValueError) as info:
        CodeTable("x", "测试", [Code("b", "乙", "a"), Code("a", "甲", "A")])
    assert str(info.value) == "x: 'a' names both 'a' and 'b'"
    with pytest.raises(ValueError) as info:
        CodeTable("x", "测试", [Code("a", "甲", "A"), Code("b", " 甲 ", "B")])
    assert str(info.value) == "x: ' 甲 ' names both 'a' and 'b'"
    with pytest.raises(ValueError) as info:
        CodeTable("x", "测试", [Code("a", "甲", "A"), Code("a", "乙", "B")])
    assert str(info.value) == "x: duplicate code 'a'"


def test_a_cell_that_is_not_text_is_an_unknown_value_not_a_crash() -> None:
    # Spreadsheet cells arrive as numbers too; a number is no spelling of an entry.
    for value in (1, 2.0, None):
        with pytest.raises(UnknownCode) as info:
            GENDER.code_for(value)  # type: ignore[arg-type]
        assert str(info.value) == f"未知的性别：“{value}”"
        assert info.value.value == value


def test_an_unknown_stage_is_named_in_the_message() -> None:
    with pytest.raises(UnknownCode) as info:
        stage_index("mayor")
    assert str(info.value) == "未知的培养阶段：“mayor”"
    assert info.value.value == "mayor"
