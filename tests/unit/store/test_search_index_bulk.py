"""``insert_persons_in_bulk`` (the sync import's bulk path) leaves the search keys exactly as the
per-row triggers would: the same as a rebuild from scratch."""

from __future__ import annotations

import sqlite3

from vcadre.store import search_index
from vcadre.store.models import new_id

COLS = "id, hlc, site_id, updated_at, name, name_pinyin, name_initials, gender, id_number, phone, deleted"


def keys(con: sqlite3.Connection) -> tuple[list, list]:
    return (con.execute("SELECT key, person_id FROM person_search_key ORDER BY 1, 2").fetchall(),
            con.execute("SELECT * FROM reserve_search_key ORDER BY 1, 2, 3, 4").fetchall())


def test_bulk_inserted_persons_get_the_keys_the_triggers_give(db, small_county) -> None:
    village = small_county["青山社区"]
    site = db.site()[0]
    people = [(new_id(), "1790000000001.000000", site, "2026-01-01 00:00:00", name, py, ini, "1", number, phone, dead)
              for name, py, ini, number, phone, dead in (
                  ("张龙敏", "zhanglongmin", "zlm", "520524198503120014", "13800001111", 0),
                  ("李 红", "lihong", "lh", None, None, 0),
                  ("王已删", "wangyishan", "wys", None, "13900002222", 1))]
    con = sqlite3.connect(db.path, isolation_level=None)
    try:
        con.execute("PRAGMA foreign_keys=ON")
        con.execute("BEGIN")
        con.execute("PRAGMA defer_foreign_keys=ON")
        # Entries of two of them arrive first (a sync package may order them so): no keys yet.
        for person in people[:1] + people[2:]:
            con.execute("INSERT INTO reserve_entry (id, hlc, site_id, updated_at, deleted, person_id, village_id, "
                        "source, stage, status, entry_date) VALUES (?, '1', ?, '2026-01-01', 0, ?, ?, "
                        "'veteran', 'reserve', 'active', '2024-01-01')", (new_id(), site, person[0], village))
        insert = f"INSERT INTO person ({COLS}) VALUES ({', '.join('?' * 11)})"
        search_index.insert_persons_in_bulk(
            con, insert, people, [(p[0], p[4], p[8], p[9], p[10]) for p in people])
        bulk = keys(con)
        triggers = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        con.execute("DELETE FROM person_search_key")
        con.execute("DELETE FROM reserve_search_key")
        con.execute("DELETE FROM person")  # now the same inserts through the triggers
        con.executemany(insert, people)
        through_triggers = keys(con)
        con.execute("ROLLBACK")
    finally:
        con.close()
    assert set(search_index.PERSON_INSERT_TRIGGERS) <= triggers  # put back
    assert bulk == through_triggers
    assert ("n龙敏", people[0][0]) in bulk[0] and not [k for k in bulk[0] if k[1] == people[2][0]]
    entry_keys = {k[0] for k in bulk[1]}
    assert {"n张", "pzlm", "pzhang"} <= entry_keys and "n王" not in entry_keys  # a tombstoned person's name
