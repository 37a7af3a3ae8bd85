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
every prefix of the person's pinyin initials and full pinyin (up to ``_MAX`` letters). Its primary
key is in the 后备干部 list's default order (village code, name, entry id) within each key, so a
name or pinyin search's first page is a range read of one key that stops after a page, and its
count is a count of one key's index entries — instead of gathering and sorting every match (张:
29,000 persons, 7,000 entries at province scale). Triggers on ``reserve_entry``, ``person`` and
``region`` keep it in step (an entry's keys are rewritten when its person's name or pinyin, its
village's code or the entry itself changes); ``rebuild_entries`` recreates it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from sqlalchemy import Select, or_, select, union
from sqlalchemy.engine import Connection

#: Longest name whose every character is indexed (person.name is String(40)).
_MAX = 40
#: Character positions 1.._MAX as a table (``json_each`` of a constant array: triggers cannot use
#: a recursive CTE, and this is twice as fast as a UNION of 40 SELECTs).
_NUMS = "SELECT value AS i FROM json_each('[" + ",".join(str(i) for i in range(1, _MAX + 1)) + "]')"


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


def _entry_keys_sql(where: str) -> str:
    """SELECT of (key, village code, name, entry id) for the live reserve entries ``e`` matching
    ``where`` (an SQL condition over ``reserve_entry AS e``)."""
    src = f"""(SELECT e.id AS eid, v.code AS vcode, p.name AS name, p.deleted AS pdel,
                      p.name_pinyin AS py, p.name_initials AS ini
               FROM reserve_entry AS e JOIN person AS p ON p.id = e.person_id
               JOIN region AS v ON v.id = e.village_id
               WHERE e.deleted = 0 AND ({where}))"""
    ch, pair = "substr(x.name, nums.i, 1)", "substr(x.name, nums.i, 2)"
    cols = "x.vcode, x.name, x.eid"
    return f"""
        SELECT 'n' || {ch} AS k, {cols} FROM {src} AS x, ({_NUMS}) AS nums
            WHERE x.pdel = 0 AND nums.i <= length(x.name) AND trim({ch}) <> ''
        UNION ALL SELECT 'n' || {pair}, {cols} FROM {src} AS x, ({_NUMS}) AS nums
            WHERE x.pdel = 0 AND nums.i < length(x.name) AND trim({pair}) = {pair}
        UNION ALL SELECT 'p' || substr(x.ini, 1, nums.i), {cols} FROM {src} AS x, ({_NUMS}) AS nums
            WHERE nums.i <= length(x.ini)
        UNION ALL SELECT 'p' || substr(x.py, 1, nums.i), {cols} FROM {src} AS x, ({_NUMS}) AS nums
            WHERE nums.i <= length(x.py)
    """


def _entry_insert(where: str) -> str:
    return (f"INSERT OR IGNORE INTO reserve_search_key (key, village_code, name, entry_id) "
            f"SELECT * FROM ({_entry_keys_sql(where)});")


def _entry_delete(where: str) -> str:
    return f"DELETE FROM reserve_search_key WHERE entry_id IN (SELECT id FROM reserve_entry WHERE {where});"


ENTRY_TRIGGERS = (
    f"""CREATE TRIGGER IF NOT EXISTS reserve_search_ai AFTER INSERT ON reserve_entry WHEN new.deleted = 0
    BEGIN
        {_entry_insert("e.id = new.id")}
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS reserve_search_au AFTER UPDATE OF person_id, village_id, deleted ON reserve_entry
    BEGIN
        DELETE FROM reserve_search_key WHERE entry_id = old.id;
        {_entry_insert("e.id = new.id")}
    END""",
    """CREATE TRIGGER IF NOT EXISTS reserve_search_ad AFTER DELETE ON reserve_entry
    BEGIN
        DELETE FROM reserve_search_key WHERE entry_id = old.id;
    END""",
    # A person's name, pinyin or tombstone: rewrite the keys of their entries.
    f"""CREATE TRIGGER IF NOT EXISTS reserve_search_person_ai AFTER INSERT ON person
    BEGIN
        {_entry_insert("e.person_id = new.id")}
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS reserve_search_person_au
        AFTER UPDATE OF name, name_pinyin, name_initials, deleted ON person
    BEGIN
        {_entry_delete("person_id = old.id")}
        {_entry_insert("e.person_id = new.id")}
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS reserve_search_person_ad AFTER DELETE ON person
    BEGIN
        {_entry_delete("person_id = old.id")}
    END""",
    # A village's code is part of the order.
    f"""CREATE TRIGGER IF NOT EXISTS reserve_search_region_ai AFTER INSERT ON region
    BEGIN
        {_entry_insert("e.village_id = new.id")}
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS reserve_search_region_au AFTER UPDATE OF code ON region
    BEGIN
        {_entry_delete("village_id = old.id")}
        {_entry_insert("e.village_id = new.id")}
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS reserve_search_region_ad AFTER DELETE ON region
    BEGIN
        {_entry_delete("village_id = old.id")}
    END""",
)
ENTRY_TRIGGER_NAMES = ("reserve_search_ai", "reserve_search_au", "reserve_search_ad", "reserve_search_person_ai",
                       "reserve_search_person_au", "reserve_search_person_ad", "reserve_search_region_ai",
                       "reserve_search_region_au", "reserve_search_region_ad")
TRIGGER_NAMES = PERSON_TRIGGER_NAMES + ENTRY_TRIGGER_NAMES


def install(conn: Connection) -> None:
    """Create the triggers (the tables themselves come from the models / migrations)."""
    for sql in TRIGGERS + ENTRY_TRIGGERS:
        conn.exec_driver_sql(sql)


def install_person_triggers(conn: Connection) -> None:
    """Create the person-key triggers only (migration 0003 ran before ``reserve_search_key`` existed)."""
    for sql in TRIGGERS:
        conn.exec_driver_sql(sql)


def suspend(conn: Connection) -> None:
    """Drop the triggers before a bulk insert of persons or entries (``resume`` rebuilds in one pass,
    several times faster than per-row triggers). Inside a transaction: a rollback restores them."""
    for name in TRIGGER_NAMES:
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")


def resume(conn: Connection) -> int:
    """Reinstall the triggers and rebuild every key (after ``suspend``); returns the person keys."""
    install(conn)
    rebuild_entries(conn)
    return rebuild(conn)


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
    conn.exec_driver_sql("INSERT OR IGNORE INTO person_search_key (key, person_id) VALUES (?, ?)", rows)


def rebuild(conn: Connection) -> int:
    """Recreate every key from ``person``; returns the number of keys."""
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
    keys.update("p" + s[:i] for s in (pinyin or "", initials or "") for i in range(1, min(len(s), _MAX) + 1))
    return keys


_ENTRY_INDEX = "CREATE INDEX IF NOT EXISTS ix_reserve_search_key_entry ON reserve_search_key (entry_id)"


def rebuild_entries(conn: Connection, entry_ids: Optional[list[str]] = None) -> int:
    """Recreate the entry keys from ``reserve_entry``/``person``/``region`` (all, or only those of
    ``entry_ids``, e.g. entries just bulk-inserted with the triggers suspended); returns the number
    of keys written.

    The keys are made in Python (``entry_keys``, the triggers' rules) and written in key order: at
    province scale (124,000 entries, 1.9 million keys) that is ~10 s, a third of what the same
    INSERT … SELECT with its sort takes in SQLite. A full rebuild writes the table without its
    entry-id index and builds the index after.
    """
    import json

    sql = ("SELECT e.id, v.code, p.name, p.deleted, p.name_pinyin, p.name_initials FROM reserve_entry AS e "
           "JOIN person AS p ON p.id = e.person_id JOIN region AS v ON v.id = e.village_id WHERE e.deleted = 0")
    if entry_ids is None:
        conn.exec_driver_sql("DROP INDEX IF EXISTS ix_reserve_search_key_entry")
        conn.exec_driver_sql("DELETE FROM reserve_search_key")
        found = conn.exec_driver_sql(sql).fetchall()
    else:
        if not entry_ids:
            return 0
        ids = json.dumps(list(entry_ids))
        conn.exec_driver_sql("DELETE FROM reserve_search_key WHERE entry_id IN (SELECT value FROM json_each(?))",
                             (ids,))
        found = conn.exec_driver_sql(sql + " AND e.id IN (SELECT value FROM json_each(?))", (ids,)).fetchall()
    rows = sorted((k, code, name, eid) for eid, code, name, pdel, py, ini in found
                  for k in entry_keys(name, py, ini, not pdel))
    if rows:
        conn.exec_driver_sql(
            "INSERT OR IGNORE INTO reserve_search_key (key, village_code, name, entry_id) VALUES (?, ?, ?, ?)", rows)
    if entry_ids is None:
        conn.exec_driver_sql(_ENTRY_INDEX)
    return len(rows)


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


def matching_person_ids(text: str) -> Optional[Select]:
    """A SELECT of the ids of persons matching ``text`` (None for an empty text).

    Digits (and a trailing X): ID numbers starting or ending with them, IDs whose birth date part
    starts with them, phones starting or ending with them. Latin letters: full pinyin or initials
    starting with them (``zlm``, ``zhanglongmin`` → 张龙敏). Anything else: the name contains it.
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
        )
    if len(text) <= 2:
        return select(K.person_id).where(K.key == "n" + text)
    return (
        select(K.person_id)
        .join(Person, Person.id == K.person_id)
        .where(K.key == "n" + text[:2], Person.name.contains(text, autoescape=True))
    )


@dataclass(frozen=True)
class EntryMatch:
    """How ``reserve_search_key`` answers a search: conditions on the key table alone (``keys``),
    and on ``person`` (``person``, empty but for pinyin longer than ``_MAX`` letters)."""

    keys: tuple
    person: tuple = ()


def entry_match(text: str) -> Optional[EntryMatch]:
    """The reserve entries whose person matches ``text`` — the same matches as
    ``matching_person_ids`` — as conditions on ``reserve_search_key``; None for an empty text or
    digits (ID and phone fragments match few people: those use ``matching_person_ids``).

    One key per query: a 1–2 character name is its key; a longer name is the key of its first two
    characters and the whole text in ``name``; letters are the prefix key (pinyin or initials), and
    beyond ``_MAX`` letters the prefix key of the first ``_MAX`` and the whole text on ``person``.
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
        if len(key) <= _MAX:
            return EntryMatch((K.key == "p" + key,))
        return EntryMatch((K.key == "p" + key[:_MAX],),
                          (or_(_prefix(Person.name_initials, key), _prefix(Person.name_pinyin, key)),))
    if len(text) <= 2:
        return EntryMatch((K.key == "n" + text,))
    return EntryMatch((K.key == "n" + text[:2], K.name.contains(text, autoescape=True)))


__all__ = ["install", "rebuild", "rebuild_entries", "matching_person_ids", "entry_match", "query_kind",
           "TRIGGER_NAMES"]
