"""The bulk import path: chunks of new whole rows validated column by column and written with two
``executemany`` calls. It must do exactly what the general per-change merge does, and refuse
exactly what ``validate_change`` refuses, naming the same change."""

from __future__ import annotations

from tests.today import wall_stamp
import json
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st

from vcadre.store.changelog import FIELDS
from vcadre.store.models import Person, new_id
from vcadre.sync import merge as merge_mod
from vcadre.sync import package as pkg
from vcadre.sync.errors import InvalidChangeError, SyncError
from vcadre.sync.merge import Merger, _decode_rows, validate_change, validate_chunk
from vcadre.sync.service import import_package, local_site_keys

from tests.unit.sync.conftest import PASS, content, dump
from tests.unit.sync.helpers import export

FIELDS_P = FIELDS["person"]


def _row(i: int, **over: Any) -> dict:
    row = {f: None for f in FIELDS_P}
    row.update(name=f"人员{i}", name_pinyin="renyuan", name_initials="ry", gender="1", deleted=0,
               birth_date="1980-01-02", notes=f"备注 {i}")
    row.update(over)
    return row


def _package(db, folder, rows: list[dict], *, origin: str | None = None, extra: list | None = None):
    """A package signed by ``db``'s own key holding one whole-row change per row (and ``extra``
    raw changes after them); returns its path."""
    with db.engine.begin() as conn:
        me = local_site_keys(conn.connection.dbapi_connection)
    origin = origin or me.id
    w = pkg.ChangeWriter({me.id: me.private_key})
    for seq, row in enumerate(rows, 1):
        w.add([origin, seq, wall_stamp(seq - 10**6), "person", new_id(), "*", None,
               json.dumps(row, ensure_ascii=False)])
    for change in extra or []:
        w.add(change)
    data, digest = w.finish()
    m = pkg.Manifest(package_id=new_id(), site_id=me.id, site_name=me.name, schema="0009", created="",
                     full=True, for_site=None, from_seq=1, to_seq=w.count, changes=w.count,
                     counts=w.counts, acks={}, content_sha256=digest, segments=w.segments)
    blob, _ = pkg.seal(m, data, private_key=me.private_key, public_key=me.public_key, passphrase=PASS,
                       kdf_n=2**10)
    path = folder / f"bulk-{new_id()[-8:]}.vcsync"
    path.write_bytes(blob)
    return path


#: The importers ("B", "C") on the PostgreSQL server too: its bulk path writes the keys by triggers.
BOTH = pytest.mark.parametrize(("backend", "on_server"), [("sqlite", ()), ("postgresql", ("B", "C"))],
                               indirect=["backend"], ids=["sqlite", "postgresql"])


def _rows(db, sql: str) -> list[tuple]:
    with db.engine.connect() as conn:
        found = [tuple(r) for r in conn.exec_driver_sql(sql)]
        conn.rollback()
    return found


def _log(db) -> list[tuple]:
    return _rows(db, "SELECT seq, origin, origin_seq, hlc, tbl, row_id, field, old, new FROM sync_change ORDER BY seq")


@BOTH
def test_bulk_path_writes_what_the_general_path_writes(sites, tmp_path, monkeypatch) -> None:
    """A package of 4,850 changes (two bulk chunks, then new rows mixed with edits and deletes)
    imported with and without the bulk path: same rows, same change log, same counts."""
    a, b, c = sites("A", "B", "C")
    with a.session() as s, s.begin():
        people = [Person(name=f"人员{i}", gender="1", phone=f"138{i:08d}") for i in range(4500)]
        s.add_all(people)
    with a.session() as s, s.begin():
        for p in s.query(Person).limit(300):
            p.notes = "改过"
        for p in s.query(Person).offset(300).limit(50):
            p.deleted = True
    package = export(a, tmp_path)
    used = []
    real = Merger._apply_new_rows

    def spy(self, lines):
        done = real(self, lines)
        used.append(done)
        return done

    monkeypatch.setattr(Merger, "_apply_new_rows", spy)
    bulk = import_package(b, package, PASS, backup=False)
    assert any(used) and not all(used)  # both paths ran
    monkeypatch.setattr(Merger, "_apply_new_rows", lambda self, lines: False)
    general = import_package(c, package, PASS, backup=False)
    assert bulk.stats == general.stats
    assert bulk.stats.added == 4500 and bulk.stats.changes == package_changes(package)
    assert content(b) == content(c)
    assert _log(b) == _log(c)
    assert _search_keys(b) == _search_keys(c) == _rebuilt_search_keys(b)  # keys added in bulk, too
    again = import_package(b, export(a, tmp_path), PASS, backup=False)  # all known: nothing new
    assert again.stats.new_changes == 0 and content(b) == content(c)


def _search_keys(db) -> tuple[list, list]:
    return (_rows(db, "SELECT key, person_id FROM person_search_key ORDER BY 1, 2"),
            _rows(db, "SELECT key, village_code, name, entry_id FROM reserve_search_key ORDER BY 1, 2, 3, 4"))


def _rebuilt_search_keys(db) -> tuple[list, list]:
    """The keys rebuilt from scratch (in a transaction rolled back)."""
    from vcadre.store import search_index

    with db.engine.connect() as conn:  # begins a transaction (store.db's "begin" hook)
        search_index.rebuild(conn)
        search_index.rebuild_entries(conn)
        found = (conn.exec_driver_sql("SELECT key, person_id FROM person_search_key ORDER BY 1, 2").fetchall(),
                 conn.exec_driver_sql("SELECT * FROM reserve_search_key ORDER BY 1, 2, 3, 4").fetchall())
        conn.rollback()
    return [tuple(r) for r in found[0]], [tuple(r) for r in found[1]]


def package_changes(path) -> int:
    data = path.read_bytes()
    header, end = pkg.read_header(data)
    manifest, _ = pkg.open_package(data, header, end, passphrase=PASS)
    return manifest.changes


@BOTH
def test_duplicate_in_a_bulk_chunk_counts_as_unchanged(sites, tmp_path) -> None:
    a, b = sites("A", "B")
    me = a.site()[0]
    row = _row(1)
    rid = new_id()
    dup = [me, 11, wall_stamp(11 - 10**6), "person", rid, "*", None, json.dumps(row, ensure_ascii=False)]
    path = _package(a, tmp_path, [_row(i) for i in range(10)], extra=[dup, list(dup)])
    res = import_package(b, path, PASS, backup=False)
    assert res.stats.changes == 12 and res.stats.unchanged == 1 and res.stats.added == 11


BAD = [
    ("name", "长" * 41, "过长"),
    ("name", None, "不能为空"),
    ("gender", 1, "类型不对"),
    ("birth_date", "1980-1-2", "不是日期"),
    ("birth_date", "1980-01-02x", "过长"),
    ("deleted", 2, "不是 0 或 1"),
    ("deleted", True, "类型不对"),
    ("notes", ["x"], "类型不对"),
]


@BOTH
@pytest.mark.parametrize("field,value,why", BAD)
def test_bad_value_deep_in_a_bulk_chunk_is_named(sites, tmp_path, field, value, why) -> None:
    a, b = sites("A", "B")
    rows = [_row(i) for i in range(3000)]
    rows[2499] = _row(2499, **{field: value})
    path = _package(a, tmp_path, rows)
    before = dump(b)
    with pytest.raises(InvalidChangeError) as info:
        import_package(b, path, PASS, backup=False)
    assert "第 2500 条变更无效" in str(info.value) and why in str(info.value)
    assert dump(b) == before


@pytest.mark.parametrize("edit,message", [
    (lambda c: c.__setitem__(2, "179000000000.0000001"), "时钟值无效"),
    (lambda c: c.__setitem__(4, "id with spaces"), "记录编号无效"),
    (lambda c: c.__setitem__(3, "no_such_table"), "未知的表"),
    (lambda c: c.__setitem__(7, c[7][:-1]), "无法解析"),
    (lambda c: c.__setitem__(7, json.dumps({**json.loads(c[7]), "extra": 1})), "字段不符"),
    (lambda c: c.__setitem__(1, 0), "序号无效"),
])
@BOTH
def test_bad_change_deep_in_a_bulk_chunk_is_named(sites, tmp_path, edit, message) -> None:
    a, b = sites("A", "B")
    me = a.site()[0]
    extra = []
    for i in range(2500):
        c = [me, 100 + i, wall_stamp(i - 10**5), "person", new_id(), "*", None,
             json.dumps(_row(i), ensure_ascii=False)]
        if i == 1999:
            edit(c)
        extra.append(c)
    path = _package(a, tmp_path, [], extra=extra)
    before = dump(b)
    with pytest.raises(SyncError) as info:
        import_package(b, path, PASS, backup=False)
    assert "第 2000 条变更" in str(info.value) and message in str(info.value)
    assert dump(b) == before


@BOTH
def test_unparsable_line_is_named(sites, tmp_path) -> None:
    a, b = sites("A", "B")
    me = a.site()[0]
    extra = [[me, 100 + i, wall_stamp(i - 10**5), "person", new_id(), "*", None,
              json.dumps(_row(i), ensure_ascii=False)] for i in range(2100)]
    extra[2049][4] = "a\tb"  # one field too many on that line
    path = _package(a, tmp_path, [], extra=extra)
    with pytest.raises(SyncError) as info:
        import_package(b, path, PASS, backup=False)
    assert "第 2050 条变更无法解析" in str(info.value)


# Values of every kind a field could hold in a package, good and bad.
ANY_VALUE = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=45), st.sampled_from(["1980-01-02", "1980-1-2", "１９８０-01-02", "2020-02-30", ""]),
    st.lists(st.integers(), max_size=2),
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(FIELDS_P), ANY_VALUE), st.sets(st.sampled_from(FIELDS_P)),
       st.booleans())
def test_column_checks_accept_exactly_what_validate_change_accepts(over, drop, extra) -> None:
    row = _row(1, **over)
    for f in drop:
        row.pop(f)
    if extra:
        row["unknown"] = 1
    text = json.dumps(row, ensure_ascii=False)
    change = ["0190a0a0-0000-7000-8000-000000000001", 1, wall_stamp(-10**6), "person",
              "0190a0a0-0000-7000-8000-000000000002", "*", None, text]
    try:
        expected = validate_change(1, list(change))
    except InvalidChangeError:
        expected = None
    decoded = _decode_rows("person", [text])
    assert (decoded is not None) == (expected is not None)
    if decoded is not None:
        assert decoded[0][0] == expected[0]
        assert decoded[1][0] == tuple(expected[0][f] for f in FIELDS_P)
    chunk = [list(change), list(change)]
    if validate_chunk(chunk):
        assert expected is not None and chunk[0][8:] == list(expected)
    else:
        assert all(len(c) == 8 for c in chunk)


def test_values_sqlite_cannot_hold_are_refused() -> None:
    """NaN, lone surrogates (not storable in SQLite) are refused as unparsable; an integer beyond
    64 bits decodes as a float, which a text field refuses."""
    for text, why in (('{"x": NaN}', "值无法解析"), ('"\\ud800"', "值无法解析"),
                      ("123456789012345678901234567890", "类型不对")):
        change = ["o1", 1, wall_stamp(-10**6), "person", "r1", "notes", None, text]
        with pytest.raises(InvalidChangeError, match=why):
            validate_change(1, change)


def test_chunks_hold_bounded_lines() -> None:
    w = pkg.ChangeWriter()
    for i in range(5000):
        w.add(["o", i + 1, wall_stamp(-10**6), "person", f"r{i}", "notes", None, json.dumps("值" * (i % 50))])
    data, _ = w.finish()
    chunks = list(pkg.iter_line_chunks(data, 2000))
    assert [len(c) for c in chunks] == [2000, 2000, 1000]
    flat = [line for c in chunks for line in c]
    assert pkg.parse_changes(flat) == list(pkg.iter_changes(data))
    assert flat[4999].split("\t")[4] == "r4999"


def test_stream_without_final_newline_is_refused() -> None:
    import hashlib
    import zlib

    from vcadre.sync.errors import DamagedPackageError

    text = "o\t1\t1790000000000.000000\tperson\tr1\tnotes\t\t\"x\"".encode()
    m = pkg.Manifest(package_id="p", site_id="s", site_name="S", schema="0009", created="", full=True,
                     for_site=None, from_seq=1, to_seq=1, changes=0, counts={}, acks={},
                     content_sha256=hashlib.sha256(text).hexdigest())
    private, public = pkg.new_key_pair()
    blob, key = pkg.seal(m, zlib.compress(text), private_key=private, public_key=public,
                         passphrase=PASS, kdf_n=2**10)
    header, end = pkg.read_header(blob)
    with pytest.raises(DamagedPackageError, match="不完整"):
        pkg.open_package(blob, header, end, key=key)
