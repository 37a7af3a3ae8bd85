"""The person search index (人员检索索引): keys that make search-as-you-type fast at 500k persons.

``person_search_key(key, person_id)`` holds, for every live person:

- ``n`` + every single character and every pair of adjacent characters of the name, so a 1- or
  2-character query is one index lookup and a longer one is a lookup on its first two characters
  plus a check of the whole name on the few candidates (FTS5 trigram matches nothing below three
  characters, and ``LIKE '%…%'`` scans every row: ~300 ms at province scale);
- ``d`` + the ID number and ``e`` + the ID number reversed, so digits typed find IDs that start or
  end with them (“尾号”), and ``b`` + the birth date part of the ID (``19850312``);
- ``m`` + the phone number and ``f`` + the phone number reversed.

Pinyin and initials need no keys: ``person.name_pinyin``/``name_initials`` are indexed and a
prefix is an index range.

SQL triggers keep the table in step with ``person`` whoever writes it (the ORM, the demo
generator's ``executemany``, a sync merge, a raw ``sqlite3`` session). The table is derived, local
data: it does not sync, and ``rebuild`` recreates it from ``person``.

``reserve_search_key(key, village_code, name, entry_id)`` holds, for every live reserve-pool entry,
its person's name keys (``n`` + character / pair, as above, while the person is live) and ``p`` +
every prefix of up to ``_PREFIX`` letters of the person's pinyin initials and full pinyin (longer
queries read the key of their first ``_PREFIX`` letters — at most ~900 entries at province scale —
and check the whole text on ``person``; 22% fewer keys than every prefix). Its primary
key is in the 后备干部 list's default order (village code, name, entry id) within each key, so a
name or pinyin search's first page is a range read of one key that stops after a page, and its
count is a count of one key's index entries — instead of gathering and sorting every match (张:
29,000 persons, 7,000 entries at province scale). Triggers on ``reserve_entry``, ``person`` and
``region`` keep it in step: when an entry, its person's name, pinyin or tombstone, or its village's
code changes, the keys made from the old values are deleted (found by primary key, so the table
needs no second index) and those of the new values inserted. ``rebuild_entries`` recreates it;
``index_entries`` adds bulk-inserted entries. Digits keep using ``person_search_key``: the tail
of an ID or phone number matches few people (a broad prefix, such as a county's six ID digits, is
slower: ~100 ms at province scale).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from sqlalchemy import Select, and_, or_, select, union
from sqlalchemy.engine import Connection

#: Longest name whose every character is indexed (person.name is String(40)).
_MAX = 40
#: Character positions 1.._MAX as a table (``json_each`` of a constant array: triggers cannot use
#: a recursive CTE, and this is twice as fast as a UNION of 40 SELECTs).
_NUMS = "SELECT value AS i FROM json_each('[" + ",".join(str(i) for i in range(1, _MAX + 1)) + "]')"
#: Longest pinyin / initials prefix with a key in ``reserve_search_key``.
_PREFIX = 6


def _reverse_sql(x: str, width: int = 20) -> str:
    return "||".join(f"substr({x},{i},1)" for i in range(width, 0, -1))


def _keys_sql(p: str, table: str = "") -> str:
    """SELECT of (k, person id) for the person row ``p``: the row alias ``new`` in a trigger
    (``table`` empty), or every row of ``table`` aliased ``p``."""
    src = f"{table} AS {p}, " if table else ""
    live = f" AND {p}.deleted = 0" if table else ""
    name_ch = f"substr({p}.name, nums.i, 1)"
    name_pair = f"substr({p}.name, nums.i, 2)"
    one = f"FROM {table} AS {p} WHERE 1" if table else "WHERE 1"
    return f"""
        SELECT 'n' || {name_ch} AS k, {p}.id AS pid FROM {src}({_NUMS}) AS nums
            WHERE nums.i <= length({p}.name) AND trim({name_ch}) <> ''{live}
        UNION ALL SELECT 'n' || {name_pair}, {p}.id FROM {src}({_NUMS}) AS nums
            WHERE nums.i < length({p}.name) AND trim({name_pair}) = {name_pair}{live}
        UNION ALL SELECT 'd' || {p}.id_number, {p}.id {one} AND coalesce({p}.id_number, '') <> ''{live}
        UNION ALL SELECT 'e' || ({_reverse_sql(p + '.id_number')}), {p}.id {one}
            AND coalesce({p}.id_number, '') <> ''{live}
        UNION ALL SELECT 'b' || substr({p}.id_number, 7, 8), {p}.id {one} AND length({p}.id_number) = 18{live}
        UNION ALL SELECT 'm' || {p}.phone, {p}.id {one} AND coalesce({p}.phone, '') <> ''{live}
        UNION ALL SELECT 'f' || ({_reverse_sql(p + '.phone')}), {p}.id {one} AND coalesce({p}.phone, '') <> ''{live}
    """


TRIGGERS = (
    f"""CREATE TRIGGER IF NOT EXISTS person_search_ai AFTER INSERT ON person WHEN new.deleted = 0
    BEGIN
        INSERT OR IGNORE INTO person_search_key (key, person_id) SELECT k, pid FROM ({_keys_sql('new')});
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS person_search_au AFTER UPDATE OF name, id_number, phone, deleted ON person
    BEGIN
        DELETE FROM person_search_key WHERE person_id = old.id;
        INSERT OR IGNORE INTO person_search_key (key, person_id)
            SELECT k, pid FROM ({_keys_sql('new')}) WHERE new.deleted = 0;
    END""",
    """CREATE TRIGGER IF NOT EXISTS person_search_ad AFTER DELETE ON person
    BEGIN
        DELETE FROM person_search_key WHERE person_id = old.id;
    END""",
)
PERSON_TRIGGER_NAMES = ("person_search_ai", "person_search_au", "person_search_ad")


def _entry_keys_sql(src: str) -> str:
    """SELECT of (key, village code, name, entry id) for the rows of ``src``, a SELECT of (eid,
    vcode, name, pdel, py, ini): entry id, village code, the person's name, tombstone, pinyin and
    initials."""
    ch, pair = "substr(x.name, nums.i, 1)", "substr(x.name, nums.i, 2)"
    cols = "x.vcode, x.name, x.eid"
    src = f"({src}) AS x, ({_NUMS}) AS nums"
    return f"""
        SELECT 'n' || {ch} AS k, {cols} FROM {src}
            WHERE x.pdel = 0 AND nums.i <= length(x.name) AND trim({ch}) <> ''
        UNION ALL SELECT 'n' || {pair}, {cols} FROM {src}
            WHERE x.pdel = 0 AND nums.i < length(x.name) AND trim({pair}) = {pair}
        UNION ALL SELECT 'p' || substr(x.ini, 1, nums.i), {cols} FROM {src}
            WHERE nums.i <= length(x.ini) AND nums.i <= {_PREFIX}
        UNION ALL SELECT 'p' || substr(x.py, 1, nums.i), {cols} FROM {src}
            WHERE nums.i <= length(x.py) AND nums.i <= {_PREFIX}
    """


_SRC_COLS = "AS eid, {vcode} AS vcode, {p}.name AS name, {p}.deleted AS pdel, " \
            "{p}.name_pinyin AS py, {p}.name_initials AS ini"


def _src_entry(r: str) -> str:
    """The entry row ``r`` (old/new) with its person and village as they are."""
    return (f"SELECT {r}.id " + _SRC_COLS.format(vcode="v.code", p="p") + f" FROM person AS p, region AS v "
            f"WHERE p.id = {r}.person_id AND v.id = {r}.village_id AND {r}.deleted = 0")


def _src_person(r: str) -> str:
    """The live entries of the person row ``r`` (old/new), with that row's name and pinyin."""
    return (f"SELECT e.id " + _SRC_COLS.format(vcode="v.code", p=r) + " FROM reserve_entry AS e "
            f"JOIN region AS v ON v.id = e.village_id WHERE e.person_id = {r}.id AND e.deleted = 0")


def _src_region(r: str) -> str:
    """The live entries in the village row ``r`` (old/new), with that row's code."""
    return (f"SELECT e.id " + _SRC_COLS.format(vcode=f"{r}.code", p="p") + " FROM reserve_entry AS e "
            f"JOIN person AS p ON p.id = e.person_id WHERE e.village_id = {r}.id AND e.deleted = 0")


def _src_all(where: str = "1") -> str:
    return ("SELECT e.id " + _SRC_COLS.format(vcode="v.code", p="p") + " FROM reserve_entry AS e "
            f"JOIN person AS p ON p.id = e.person_id JOIN region AS v ON v.id = e.village_id "
            f"WHERE e.deleted = 0 AND ({where})")


def _add(src: str) -> str:
    return (f"INSERT OR IGNORE INTO reserve_search_key (key, village_code, name, entry_id) "
            f"SELECT * FROM ({_entry_keys_sql(src)});")


def _drop(src: str) -> str:
    """Delete the keys ``src`` makes: the keys a row had are recomputed from its old values, so the
    table needs no index on the entry id (136 MB and most of a bulk insert's time at province scale)."""
    return (f"DELETE FROM reserve_search_key WHERE (key, village_code, name, entry_id) IN "
            f"(SELECT * FROM ({_entry_keys_sql(src)}));")


ENTRY_TRIGGERS = tuple(
    f"""CREATE TRIGGER IF NOT EXISTS reserve_search_{name} AFTER {event} {when}
    BEGIN
        {body}
    END"""
    for name, event, when, body in (
        ("ai", "INSERT ON reserve_entry", "WHEN new.deleted = 0", _add(_src_entry("new"))),
        ("au", "UPDATE OF id, person_id, village_id, deleted ON reserve_entry", "",
         _drop(_src_entry("old")) + _add(_src_entry("new"))),
        ("ad", "DELETE ON reserve_entry", "WHEN old.deleted = 0", _drop(_src_entry("old"))),
        # A person's name, pinyin or tombstone: rewrite the keys of their entries.
        ("person_ai", "INSERT ON person", "", _add(_src_person("new"))),
        ("person_au", "UPDATE OF id, name, name_pinyin, name_initials, deleted ON person", "",
         _drop(_src_person("old")) + _add(_src_person("new"))),
        ("person_ad", "DELETE ON person", "", _drop(_src_person("old"))),
        # A village's code is part of the order.
        ("region_ai", "INSERT ON region", "", _add(_src_region("new"))),
        ("region_au", "UPDATE OF id, code ON region", "", _drop(_src_region("old")) + _add(_src_region("new"))),
        ("region_ad", "DELETE ON region", "", _drop(_src_region("old"))),
    )
)
ENTRY_TRIGGER_NAMES = tuple(f"reserve_search_{n}" for n in (
    "ai", "au", "ad", "person_ai", "person_au", "person_ad", "region_ai", "region_au", "region_ad"))
TRIGGER_NAMES = PERSON_TRIGGER_NAMES + ENTRY_TRIGGER_NAMES


def _pg(conn) -> bool:
    return getattr(getattr(conn, "dialect", None), "name", "") == "postgresql"


def install(conn: Connection) -> None:
    """Create the triggers (the tables themselves come from the models / migrations)."""
    if _pg(conn):  # PL/pgSQL with the same rules (store.pg)
        from vcadre.store import pg

        pg.install_person_triggers(conn)
        pg.install_entry_triggers(conn)
        if pg.has_order_keys(conn):
            pg.install_order_keys(conn)
        return
    for sql in TRIGGERS + ENTRY_TRIGGERS:
        conn.exec_driver_sql(sql)


def install_person_triggers(conn: Connection) -> None:
    """Create the person-key triggers only (migration 0003 ran before ``reserve_search_key`` existed)."""
    if _pg(conn):
        from vcadre.store import pg

        pg.install_person_triggers(conn)
        return
    for sql in TRIGGERS:
        conn.exec_driver_sql(sql)


def suspend(conn: Connection) -> None:
    """Drop the triggers before a bulk insert of persons or entries (``resume`` rebuilds in one pass,
    several times faster than per-row triggers). Inside a transaction: a rollback restores them."""
    if _pg(conn):
        from vcadre.store import pg

        pg.drop_triggers(conn, TRIGGER_NAMES)
        return
    for name in TRIGGER_NAMES:
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")


def pause_for_bulk(conn: Connection) -> None:
    """Before a bulk insert into a live database whose caller writes the new rows' keys itself
    (``index_persons``/``index_entries``): on PostgreSQL the triggers are paused for this
    transaction only, so other officers' searches never wait (``store.pg.pause_keys``); SQLite
    drops them (its readers see the last commit, a DROP TRIGGER blocks none of them)."""
    if _pg(conn):
        from vcadre.store import pg

        pg.pause_keys(conn)
        return
    suspend(conn)


def unpause_after_bulk(conn: Connection) -> None:
    """The triggers work again in this transaction (after ``pause_for_bulk``)."""
    if _pg(conn):
        from vcadre.store import pg

        pg.resume_keys(conn)
        return
    install(conn)


def resume(conn: Connection) -> int:
    """Reinstall the triggers and rebuild every key (after ``suspend``); returns the person keys.

    The rebuild's sort gets a 256 MB page cache for the while (the province's 4.7 million person
    keys: ~55 s instead of ~100 s with SQLite's 2 MB default, which pays for the entry keys)."""
    install(conn)
    if _pg(conn):
        rebuild_entries(conn)
        return rebuild(conn)
    old_cache = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql("PRAGMA cache_size=-262144")
    try:
        rebuild_entries(conn)
        return rebuild(conn)
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size={int(old_cache)}")


def person_keys(name: str, id_number: Optional[str], phone: Optional[str]) -> set[str]:
    """The keys the triggers make for one person, computed in Python (same rules as ``_keys_sql``)."""
    name = name or ""
    keys = {"n" + ch for ch in name if ch != " "}
    keys.update("n" + name[i:i + 2] for i in range(len(name) - 1) if " " not in (name[i], name[i + 1]))
    if id_number:
        keys.update(("d" + id_number, "e" + id_number[::-1]))
        if len(id_number) == 18:
            keys.add("b" + id_number[6:14])
    if phone:
        keys.update(("m" + phone, "f" + phone[::-1]))
    return keys


def index_persons(conn: Connection, persons: list[tuple[str, str, Optional[str], Optional[str]]]) -> None:
    """Add the keys of new (person id, name, ID number, phone) in one sorted executemany — for a bulk
    import with the triggers suspended (10,000 trigger runs cost seconds)."""
    rows = sorted((k, pid) for pid, name, number, phone in persons for k in person_keys(name, number, phone))
    if _pg(conn):
        if rows:
            conn.exec_driver_sql("INSERT INTO person_search_key (key, person_id) VALUES (%s, %s) "
                                 "ON CONFLICT DO NOTHING", rows)
        from vcadre.store import pg

        pg.index_order_keys(conn, [p[0] for p in persons])
        return
    conn.exec_driver_sql("INSERT OR IGNORE INTO person_search_key (key, person_id) VALUES (?, ?)", rows)


#: The triggers that run for each inserted person (its own keys; the keys of its entries).
PERSON_INSERT_TRIGGERS = ("person_search_ai", "reserve_search_person_ai")


def _trigger_sql(name: str) -> str:
    for sql in TRIGGERS + ENTRY_TRIGGERS:
        if re.match(rf"CREATE TRIGGER IF NOT EXISTS {name}\b", sql):
            return sql
    raise KeyError(name)


def insert_persons_in_bulk(con, insert: str, rows: list[tuple], persons: list[tuple]) -> None:
    """Run ``insert`` (an INSERT into ``person``) for ``rows`` on the sqlite3 connection ``con`` with
    the per-row insert triggers paused, then add what they would have added in one sorted pass:
    the keys of the live ones among ``persons`` — (id, name, ID number, phone, deleted), one per
    row — and those of any entries of theirs already here. Inside the caller's transaction, so
    the triggers are back (or, on a rollback, never gone) whatever happens. The sync import's
    bulk path: 100,000 new persons cost ~20 s of trigger runs."""
    if getattr(con, "is_postgres", False):  # the PL/pgSQL triggers (store.pg) are set-based enough
        con.executemany(insert, rows)
        return
    paused = [name for (name,) in con.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'person'")
        if name in PERSON_INSERT_TRIGGERS]
    for name in paused:
        con.execute(f"DROP TRIGGER {name}")
    con.executemany(insert, rows)
    if "person_search_ai" in paused:
        keys = sorted((k, pid) for pid, name, number, phone, deleted in persons if not deleted
                      for k in person_keys(name, number, phone))
        con.executemany("INSERT OR IGNORE INTO person_search_key (key, person_id) VALUES (?, ?)", keys)
    if "reserve_search_person_ai" in paused:
        import json

        found = con.execute(_src_all("e.person_id IN (SELECT value FROM json_each(?))"),
                            (json.dumps([p[0] for p in persons]),)).fetchall()
        if found:
            _write_entry_keys(_RawConnection(con), found)
    for name in paused:  # only those the database had (a benchmark's floor has none)
        con.execute(_trigger_sql(name))


class _RawConnection:
    """``exec_driver_sql`` over a plain sqlite3 connection (what ``_write_entry_keys`` calls)."""

    def __init__(self, con) -> None:
        self._con = con

    def exec_driver_sql(self, sql: str, params=()):
        if isinstance(params, list):
            return self._con.executemany(sql, params)
        return self._con.execute(sql, params)


def rebuild(conn: Connection) -> int:
    """Recreate every key from ``person``; returns the number of keys."""
    if _pg(conn):
        from vcadre.store import pg

        return pg.rebuild(conn)
    conn.exec_driver_sql("DELETE FROM person_search_key")
    conn.exec_driver_sql(
        f"INSERT OR IGNORE INTO person_search_key (key, person_id) "
        f"SELECT k, pid FROM ({_keys_sql('p', 'person')}) ORDER BY 1, 2"
    )
    return conn.exec_driver_sql("SELECT count(*) FROM person_search_key").scalar() or 0


def entry_keys(name: str, pinyin: str, initials: str, person_live: bool = True) -> set[str]:
    """The ``reserve_search_key`` keys of an entry, computed in Python (same rules as the SQL)."""
    keys: set[str] = set()
    if person_live:  # name keys: as ``person_keys`` (characters 1.._MAX, pairs starting there)
        name = name or ""
        keys.update("n" + ch for ch in name[:_MAX] if ch != " ")
        keys.update("n" + name[i:i + 2] for i in range(min(len(name) - 1, _MAX))
                    if " " not in (name[i], name[i + 1]))
    for s in (pinyin or "", initials or ""):
        keys.update("p" + s[:i] for i in range(1, min(len(s), _PREFIX) + 1))
    return keys


def _write_entry_keys(conn: Connection, found) -> int:
    """Insert the keys of ``found`` (rows of ``_src_all``) in primary-key order. Entries are sorted
    once and dealt out to their keys: far cheaper than sorting millions of (key, …) tuples."""
    by_key: dict[str, list[tuple[str, str, str]]] = {}
    for eid, code, name, pdel, py, ini in sorted(found, key=lambda r: (r[1], r[2], r[0])):
        row = (code, name, eid)
        for k in entry_keys(name, py, ini, not pdel):
            by_key.setdefault(k, []).append(row)
    rows = [(k, *row) for k in sorted(by_key) for row in by_key[k]]
    if rows:
        conn.exec_driver_sql(
            "INSERT OR IGNORE INTO reserve_search_key (key, village_code, name, entry_id) VALUES (?, ?, ?, ?)", rows)
    return len(rows)


def rebuild_entries(conn: Connection) -> int:
    """Recreate every entry key from ``reserve_entry``/``person``/``region``; returns the number of
    keys. The keys are made in Python (``entry_keys``, the triggers' rules) and written in key
    order: at province scale (124,000 entries, 1.9 million keys) ~8 s, a third of what the same
    INSERT … SELECT with its sort takes in SQLite."""
    if _pg(conn):
        from vcadre.store import pg

        return pg.rebuild_entries(conn)
    conn.exec_driver_sql("DELETE FROM reserve_search_key")
    return _write_entry_keys(conn, conn.exec_driver_sql(_src_all()).fetchall())


def index_entries(conn: Connection, entry_ids: list[str]) -> int:
    """Add the keys of new entries (inserted with the triggers suspended, as a bulk import does) in
    one sorted executemany; returns the number of keys."""
    import json

    if not entry_ids:
        return 0
    if _pg(conn):
        from vcadre.store import pg

        return pg.index_entries(conn, list(entry_ids))
    found = conn.exec_driver_sql(_src_all("e.id IN (SELECT value FROM json_each(?))"),
                                 (json.dumps(list(entry_ids)),)).fetchall()
    return _write_entry_keys(conn, found)


# ---------------------------------------------------------------- queries

_DIGITS = re.compile(r"[0-9]+[Xx]?")
_LETTERS = re.compile(r"[A-Za-z]+")


def _prefix(col, text: str):
    """``col`` starts with ``text``, as an index range (LIKE is case-insensitive: no index)."""
    return (col >= text) & (col < text + "\U0010ffff")


def query_kind(text: str) -> str:
    """"digits", "letters" or "name" — how a search text is read."""
    text = text.strip()
    if _DIGITS.fullmatch(text):
        return "digits"
    if _LETTERS.fullmatch(text):
        return "letters"
    return "name"


#: A full pinyin syllable (loosely): initial consonants, vowels, an n/ng/r ending.
_SYLLABLE = re.compile(r"[bcdfghjklmnpqrstwxyz]{0,2}[aeiouv]+(?:ng|n|r)?")
_CONSONANTS = re.compile(r"[bcdfghjklmnpqrstwxyz]{1,3}")


def mixed_readings(key: str) -> list[tuple[str, str]]:
    """The (surname pinyin, initials) readings of a query typed as the surname in full and the
    given name by initials: ``zhanglp`` → [("zhang", "zlp")] (张丽平). Only a surname of one
    syllable (or a compound surname) followed by one to three consonants is read so, so ordinary pinyin or
    initials queries (``zlm``, ``zhanglongmin``) have no such reading and keep their fast path.
    """
    from vcadre.domain.names import COMPOUND_SURNAMES

    compound = {"".join(v): "".join(x[0] for x in v) for v in COMPOUND_SURNAMES.values()}
    out = []
    for k in range(2, len(key)):
        head, rest = key[:k], key[k:]
        if not _CONSONANTS.fullmatch(rest):
            continue
        if head in compound:  # 欧阳, 司马 …
            out.append((head, compound[head] + rest))
        # One syllable, never cut inside one: "zhan|g" is "zhang" being typed, not 詹 + g.
        elif _SYLLABLE.fullmatch(head) and not _SYLLABLE.fullmatch(key[:k + 1]):
            out.append((head, head[0] + rest))
    return out


def matching_person_ids(text: str) -> Optional[Select]:
    """A SELECT of the ids of persons matching ``text`` (None for an empty text).

    Digits (and a trailing X): ID numbers starting or ending with them, IDs whose birth date part
    starts with them, phones starting or ending with them. Latin letters: full pinyin or initials
    starting with them (``zlm``, ``zhanglongmin`` → 张龙敏), or the surname in full and the given
    name by initials (``zhanglm``). Anything else: the name contains it.
    Deleted persons may appear (their keys are removed, but pinyin is read from ``person``):
    callers filter ``Person.deleted`` as they do anyway.
    """
    from vcadre.store.models import Person, PersonSearchKey as K

    text = "".join(text.split())
    if not text:
        return None
    kind = query_kind(text)
    if kind == "digits":
        frag = text.upper()
        rev = frag[::-1]
        cond = or_(
            _prefix(K.key, "d" + frag), _prefix(K.key, "e" + rev), _prefix(K.key, "b" + frag),
            _prefix(K.key, "m" + frag), _prefix(K.key, "f" + rev),
        )
        return select(K.person_id).where(cond)
    if kind == "letters":
        key = text.lower()
        return union(
            select(Person.id).where(_prefix(Person.name_initials, key)),
            select(Person.id).where(_prefix(Person.name_pinyin, key)),
            *(select(Person.id).where(_prefix(Person.name_initials, initials), _prefix(Person.name_pinyin, head))
              for head, initials in mixed_readings(key)),
        )
    if len(text) <= 2:
        return select(K.person_id).where(K.key == "n" + text)
    return (
        select(K.person_id)
        .join(Person, Person.id == K.person_id)
        .where(K.key == "n" + text[:2], Person.name.contains(text, autoescape=True))
    )


def digits_match_row(frag: str, id_number, phone, dialect: str):
    """The digit key rules of ``person_keys`` for the fragment ``frag`` tested on a person row
    itself (a list walked in order tests each row): the ID number or phone starts with it or
    (within its first 20 characters) ends with it, or the ID's birth date starts with it."""
    from sqlalchemy import func

    n = len(frag)

    def tail(col):  # the last n of the first 20 characters
        head = func.substr(col, 1, 20)
        return func.right(head, n) if dialect == "postgresql" else func.substr(head, -n)

    conds = [func.substr(id_number, 1, n) == frag,
             and_(func.length(func.substr(id_number, 1, 20)) >= n, tail(id_number) == frag),
             func.substr(phone, 1, n) == frag,
             and_(func.length(func.substr(phone, 1, 20)) >= n, tail(phone) == frag)]
    if n <= 8:
        conds.append(and_(func.length(id_number) == 18, func.substr(id_number, 7, n) == frag))
    return or_(*conds)


@dataclass(frozen=True)
class EntryMatch:
    """How ``reserve_search_key`` answers a search: conditions on the key table alone (``keys``),
    and on ``person`` (``person``, empty but for letters longer than ``_PREFIX``)."""

    keys: tuple
    person: tuple = ()


def entry_match(text: str) -> Optional[EntryMatch]:
    """The reserve entries whose person matches ``text`` — the same matches as
    ``matching_person_ids`` — as conditions on ``reserve_search_key``; None for an empty text or
    digits (ID and phone fragments match few people: those use ``matching_person_ids``).

    One key per query: a 1–2 character name is its key; a longer name is the key of its first two
    characters and the whole text in ``name``; letters are the prefix key (pinyin or initials), and
    beyond ``_PREFIX`` letters the prefix key of the first ``_PREFIX`` and the whole text on ``person``.
    """
    from vcadre.store.models import Person, ReserveSearchKey as K

    text = "".join(text.split())
    if not text:
        return None
    kind = query_kind(text)
    if kind == "digits":
        return None
    if kind == "letters":
        key = text.lower()
        plain = () if len(key) <= _PREFIX else (
            or_(_prefix(Person.name_initials, key), _prefix(Person.name_pinyin, key)),)
        mixed = mixed_readings(key)
        if not mixed:
            return EntryMatch((K.key == "p" + key[:_PREFIX],), plain)
        # Surname in full, given name by initials (“zhanglm”): the initials' key too, each key's
        # rows checked by their own reading.
        keys = ["p" + key[:_PREFIX]] + ["p" + initials[:_PREFIX] for _head, initials in mixed]
        # An entry is listed once: a reading's rows leave out those an earlier reading matched.
        readings = [or_(_prefix(Person.name_initials, key), _prefix(Person.name_pinyin, key))] + [
            and_(_prefix(Person.name_initials, initials), _prefix(Person.name_pinyin, head))
            for head, initials in mixed]
        branches = [and_(K.key == keys[0], *plain)] + [
            and_(K.key == keys[i], readings[i], *(~r for r in readings[:i]))
            for i in range(1, len(keys))]
        return EntryMatch((K.key.in_(keys),), (or_(*branches),))
    if len(text) <= 2:
        return EntryMatch((K.key == "n" + text,))
    return EntryMatch((K.key == "n" + text[:2], K.name.contains(text, autoescape=True)))


__all__ = ["mixed_readings", "install", "rebuild", "rebuild_entries", "index_entries", "matching_person_ids", "entry_match", "query_kind",
           "TRIGGER_NAMES"]
