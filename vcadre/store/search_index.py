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
"""

from __future__ import annotations

import re
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
TRIGGER_NAMES = ("person_search_ai", "person_search_au", "person_search_ad")


def install(conn: Connection) -> None:
    """Create the triggers (the table itself comes from the model / migration)."""
    for sql in TRIGGERS:
        conn.exec_driver_sql(sql)


def suspend(conn: Connection) -> None:
    """Drop the triggers before a bulk insert of persons (``resume`` rebuilds in one pass, several
    times faster than per-row triggers). Inside a transaction: a rollback restores them."""
    for name in TRIGGER_NAMES:
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")


def resume(conn: Connection) -> int:
    """Reinstall the triggers and rebuild every key (after ``suspend``)."""
    install(conn)
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


__all__ = ["install", "rebuild", "matching_person_ids", "query_kind", "TRIGGER_NAMES"]
