"""The add/edit forms accept exactly what the imports accept: one set of normalisers."""

from __future__ import annotations

from datetime import date

import pytest

from tests.today import TEST_TODAY
from vcadre.domain import idnumber
from vcadre.services import persons, posts
from vcadre.services.errors import FieldError, ValidationError

ID = idnumber.make_id_number("520524", date(1990, 3, 15), 11)


def person(**values):
    errors: list[FieldError] = []
    notes: list[FieldError] = []
    data = persons.validate_person({"name": "张三", **values}, errors, TEST_TODAY, notes=notes)
    return data, {e.field: e.message for e in errors}, notes


@pytest.mark.parametrize("text", ["1990-3-15", "1990/3/15", "1990.3.15", "1990年3月15日", "19900315"])
def test_the_form_takes_every_date_style(text):
    data, errors, _ = person(gender="男", birth_date=text, party_join_date="2015.07", work_start_date="2010年9月")
    assert not errors
    assert (data["birth_date"], data["party_join_date"], data["work_start_date"]) == (
        date(1990, 3, 15), date(2015, 7, 1), date(2010, 9, 1))


def test_birth_month_is_checked_against_the_id_and_the_id_fills_the_day():
    data, errors, _ = person(id_number=ID, birth_date="1990.03")
    assert not errors and data["birth_date"] == date(1990, 3, 15) and data["gender"] == "1"
    _, errors, _ = person(id_number=ID, birth_date="1990.04")
    assert "出生年月与身份证号码不符" in errors["birth_date"]


def test_gender_comes_from_the_id_and_a_contradiction_is_an_error():
    data, errors, _ = person(id_number=ID, gender="")
    assert not errors and data["gender"] == "1"
    _, errors, _ = person(id_number=ID, gender="女")
    assert "性别与身份证号码不符" in errors["id_number"]
    _, errors, _ = person(gender="")
    assert "性别" in errors["gender"]


def test_id_spaces_15_digits_and_numbers_in_the_form():
    data, errors, _ = person(id_number=f"{ID[:6]} {ID[6:]}")
    assert not errors and data["id_number"] == ID
    old = ID[:6] + ID[8:17]
    data, errors, notes = person(id_number=old)
    assert not errors and data["id_number"] == ID and "15 位" in notes[0].message
    _, errors, _ = person(gender="男", id_number=float(ID))
    assert "存成了数字" in errors["id_number"]


def test_phone_with_dashes_and_spaces():
    data, errors, _ = person(gender="男", phone="138-1234 5678")
    assert not errors and data["phone"] == "13812345678"


def test_a_post_form_takes_a_dotted_date(db, small_county):
    with db.session() as s, s.begin():
        p = persons.save_person(s, None, {"name": "张三", "gender": "1"})
        s.flush()
        pid = posts.save(s, None, {"person_id": p.id, "village_id": small_county["青山村"], "post": "书记",
                                   "start_date": "2021.5.8"})
        assert posts.get(s, pid)["start_date"] == date(2021, 5, 8)
        with pytest.raises(ValidationError) as err:
            posts.save(s, None, {"person_id": p.id, "village_id": small_county["石桥村"], "post": "主任",
                                 "start_date": "2021年13月"})
    assert err.value.errors[0].field == "start_date"
    assert str(err.value.errors[0].message).startswith("“任职日期”：“2021年13月”只有年月，本栏需要具体日期")
