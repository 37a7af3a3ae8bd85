"""Forged changes (issue 14, point 4), each refused with the database unchanged.

A forger here is a site the importer knows (its key is right): the package is well made and
signed, only its changes lie. Each test writes the lines by hand with ``forge``.
"""

from __future__ import annotations

import json
import time

import pytest

from tests.unit.sync.conftest import FAST_KDF, PASS, dump
from tests.unit.sync.helpers import ship
from vcadre.services import persons
from vcadre.store.changelog import FIELDS, WHOLE_ROW
from vcadre.store.models import Person, Region, new_id
from vcadre.sync import package as pkg
from vcadre.sync.errors import SyncError
from vcadre.sync.service import import_package, site_info

pytestmark = pytest.mark.both_backends  # the first site made is an office on the server (conftest.sites)

_n = [1000]


def _hlc(ahead_ms: int = 0) -> str:
    return f"{int(time.time() * 1000) + ahead_ms:013d}.000001"


def forge(src, tmp_path, changes: list[tuple]) -> "pkg.Path":
    """A package from ``src`` (signed with its real key) holding exactly ``changes``:
    (table, row id, field, new value, old value or None[, hlc])."""
    me = site_info(src)
    writer = pkg.ChangeWriter({me.id: me.private_key})
    for table, row_id, name, new, old, *hlc in changes:
        _n[0] += 1
        writer.add([me.id, _n[0], hlc[0] if hlc else _hlc(), table, row_id, name,
                    None if old is None else json.dumps(old, ensure_ascii=False),
                    json.dumps(new, ensure_ascii=False)])
    compressed, digest = writer.finish()
    m = pkg.Manifest(package_id=new_id(), site_id=me.id, site_name=me.name, schema="x", created="",
                     full=True, for_site=None, from_seq=1, to_seq=_n[0], changes=writer.count,
                     counts=writer.counts, acks={}, content_sha256=digest, segments=writer.segments)
    data, _key = pkg.seal(m, compressed, private_key=me.private_key, public_key=me.public_key,
                          passphrase=PASS, kdf_n=FAST_KDF)
    _n[0] += 1
    out = tmp_path / f"forged{_n[0]}.vcsync"
    out.write_bytes(data)
    return out


def _refused(db, path, match: str) -> str:
    before = dump(db)
    with pytest.raises(SyncError) as info:
        import_package(db, path, PASS, backup=False)
    assert dump(db) == before, "nothing written"
    msg = str(info.value)
    assert "未作任何改动" in msg
    assert match in msg, msg
    return msg


@pytest.fixture
def pair(sites, tmp_path):
    """A township that has sent its first package to the county (so the county knows it)."""
    town, county = sites("龙场镇组织办", "县委组织部")
    with town.session() as s, s.begin():
        p = persons.save_person(s, None, {"name": "张三", "gender": "1", "phone": "13900000001"})
        village = Region(code="520524001001", name="青山村", level="village")
        town_r = Region(code="520524001", name="龙场镇", level="township")
        s.add_all([village, town_r])
        s.flush()
        village.parent_id = town_r.id
        ids = {"person": p.id, "village": village.id, "township": town_r.id}
    ship(town, county, tmp_path)
    return town, county, ids


def _person_row(**over) -> dict:
    row = {f: None for f in FIELDS["person"]}
    row.update(name="李四", name_pinyin="lisi", name_initials="ls", gender="1", deleted=0)
    row.update(over)
    return row


@pytest.mark.parametrize("field,value,match", [
    ("birth_date", "1990-13-45", "不是有效日期"),
    ("party_join_date", "2021-02-30", "不是有效日期"),
    ("id_number", "not-an-id", "不是有效的身份证号码"),
    ("id_number", "520524199001011235", "不是有效的身份证号码"),  # wrong check digit
    ("gender", "Z", "不是有效的性别代码"),
    ("political_status", "99", "政治面貌"),
])
def test_invalid_values_are_refused_in_an_edit(pair, tmp_path, field, value, match) -> None:
    town, county, ids = pair
    path = forge(town, tmp_path, [("person", ids["person"], field, value, None)])
    msg = _refused(county, path, match)
    assert "520524199001011235" not in msg  # an ID number is never shown in clear


@pytest.mark.parametrize("field,value,match", [
    ("birth_date", "1990-13-45", "不是有效日期"),
    ("id_number", "not-an-id", "不是有效的身份证号码"),
    ("gender", "Z", "不是有效的性别代码"),
])
def test_invalid_values_are_refused_in_a_new_row(pair, tmp_path, field, value, match) -> None:
    town, county, _ids = pair
    rows = [("person", new_id(), WHOLE_ROW, _person_row(), None) for _ in range(3)]
    rows.append(("person", new_id(), WHOLE_ROW, _person_row(**{field: value}), None))
    _refused(county, forge(town, tmp_path, rows), match)


def test_a_bad_value_among_many_new_rows_is_refused(pair, tmp_path) -> None:
    """The bulk path (whole chunks of new rows, checked column by column) applies the same rules."""
    town, county, _ids = pair
    rows = [("person", new_id(), WHOLE_ROW, _person_row(name=f"人{i}", id_number="520524199001011248"
                                                        if i == 2500 else None), None) for i in range(3000)]
    rows[1234] = ("person", rows[1234][1], WHOLE_ROW, _person_row(birth_date="1990-02-30"), None)
    _refused(county, forge(town, tmp_path, rows), "不是有效日期")


def test_valid_values_pass(pair, tmp_path) -> None:
    town, county, ids = pair
    path = forge(town, tmp_path, [
        ("person", ids["person"], "birth_date", "1990-01-01", None),
        ("person", ids["person"], "id_number", "52052419900101123X", None),
        ("person", new_id(), WHOLE_ROW, _person_row(gender="2", birth_date="1992-02-29"), None),
    ])
    import_package(county, path, PASS, backup=False)
    with county.session() as s:
        assert s.get(Person, ids["person"]).id_number == "52052419900101123X"


def test_a_far_future_clock_stamp_is_refused_naming_the_site(pair, tmp_path) -> None:
    town, county, ids = pair
    path = forge(town, tmp_path, [("person", ids["person"], "phone", "13900000009", None,
                                   "9999999999999.000000")])
    _refused(county, path, "龙场镇组织办")
    # A stamp a few hours ahead (a laptop clock slightly fast) is accepted.
    ok = forge(town, tmp_path, [("person", ids["person"], "phone", "13900000009", None, _hlc(5 * 3600_000))])
    import_package(county, ok, PASS, backup=False)


def test_a_region_that_becomes_its_own_ancestor_is_refused(pair, tmp_path) -> None:
    town, county, ids = pair
    _refused(county, forge(town, tmp_path, [("region", ids["village"], "parent_id", ids["village"], None)]),
             "循环")
    _refused(county, forge(town, tmp_path, [("region", ids["township"], "parent_id", ids["village"], None)]),
             "循环")
