"""The shared normalisers (vcadre.domain.normalise): every case the import and the forms accept."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from vcadre.domain import idnumber
from vcadre.domain.normalise import (
    ValueProblem,
    cell_text,
    id15_to_18,
    normalise_id_cell,
    normalise_phone,
    parse_date,
    parse_date_parts,
    place_key,
    region_code_key,
    township_key,
    village_key,
)

ID = idnumber.make_id_number("520524", date(1990, 1, 9), 910)  # a female number


@pytest.mark.parametrize("text", ["1992-3-15", "1992-03-15", "1992/3/15", "1992.3.15", "1992.03.15.",
                                  "1992年3月15日", "1992年03月15号", "19920315", " 1992 - 3 - 15 ",
                                  "１９９２．３．１５", "1992-03-15 00:00:00", "1992/3/15 0:00"])
def test_full_dates_in_every_style(text):
    assert parse_date(text) == date(1992, 3, 15)


def test_real_date_cells_and_empty():
    assert parse_date(date(2024, 3, 1)) == date(2024, 3, 1)
    assert parse_date(datetime(2024, 3, 1, 8, 30)) == date(2024, 3, 1)
    assert parse_date(None) is None and parse_date("  ") is None


@pytest.mark.parametrize("value", ["1992.03", "1992.3", "1992-3", "1992/03", "1992年3月", "1992年03", "199203",
                                   199203.0, 1992.03])
def test_month_only_where_the_field_allows_it(value):
    assert parse_date_parts(value, allow_month=True) == (date(1992, 3, 1), True)
    with pytest.raises(ValueProblem, match="只有年月，本栏需要具体日期"):
        parse_date(value)


def test_a_date_typed_into_a_number_cell():
    assert parse_date(19920315.0) == date(1992, 3, 15)
    assert parse_date(1992.12, allow_month=True) == date(1992, 12, 1)
    # 1992.10 typed into a number cell is stored as 1992.1: January or October cannot be told.
    with pytest.raises(ValueProblem, match="分不清是 1 月还是 10 月"):
        parse_date(1992.1, allow_month=True)


@pytest.mark.parametrize("text,match", [("明年", "不是有效的日期"), ("1992-02-30", "不是存在的日期"),
                                        ("1992-13-01", "不是存在的日期"), ("1850-01-01", "早于 1900 年"),
                                        ("92.3.15", "不是有效的日期")])
def test_bad_dates_say_what_is_wanted(text, match):
    with pytest.raises(ValueProblem, match=match) as err:
        parse_date(text)
    if "有效" in match:
        assert "1992-03-15、1992/3/15、1992.3.15、1992年3月15日 或 19920315" in str(err.value)


def test_the_month_hint_only_where_a_month_is_allowed():
    with pytest.raises(ValueProblem) as err:
        parse_date("x", allow_month=True)
    assert "也可只写年月" in str(err.value)
    with pytest.raises(ValueProblem) as err:
        parse_date("x")
    assert "也可只写年月" not in str(err.value)


# ---------------------------------------------------------------- ID numbers

def test_an_id_number_stored_as_a_number_is_refused_never_rebuilt():
    # What Excel keeps of 520524199001099104 typed into a number cell.
    for cell in (5.20524199001099e17, float(int(ID[:17] + "0")), 520524199001099104, "5.20524E+17"):
        with pytest.raises(ValueProblem) as err:
            normalise_id_cell(cell)
        msg = str(err.value)
        assert "存成了数字" in msg and "丢失" in msg and "文本" in msg and "重新输入" in msg


def test_id_text_is_cleaned_before_any_check():
    spaced = f" {ID[:6]} {ID[6:14]}\u3000{ID[14:]} "
    assert normalise_id_cell(spaced).number == ID
    full = ID.translate({ord(str(i)): chr(0xFF10 + i) for i in range(10)})
    assert normalise_id_cell(full).number == ID
    assert normalise_id_cell("'" + ID).number == ID  # Excel's text prefix
    x = idnumber.make_id_number("520524", date(1990, 1, 1), 13)
    assert normalise_id_cell(x.lower()).number == x.upper()
    assert normalise_id_cell("") is None and normalise_id_cell(None) is None


def test_15_digit_numbers_become_18_and_are_flagged():
    old = "520524900109910"  # 1990-01-09, sequence 910
    cell = normalise_id_cell(old)
    assert cell.converted_from_15 and cell.number == ID and idnumber.is_valid_id_number(cell.number)
    assert id15_to_18(old) == ID
    assert normalise_id_cell(520524900109910.0).number == ID  # 15 digits fit a number cell exactly


# ---------------------------------------------------------------- phones and places

@pytest.mark.parametrize("raw,expected", [("138 1234 5678", "13812345678"), ("138-1234-5678", "13812345678"),
                                          ("+86 13812345678", "13812345678"), (13812345678.0, "13812345678"),
                                          ("0857-7621234", "08577621234"), ("（0857）7621234", "08577621234"),
                                          ("", None)])
def test_phones(raw, expected):
    assert normalise_phone(raw) == expected


def test_place_keys_match_with_or_without_suffixes():
    assert village_key("青山村委会") == village_key("青山村") == village_key("青山") == "青山"
    assert village_key("龙场社区居委会") == village_key("龙场社区") == "龙场"
    assert village_key("青山村民委员会") == "青山"
    assert township_key("龙场镇") == township_key("龙场镇人民政府") == township_key("龙场") == "龙场"
    assert township_key("文腾街道办事处") == township_key("文腾街道") == "文腾"
    assert village_key("村") == "村"  # never stripped to nothing
    assert place_key("龙场镇") == "龙场"


def test_region_codes_in_6_9_12_digit_form_are_one_key():
    assert region_code_key("520524100") == region_code_key("520524100000") == "520524100000"
    assert region_code_key("520524") == "520524000000"
    assert region_code_key(520524100201.0) == "520524100201"
    assert region_code_key("5205241") is None and region_code_key("青山") is None


def test_cell_text():
    assert cell_text(3.0) == "3" and cell_text(2.5) == "2.5" and cell_text(None) == ""
    assert cell_text(date(2024, 3, 1)) == "2024-03-01"


# ---------------------------------------------------------------- exact messages and edges
# (each found by mutation testing: a rule the tests above did not state; docs/mutation.md)

from vcadre.domain.normalise import DATE_FORMS, MONTH_FORMS, NUMBER_LOST_DIGITS  # noqa: E402


def test_a_bad_date_says_which_forms_are_accepted():
    with pytest.raises(ValueProblem) as err:
        parse_date("三月五日")
    assert str(err.value) == f"“三月五日”不是有效的日期：请写成 {DATE_FORMS}"
    with pytest.raises(ValueProblem) as err:
        parse_date("三月", allow_month=True)
    assert str(err.value) == f"“三月”不是有效的日期：请写成 {DATE_FORMS}；也可只写年月，如 {MONTH_FORMS}"


@pytest.mark.parametrize("allow_month", [False, True])
def test_a_number_cell_that_is_no_date_says_so(allow_month):
    with pytest.raises(ValueProblem) as err:
        parse_date(12.345, allow_month=allow_month)
    tail = f"；也可只写年月，如 {MONTH_FORMS}" if allow_month else ""
    assert str(err.value) == f"“12.345”不是有效的日期：请写成 {DATE_FORMS}{tail}"


def test_january_or_october_in_a_number_cell_is_asked_not_guessed():
    with pytest.raises(ValueProblem) as err:
        parse_date(1992.1, allow_month=True)
    assert str(err.value).endswith("重新输入（如 1992.01 或 1992.10）")
    assert parse_date(1992.11, allow_month=True) == date(1992, 11, 1)  # two digits: no doubt
    assert parse_date(1992.2, allow_month=True) == date(1992, 2, 1)  # .2 cannot be .20


def test_an_id_cell_that_is_yes_or_no_or_lost_digits():
    with pytest.raises(ValueProblem, match="^身份证号码不能是“是/否”$"):
        normalise_id_cell(True)
    for lost in (5.205241990010991e17, 520524199001099.5, 2.0 ** 53, 2 ** 53, -(2 ** 53)):
        with pytest.raises(ValueProblem) as err:
            normalise_id_cell(lost)
        assert str(err.value) == NUMBER_LOST_DIGITS
    # Below 2**53 a number is exact: an old 15-digit number stored as a number is kept whole.
    assert normalise_id_cell(float(2 ** 53 - 1)).number == str(2 ** 53 - 1)
    assert normalise_id_cell(520524900109913.0) == normalise_id_cell("520524900109913")


@pytest.mark.parametrize("cell", ["'" + ID, "‘" + ID, "’" + ID, "`" + ID, ID.lower(), ID + ".0" if ID[-1] != "X" else ID])
def test_an_id_cell_loses_excel_text_marks_only(cell):
    assert normalise_id_cell(cell).number == ID


def test_a_trailing_point_zero_goes_only_after_digits():
    assert normalise_id_cell("520524199001099100.0").number == "520524199001099100"
    assert normalise_id_cell("52052419900109910X.0").number == "52052419900109910X.0"
    assert normalise_id_cell("12.0").number == "12"
    assert normalise_id_cell("1X.0").number == "1X.0"


@pytest.mark.parametrize(("cell", "digits"), [
    ("'13812345678", "13812345678"), ("138-1234-5678", "13812345678"), ("(0857)7621234", "08577621234"),
    ("+8613812345678", "13812345678"), ("008613812345678", "13812345678"), ("13812345678'", "13812345678'"),
    ("X138", "X138"), (13812345678.0, "13812345678"), ("  ", None), ("'", None),
])
def test_phone_cells(cell, digits):
    assert normalise_phone(cell) == digits


def test_a_phone_with_a_fraction_is_no_phone():
    with pytest.raises(ValueProblem) as err:
        normalise_phone(138.5)
    assert str(err.value) == "联系电话“138.5”不是电话号码"


def test_place_keys_strip_every_suffix_and_keep_spacing_out():
    assert village_key("龙场 社区 居委会") == "龙场"
    assert village_key("青山村村委会") == "青山"  # suffixes come off one after another
    assert village_key("村") == "村"  # never to nothing


def test_yes_no_cells_and_bools_that_are_no_dates():
    assert (cell_text(True), cell_text(False)) == ("是", "否")
    with pytest.raises(ValueProblem, match="^“True”不是日期$"):
        parse_date(True)


def test_the_year_1900_is_the_first_accepted():
    assert parse_date("1900-01-01") == date(1900, 1, 1)
    with pytest.raises(ValueProblem, match="^“1899-12-31”早于 1900 年，请检查年份$"):
        parse_date("1899-12-31")


def test_month_only_is_refused_unless_allowed_and_real_dates_are_whole_days():
    with pytest.raises(ValueProblem, match="只有年月"):
        parse_date_parts("1992.03")
    assert parse_date_parts(datetime(2024, 3, 1, 8, 30), allow_month=True) == (date(2024, 3, 1), False)
    assert parse_date_parts(date(2024, 3, 1), allow_month=True) == (date(2024, 3, 1), False)


def test_an_id_cell_starting_with_x_keeps_it():
    assert normalise_id_cell("X" + ID).number == "X" + ID  # the shape check refuses it later
