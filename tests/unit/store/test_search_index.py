"""The person search index: triggers keep it in step with ``person``; queries find the right people."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, update

from vcadre.domain.idnumber import make_id_number
from vcadre.services import persons
from vcadre.store import search_index
from vcadre.store.models import Person, PersonSearchKey


def _add(db, name, birth=date(1988, 5, 2), seq=11, phone=None):
    with db.session() as s, s.begin():
        p = persons.save_person(s, None, {"name": name, "gender": "1" if seq % 2 else "2",
                                          "id_number": make_id_number("520524", birth, seq), "phone": phone})
        s.flush()
        return p.id, p.id_number


def _find(db, text):
    with db.session() as s:
        return sorted(s.scalars(select(Person.name).where(
            Person.id.in_(search_index.matching_person_ids(text)), Person.deleted.is_(False))))


@pytest.fixture
def people(db):
    out = {}
    out["张龙敏"] = _add(db, "张龙敏", phone="13812345678")
    out["张伟"] = _add(db, "张伟", date(1990, 1, 1), 13)
    out["李伟强"] = _add(db, "李伟强", date(1985, 3, 12), 15)
    out["单雄信"] = _add(db, "单雄信", date(1970, 7, 7), 17)
    out["欧阳娜娜"] = _add(db, "欧阳娜娜", date(1999, 9, 9), 18)
    return out


def test_one_and_two_character_queries(db, people):
    assert _find(db, "张") == ["张伟", "张龙敏"]
    assert _find(db, "伟") == ["张伟", "李伟强"]
    assert _find(db, "龙敏") == ["张龙敏"]
    assert _find(db, "伟强") == ["李伟强"]


def test_longer_queries_check_the_whole_name(db, people):
    assert _find(db, "张龙敏") == ["张龙敏"]
    assert _find(db, "欧阳娜") == ["欧阳娜娜"]
    assert _find(db, "张龙伟") == []


def test_pinyin_and_initials(db, people):
    assert _find(db, "zlm") == ["张龙敏"]
    assert _find(db, "zhanglongmin") == ["张龙敏"]
    assert _find(db, "ZLM") == ["张龙敏"]
    assert _find(db, "zw") == ["张伟"]
    assert _find(db, "shanxiong") == ["单雄信"]  # 单 as a surname is shan, not dan
    assert _find(db, "sxx") == ["单雄信"]
    assert _find(db, "oynn") == ["欧阳娜娜"]


def test_id_and_phone_fragments(db, people):
    number = people["李伟强"][1]
    assert _find(db, number[:10]) == ["李伟强"]  # 520524 + 1985: the only one born in 1985
    assert _find(db, number[:6]) == sorted(people)  # every number here starts with 520524
    assert _find(db, number[-6:]) == ["李伟强"]  # 尾号
    assert _find(db, "19850312") == ["李伟强"]  # birth-date part
    assert _find(db, "5678") == ["张龙敏"]  # phone ending
    assert _find(db, "138123") == ["张龙敏"]
    assert _find(db, number) == ["李伟强"]


def test_triggers_follow_renames_tombstones_and_raw_writes(db, people):
    pid = people["张伟"][0]
    with db.session() as s, s.begin():
        s.execute(update(Person).where(Person.id == pid).values(name="王伟"))
    assert _find(db, "张") == ["张龙敏"]
    assert _find(db, "王伟") == ["王伟"]
    with db.session() as s, s.begin():
        s.get(Person, pid).deleted = True
    assert _find(db, "王伟") == []
    with db.session() as s:
        assert s.scalar(select(PersonSearchKey.key).where(PersonSearchKey.person_id == pid)) is None
    # A raw sqlite3 write (as a sync merge or the demo generator does) is indexed too.
    import sqlite3

    con = sqlite3.connect(db.path)
    con.execute("INSERT INTO person (id, name, name_pinyin, name_initials, gender, hlc, site_id, deleted) "
                "VALUES ('x1', '赵六', 'zhaoliu', 'zl', '1', '', '', 0)")
    con.commit()
    con.close()
    assert _find(db, "赵") == ["赵六"]


def test_rebuild_matches_the_triggers(db, people):
    with db.session() as s:
        before = sorted(s.execute(select(PersonSearchKey.key, PersonSearchKey.person_id)).all())
    with db.engine.begin() as conn:
        n = search_index.rebuild(conn)
    with db.session() as s:
        after = sorted(s.execute(select(PersonSearchKey.key, PersonSearchKey.person_id)).all())
    assert before == after and n == len(after) > 0


def test_query_kinds():
    assert search_index.query_kind("520524") == "digits"
    assert search_index.query_kind("123x") == "digits"
    assert search_index.query_kind("zlm") == "letters"
    assert search_index.query_kind("张") == "name"
    assert search_index.matching_person_ids("  ") is None


def test_python_keys_match_the_triggers(db, people):
    with db.session() as s:
        for pid, name, number, phone in s.execute(select(Person.id, Person.name, Person.id_number, Person.phone)):
            sql_keys = set(s.scalars(select(PersonSearchKey.key).where(PersonSearchKey.person_id == pid)))
            assert search_index.person_keys(name, number, phone) == sql_keys
