"""Resident ID numbers (公民身份号码)."""

from __future__ import annotations

from datetime import date

import pytest

from vcadre.domain.idnumber import (
    IdInfo,
    IdNumberError,
    info_of,
    is_valid_id_number,
    make_id_number,
    mask_id_number,
    mask_phone,
    normalize_id_number,
    parse_id_number,
    validate_id_number,
)

TODAY = date(2024, 6, 1)
# The GB 11643-1999 example (female, check digit X) and a male number.
X_FEMALE = "11010519491231002X"
MALE = "360426199101010071"

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def reference_check_digit(body: str) -> str:
    """Independent oracle: the table form of ISO 7064 MOD 11-2 from the standard."""
    return "10X98765432"[sum(int(c) * w for c, w in zip(body, WEIGHTS)) % 11]


def with_check(body: str) -> str:
    return body + reference_check_digit(body)


def reason_of(s: str, **kw: object) -> IdNumberError:
    with pytest.raises(IdNumberError) as info:
        validate_id_number(s, today=TODAY, **kw)  # type: ignore[arg-type]
    return info.value


@pytest.mark.parametrize("number", [X_FEMALE, MALE, with_check("52052419800102123")])
def test_valid_numbers(number: str) -> None:
    assert validate_id_number(number, today=TODAY) == number
    assert is_valid_id_number(number, today=TODAY)


def test_lowercase_x_and_fullwidth_input() -> None:
    assert validate_id_number("11010519491231002x", today=TODAY) == X_FEMALE
    fullwidth = "１１０１０５\u3000１９４９１２３１ ００２ｘ"
    assert normalize_id_number(fullwidth) == X_FEMALE
    assert validate_id_number(fullwidth, today=TODAY) == X_FEMALE


def test_parse() -> None:
    assert parse_id_number(X_FEMALE) == IdInfo("110105", date(1949, 12, 31), "2")
    assert parse_id_number(MALE) == IdInfo("360426", date(1991, 1, 1), "1")
    with pytest.raises(IdNumberError):
        parse_id_number("123")


@pytest.mark.parametrize("value", ["", "   ", "\u3000", None])
def test_empty(value: str | None) -> None:
    err = reason_of(value)  # type: ignore[arg-type]
    assert err.reason == "empty"
    assert str(err) == "身份证号码为空"


def test_length() -> None:
    err = reason_of(MALE[:-1])
    assert err.reason == "length"
    assert "17 位" in str(err)


@pytest.mark.parametrize(
    "number", ["36042619910101007A", "3604261991O1010071", "X60426199101010071"]
)
def test_format(number: str) -> None:
    err = reason_of(number)
    assert (err.reason, str(err)) == ("format", "身份证号码格式错误：前 17 位应为数字，最后一位为数字或 X")
    assert err.masked == mask_id_number(number)


def test_impossible_birth_date() -> None:
    err = reason_of(with_check("52052419800230123"))
    assert err.reason == "birth_date"
    assert str(err) == "身份证号码中的出生日期（1980-02-30）不是有效日期"


def test_future_birth_date() -> None:
    number = with_check("52052420240602123")
    err = reason_of(number)
    assert err.reason == "birth_date"
    assert "2024-06-02" in str(err)
    # The same number is fine once that day has come.
    assert validate_id_number(number, today=date(2024, 6, 2)) == number


def test_birth_before_1900() -> None:
    number = with_check("52052418991231123")
    err = reason_of(number)
    assert (err.reason, str(err)) == ("birth_date", "身份证号码中的出生日期（1899-12-31）早于 1900 年")
    assert err.masked == mask_id_number(number)
    first = with_check("52052419000101123")  # the first day accepted
    assert validate_id_number(first, today=TODAY) == first


def test_an_empty_number_has_no_masked_form() -> None:
    assert reason_of("").masked == ""


def test_checks_use_the_day_given_not_the_clock() -> None:
    # Born 2030-01-02: not yet born on the pinned test day, born by 2031.
    number = with_check("52052420300102123")
    later = date(2031, 1, 1)
    assert not is_valid_id_number(number)
    assert is_valid_id_number(number, today=later)
    assert parse_id_number(number, today=later) == IdInfo("520524", date(2030, 1, 2), "1")
    with pytest.raises(IdNumberError):
        parse_id_number(number)


def test_info_of_reads_a_checked_number() -> None:
    assert info_of(X_FEMALE) == IdInfo("110105", date(1949, 12, 31), "2")
    assert info_of(MALE) == IdInfo("360426", date(1991, 1, 1), "1")


@pytest.mark.parametrize(("phone", "masked"), [
    ("13812345678", "138****5678"), (" 138 1234 5678 ", "138****5678"), ("008613812345678", "008********5678"),
    ("5678", "**78"), ("12", "12"), ("1", "1"), ("", ""), (None, ""),
])
def test_mask_phone(phone, masked) -> None:
    assert mask_phone(phone) == masked


def test_checksum() -> None:
    number = MALE[:-1] + "3"
    err = reason_of(number)
    assert err.reason == "checksum"
    assert str(err) == "身份证号码校验位错误：应为 1，实为 3"
    err = reason_of(X_FEMALE[:-1] + "3")
    assert str(err) == "身份证号码校验位错误：应为 X，实为 3"


@pytest.mark.parametrize("body", ["36042619910101007", "52052419800102123", "11010519491231001",
                                  "44030419850715432", "23010219700101003"])
def test_a_final_x_is_accepted_only_where_x_is_the_check_digit(body: str) -> None:
    """Every check digit is one of 11 values; X stands for 10 and for nothing else."""
    right = reference_check_digit(body)
    assert right != "X"
    for last in "0123456789X":
        number = body + last
        if last == right:
            assert validate_id_number(number, today=TODAY) == number
        else:
            err = reason_of(number)
            assert (err.reason, str(err)) == ("checksum", f"身份证号码校验位错误：应为 {right}，实为 {last}")
    assert not is_valid_id_number(body + "x", today=TODAY)  # lower-case x is X


def test_x_where_x_is_expected_and_no_digit_instead() -> None:
    body = X_FEMALE[:-1]
    assert reference_check_digit(body) == "X"
    assert validate_id_number(body + "X", today=TODAY) == X_FEMALE
    for digit in "0123456789":
        assert reason_of(body + digit).reason == "checksum"


def test_birth_mismatch() -> None:
    number = with_check("52052419800102123")
    assert validate_id_number(number, birth_date=date(1980, 1, 2), today=TODAY) == number
    err = reason_of(number, birth_date=date(1981, 1, 2))
    assert err.reason == "birth_mismatch"
    assert str(err) == "出生日期与身份证号码不符：号码为 1980-01-02，填写为 1981-01-02"


def test_gender_mismatch() -> None:
    assert validate_id_number(X_FEMALE, gender="2", today=TODAY) == X_FEMALE
    # Unknown / unstated gender are not compared.
    assert validate_id_number(X_FEMALE, gender="0", today=TODAY) == X_FEMALE
    assert validate_id_number(X_FEMALE, gender="9", today=TODAY) == X_FEMALE
    err = reason_of(X_FEMALE, gender="1")
    assert err.reason == "gender_mismatch"
    assert str(err) == "性别与身份证号码不符：号码为女，填写为男"


def test_messages_never_contain_the_number() -> None:
    body_bad_date = with_check("52052419800230123")
    cases = [
        (MALE[:-1], {}),
        (MALE[:-1] + "A", {}),
        (body_bad_date, {}),
        (with_check("52052420300101123"), {}),
        (MALE[:-1] + "3", {}),
        (MALE, {"birth_date": date(1990, 1, 1)}),
        (MALE, {"gender": "2"}),
    ]
    for number, kw in cases:
        err = reason_of(number, **kw)
        assert number not in str(err)
        assert number[:-1] not in str(err)
        assert err.masked == mask_id_number(number)
        assert number not in repr(err.args)


def test_make_id_number_round_trips() -> None:
    born = date(1975, 3, 9)
    for seq in (0, 1, 2, 17, 998, 999):
        number = make_id_number("520524", born, seq)
        assert number[-1] == reference_check_digit(number[:17])
        info = parse_id_number(number)
        assert info == IdInfo("520524", born, "1" if seq % 2 else "2")
    # The check digit X shows up for some sequences and must be produced too.
    assert any(make_id_number("110101", date(1990, 5, 6), s).endswith("X") for s in range(50))


@pytest.mark.parametrize(
    ("region", "seq"),
    [("52052", 1), ("52052a", 1), ("５２０５２４", 1), ("520524", -1), ("520524", 1000)],
)
def test_make_id_number_rejects_bad_input(region: str, seq: int) -> None:
    with pytest.raises(ValueError, match="region code must be 6 digits|sequence must be 0..999"):
        make_id_number(region, date(1980, 1, 1), seq)


def test_make_id_number_takes_four_digit_years_only() -> None:
    assert make_id_number("520524", date(1000, 1, 1), 1)[6:14] == "10000101"
    assert make_id_number("520524", date(9999, 12, 31), 1)[6:14] == "99991231"
    with pytest.raises(ValueError, match="birth year must have 4 digits, got 999"):
        make_id_number("520524", date(999, 12, 31), 1)


def test_mask() -> None:
    assert mask_id_number("52052419800102123X") == "520524********123X"
    assert mask_id_number(" 52052419800102123x ") == "520524********123X"
    assert mask_id_number(None) == ""
    assert mask_id_number("") == ""
    assert mask_id_number("12345") == "*****"
    assert mask_id_number("52052480010212") == "*" * 14
    assert mask_id_number("520524800102123") == "520524*****2123"  # old 15-digit number
