"""Merging received changes into the database, one field at a time (按字段合并).

The value of every field is the value written by the change with the greatest clock
``(hlc, site, seq)`` among all changes touching it (a ``*`` whole-row change touches every field).
That rule alone decides what is stored, so replicas that have seen the same changes hold the same
rows whatever order the changes arrived in. Conflicts are *reported* on top of it, using the
before-values the changes carry:

- edit/edit: a change to field f whose before-value differs from our value, when our value is
  not what they wrote either, and neither side descends from the other → both values kept: the
  winner in the row, the loser in ``sync_conflict`` (and every change stays in ``sync_change``);
- delete/edit: a delete carries the row as the deleter saw it; a field of ours that differs
  from it (or an incoming edit of a row we deleted, that the deleter had not seen) is a
  ``delete`` conflict. The tombstone wins provisionally and the edited values stay in the row.

Works on a DB-API (sqlite3) connection inside the caller's transaction, in chunks, so a package
of any size streams through bounded memory.
"""

from __future__ import annotations

import json
import operator
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from itertools import count, repeat
from typing import Any, Callable, Iterable, Iterator, Optional

import orjson
from sqlalchemy import Boolean, Date, DateTime, Float, Integer, String, Text

from vcadre.store import search_index
from vcadre.store.changelog import FIELDS, TABLES, WHOLE_ROW, _INSERT, dumps, next_seq
from vcadre.store.models import OUTLIVES_PARENT
from vcadre.sync import rules
from vcadre.sync.errors import InvalidChangeError
from vcadre.sync.package import parse_changes

CHUNK = 2000
_HLC = re.compile(r"^\d{13}\.\d{6}$")
_ID = re.compile(r"^[0-9A-Za-z-]{1,36}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Whole columns of a chunk at once (joined by newlines, which no field can hold): one C call.
_HLCS = re.compile(r"(?:[0-9]{13}\.[0-9]{6}\n)*")
_IDS = re.compile(r"(?:[0-9A-Za-z-]{1,36}\n)*")
#: JSON decoding of received values (strict: no NaN, no lone surrogates, no integers beyond 64 bits).
_loads = orjson.loads

Clock = tuple  # (hlc, site, seq)


@dataclass
class MergeStats:
    added: int = 0          # rows that did not exist here before
    updated: int = 0        # existing rows whose stored values changed
    unchanged: int = 0      # changes already known, or older than what is stored, with no effect
    conflicts: int = 0
    changes: int = 0        # changes in the package
    new_changes: int = 0    # changes not seen before
    max_hlc: str = ""

    def as_dict(self) -> dict:
        return dict(self.__dict__)


# ------------------------------------------------------------------ validation

def _spec(table: str) -> dict[str, tuple]:
    """field → (allowed Python types, max length or None, nullable, pattern or None)."""
    cols = TABLES[table].columns
    out = {}
    for name in FIELDS[table]:
        col = cols[name]
        t = col.type
        nullable = bool(col.nullable) and name != "deleted"
        if isinstance(t, Boolean):
            spec = ((int,), None, nullable, "bool")
        elif isinstance(t, Integer):
            spec = ((int,), None, nullable, None)
        elif isinstance(t, Float):
            spec = ((int, float), None, nullable, None)
        elif isinstance(t, DateTime):
            spec = ((str,), 32, nullable, None)
        elif isinstance(t, Date):
            spec = ((str,), 10, nullable, _DATE)
        elif isinstance(t, String) and t.length and not isinstance(t, Text):
            spec = ((str,), t.length, nullable, None)
        else:
            spec = ((str,), None, nullable, None)
        out[name] = spec
    return out


_SPECS = {name: _spec(name) for name in FIELDS}
#: The domain rules (``sync.rules``) of each field: (test of one value, what it must be) or None.
_DOMAIN = {table: {name: rules.value_check(table, name, spec[3] is _DATE) for name, spec in specs.items()}
           for table, specs in _SPECS.items()}


def _fast_row_check(table: str):
    """A generated function: True when every field of a whole row is well-formed (the common
    case, one call instead of a loop); on False the slow loop names the bad field."""
    terms = []
    for name, (types, maxlen, nullable, extra) in _SPECS[table].items():
        v = f"v[{name!r}]"
        t = " or ".join(f"type({v}) is {tp.__name__}" for tp in types)
        term = f"({t})"
        if maxlen is not None:
            term += f" and len({v}) <= {maxlen}"
        if extra == "bool":
            term += f" and {v} in (0, 1)"
        elif extra is not None:
            term += f" and _DATE.match({v}) is not None"
        if _DOMAIN[table][name] is not None:
            term += f" and _D[{name!r}][0]({v})"
        term = f"({term})"
        if nullable:
            term = f"({v} is None or {term})"
        terms.append(term)
    src = f"def check(v):\n    return {' and '.join(terms)}\n"
    scope = {"_DATE": _DATE, "_D": _DOMAIN[table]}
    exec(compile(src, f"<row check {table}>", "exec"), scope)  # noqa: S102 - code built from our schema
    return scope["check"]


_ROW_CHECKS = {name: _fast_row_check(name) for name in FIELDS}
_GOOD_ORIGINS: set = set()
_FIELDSETS = {name: set(fields) for name, fields in FIELDS.items()}
#: A whole row's values as a tuple in ``FIELDS`` order (every synced table has several fields).
_GETTERS = {name: operator.itemgetter(*fields) for name, fields in FIELDS.items()}
_not_none = partial(operator.is_not, None)


def _column_check(spec: tuple, domain: Optional[Callable[[set], bool]] = None) -> Callable[[tuple], bool]:
    """A check of one field's values over many rows, with C-level loops only; True when every
    value passes what ``_check_value`` checks (the same types, lengths, 0/1 and date pattern,
    and the domain rule on the distinct values)."""
    types, maxlen, nullable, extra = spec
    allowed = set(types) | ({type(None)} if nullable else set())

    def check(col: tuple) -> bool:
        kinds = set(map(type, col))
        if not kinds <= allowed:
            return False
        if type(None) in kinds:
            col = tuple(filter(_not_none, col))
            if not col:
                return True
        if maxlen is not None and max(map(len, col)) > maxlen:
            return False
        if extra == "bool":
            return set(col) <= {0, 1}
        if extra is not None and not all(map(extra.match, col)):
            return False
        return domain is None or domain(set(col))

    return check


def _natural_keys() -> dict[str, list[tuple[tuple[str, ...], bool]]]:
    """Per synced table, its unique indexes: (columns, merge) — ``merge``: a live-rows key
    (``WHERE deleted = 0``), where two rows are one logical record; otherwise (a certificate
    number) the field is cleared on one of them."""
    out: dict[str, list] = {}
    for name, table in TABLES.items():
        for ix in table.indexes:
            if ix.unique:
                where = str(ix.dialect_options["sqlite"]["where"])
                out.setdefault(name, []).append((tuple(c.name for c in ix.columns), where == "deleted = 0"))
    return {name: sorted(keys, key=lambda k: (not k[1], k[0])) for name, keys in out.items()}


#: Natural keys: a merge must never be blocked by them (see ``Merger._settle_keys``).
NATURAL_KEYS = _natural_keys()
#: Per table, the fields of its unique numbers (the keys that are not live-rows keys).
NUMBERS = {name: [cols[0] for cols, merge in keys if not merge] for name, keys in NATURAL_KEYS.items()}
#: parent table → [(child table, foreign key column)].
CHILDREN: dict[str, list[tuple[str, str]]] = {}
for _name, _table in TABLES.items():
    for _col in _table.columns:
        for _fk in _col.foreign_keys:
            CHILDREN.setdefault(_fk.column.table.name, []).append((_name, _col.name))
PARENTS: dict[str, list[tuple[str, str]]] = {}
for _parent, _kids in CHILDREN.items():
    for _child, _col in _kids:
        PARENTS.setdefault(_child, []).append((_parent, _col))
#: (child, column) links whose child stays live when its parent is deleted (a class's certificate
#: counter): not a "deleted while something was added to it" conflict.
OUTLIVING: frozenset[tuple[str, str]] = frozenset(
    (name, col.name) for name, table in TABLES.items() for col in table.columns if col.info.get(OUTLIVES_PARENT))

_COLUMN_CHECKS = {table: tuple(_column_check(spec, rules.column_check(table, name, spec[3] is _DATE))
                               for name, spec in specs.items())
                  for table, specs in _SPECS.items()}
assert all(tuple(_SPECS[name]) == fields and len(fields) > 1 for name, fields in FIELDS.items())


def _bad(n: int, why: str) -> InvalidChangeError:
    return InvalidChangeError(f"同步包第 {n} 条变更无效（{why}），已拒绝导入，未作任何改动。")


def _check_value(n: int, table: str, name: str, value: Any, spec: tuple, domain: bool = True) -> None:
    """Shape, then (``domain``: for new values, not the before-values history holds) the rule."""
    types, maxlen, nullable, extra = spec
    if value is None:
        if not nullable:
            raise _bad(n, f"{table}.{name} 不能为空")
        return
    if type(value) not in types:
        raise _bad(n, f"{table}.{name} 的值 {str(value)[:40]!r} 类型不对")
    if maxlen is not None and len(value) > maxlen:
        raise _bad(n, f"{table}.{name} 的值过长")
    if extra is not None:
        if extra == "bool":
            if value not in (0, 1):
                raise _bad(n, f"{table}.{name} 的值 {value!r} 不是 0 或 1")
        elif not extra.match(value):
            raise _bad(n, f"{table}.{name} 的值 {value!r} 不是日期")
    rule = _DOMAIN[table][name] if domain else None
    if rule is not None and not rule[0](value):
        raise _bad(n, f"{table}.{name} 的值 {rules.shown(table, name, value)} 不是{rule[1]}")


def validate_change(n: int, c: Any) -> tuple[Any, Any]:
    """Refuse a change that could not have come from vcadre (``n``: its number in the package).

    Returns the decoded (new, old) values.
    """
    if type(c) is not list or len(c) != 8:
        raise _bad(n, "结构不对")
    origin, oseq, hlc, table, row_id, name, old, new = c
    if type(origin) is not str or origin not in _GOOD_ORIGINS:
        if type(origin) is not str or not _ID.match(origin):
            raise _bad(n, "来源站点无效")
        _GOOD_ORIGINS.add(origin)
    if type(oseq) is not int or oseq < 1:
        raise _bad(n, "序号无效")
    if type(hlc) is not str or not _HLC.match(hlc):
        raise _bad(n, "时钟值无效")
    specs = _SPECS.get(table) if type(table) is str else None
    if specs is None:
        raise _bad(n, f"未知的表 {str(table)[:40]!r}")
    if type(row_id) is not str or not _ID.match(row_id):
        raise _bad(n, "记录编号无效")
    if type(new) is not str or not (old is None or type(old) is str):
        raise _bad(n, "值的编码无效")
    try:
        value = _loads(new)
        before = _loads(old) if old is not None else None
    except ValueError:
        raise _bad(n, "值无法解析") from None
    if name == WHOLE_ROW:
        if type(value) is not dict or value.keys() != _FIELDSETS[table]:
            raise _bad(n, f"{table} 整行记录的字段不符（可能来自其他版本的 vcadre）")
        if _ROW_CHECKS[table](value):
            return value, None
        for k in FIELDS[table]:  # names the first bad field
            _check_value(n, table, k, value[k], specs[k])
        return value, None
    spec = specs.get(name) if type(name) is str else None
    if spec is None:
        raise _bad(n, f"未知的字段 {table}.{str(name)[:40]}")
    _check_value(n, table, name, value, spec)
    if name == "deleted" and type(before) is dict:
        if not before.keys() <= _FIELDSETS[table]:
            raise _bad(n, "删除前的记录字段不符")
        return value, before
    if before is not None:
        _check_value(n, table, name, before, spec, domain=False)
    return value, before


def _keys_ok(origins: tuple, oseqs: tuple, hlcs: tuple, tables: tuple, rids: tuple) -> bool:
    """Origins, sequence numbers, clocks, tables and row ids of many changes, each column checked
    in one go (only ASCII digits in clocks: stricter than ``validate_change``, never more lenient)."""
    if not (set(map(type, origins)) == {str} and set(map(type, oseqs)) == {int}):
        return False
    for origin in set(origins):
        if origin not in _GOOD_ORIGINS:
            if not _ID.match(origin):
                return False
            _GOOD_ORIGINS.add(origin)
    return bool(min(oseqs) >= 1 and set(tables) <= _SPECS.keys()
                and _HLCS.fullmatch("\n".join(hlcs) + "\n") and _IDS.fullmatch("\n".join(rids) + "\n"))


def _decode_rows(table: str, texts) -> Optional[tuple[list[dict], list[tuple]]]:
    """Whole rows of ``table`` from their JSON texts, checked field by field over all rows at once:
    (the dicts, their values as tuples in ``FIELDS`` order), or None if any row is not valid.
    Raises ValueError for text that is not JSON."""
    values = list(map(_loads, texts))
    if set(map(type, values)) != {dict}:
        return None
    # Exactly the table's fields: as many keys as fields, and each field there (else KeyError).
    if set(map(len, values)) != {len(FIELDS[table])}:
        return None
    try:
        tuples = list(map(_GETTERS[table], values))
    except KeyError:
        return None
    for col, check in zip(zip(*tuples), _COLUMN_CHECKS[table]):
        if not check(col):
            return None
    return values, tuples


def validate_chunk(changes: list[list]) -> bool:
    """Validate many changes at once, column by column.

    True: every change is valid and has its decoded (new, old) values appended, exactly as
    ``validate_change`` returns them. False: something is wrong (or unusual) somewhere; the caller
    then runs ``validate_change`` on each change in order, which names the first bad one. This
    check is never more lenient than ``validate_change``, and its False costs nothing but time.
    """
    if not changes:
        return True
    try:
        origins, oseqs, hlcs, tables, rids, names, olds, news = zip(*changes)
        if not (set(map(type, news)) == {str} and set(map(type, olds)) <= {str, type(None)}
                and _keys_ok(origins, oseqs, hlcs, tables, rids)):
            return False
        rows: dict[str, list[list]] = {}
        fields: list[list] = []
        for c in changes:
            if c[5] == WHOLE_ROW and c[6] is None:
                rows.setdefault(c[3], []).append(c)
            else:
                fields.append(c)
        for table, group in rows.items():
            decoded = _decode_rows(table, [c[7] for c in group])
            if decoded is None:
                return False
            for c, v in zip(group, decoded[0]):
                c += (v, None)
        for c in fields:
            c += validate_change(0, c)
    except (InvalidChangeError, TypeError, ValueError):
        for c in changes:
            del c[8:]
        return False
    return True


# ------------------------------------------------------------------ merge

@dataclass
class _Row:
    values: Optional[dict[str, Any]]
    clocks: dict[str, Clock] = field(default_factory=dict)
    log: list = field(default_factory=list)  # (clock, field, old_text, new_text)
    exists: bool = False
    changed: bool = False


def _max_clock(row: _Row) -> Clock:
    return max(row.clocks.values())


class Merger:
    """Applies changes to one open transaction (``conn``: sqlite3 connection)."""

    def __init__(self, conn, local_site: str, now: Optional[datetime] = None,
                 wall: Optional[Callable[[], float]] = None) -> None:
        self.conn = conn
        self.local_site = local_site
        self.now = (now or datetime.now()).isoformat(sep=" ")
        self.stats = MergeStats()
        self.seq = next_seq(conn)
        self._seen_in_package: set[tuple[str, int]] = set()
        self._n = 1  # number (1-based) of the next change in the package, for messages
        #: Received stamps above this (a day ahead of our clock) are refused: one forged far-future
        #: stamp would otherwise move our clock past every peer's, and they would refuse us.
        self.hlc_limit = rules.hlc_limit(wall)
        self._regions: set[str] = set()  # region rows touched (checked for cycles at the end)
        self._touched: dict[str, set[str]] = {}  # rows written, for parent/child delete conflicts
        self._clock = None  # for the merger's own changes (natural-key merges), made on first use
        self._chunk_rows: dict[str, Any] = {}
        self._dirty: set[tuple[str, str]] = set()  # rows our own changes touched
        self._gone: dict[str, set[str]] = {}  # rows this import may have tombstoned

    # -- public
    def apply(self, changes: Iterable[list], progress=None) -> MergeStats:
        """Apply changes given one at a time."""
        def chunks() -> Iterator[list[list]]:
            chunk: list[list] = []
            for c in changes:
                chunk.append(c)
                if len(chunk) >= CHUNK:
                    yield chunk
                    chunk = []
            if chunk:
                yield chunk

        return self.apply_chunks(chunks(), progress)

    def apply_lines(self, chunks: Iterable[list[str]], progress=None) -> MergeStats:
        """Apply a package's change lines, given in lists (``package.iter_line_chunks``)."""
        for lines in chunks:
            if not self._apply_new_rows(lines):
                self._apply_chunk(parse_changes(lines, self._n))
            if progress is not None:
                progress(self.stats.changes)
        return self._finish()

    def apply_chunks(self, chunks: Iterable[list[list]], progress=None) -> MergeStats:
        """Apply changes given in lists of parsed changes."""
        for chunk in chunks:
            self._apply_chunk(chunk)
            if progress is not None:
                progress(self.stats.changes)
        return self._finish()

    def _check_clock(self, top: str, origins: Iterable[str], hlcs: Iterable[str]) -> None:
        if top <= self.hlc_limit:
            return
        origin = next(o for o, h in zip(origins, hlcs) if h == top)
        row = self.conn.execute("SELECT name FROM sync_peer WHERE site_id = ? UNION ALL "
                                "SELECT name FROM site WHERE id = ?", (origin, origin)).fetchone()
        days = (int(top[:13]) - int(self.hlc_limit[:13])) / 86_400_000 + 1
        raise InvalidChangeError(
            f"同步包中来自站点“{row[0] if row else origin}”的变更，时间戳比本机时钟超前约 {days:.0f} 天"
            "（超过 1 天）：可能是该站点电脑的时钟错误，或同步包是伪造的。已拒绝导入，未作任何改动。")

    def _check_regions(self) -> None:
        """No region may become its own ancestor (a cycle would hang every tree walk)."""
        if not self._regions:
            return
        row = self.conn.execute(
            "WITH RECURSIVE up(start, id, depth) AS ("
            " SELECT r.id, r.parent_id, 1 FROM region r WHERE r.id IN (SELECT value FROM json_each(?))"
            " UNION ALL SELECT up.start, r.parent_id, up.depth + 1 FROM up JOIN region r ON r.id = up.id"
            " WHERE up.id != up.start AND up.depth < 32)"
            " SELECT r.code, r.name FROM up JOIN region r ON r.id = up.start"
            " WHERE up.id = up.start OR up.depth >= 32 LIMIT 1", (json.dumps(sorted(self._regions)),)).fetchone()
        if row is not None:
            raise InvalidChangeError(
                f"同步包会使行政区划“{row[1]}”（{row[0]}）成为它自己的上级（循环的上下级关系），"
                "已拒绝导入，未作任何改动。")

    def _finish(self) -> MergeStats:
        self._follow_duplicates()
        self._check_regions()
        self._check_orphans()
        if self.stats.max_hlc:
            self.conn.execute("UPDATE site SET last_hlc = ? WHERE is_local = 1 AND last_hlc < ?",
                              (self.stats.max_hlc, self.stats.max_hlc))
        return self.stats

    # -- internals
    def _apply_new_rows(self, lines: list[str]) -> bool:
        """The bulk case, at C speed: a chunk of whole rows of one table, none of them (nor their
        changes) known here yet — what a first full package is made of. Does exactly what
        ``_apply_chunk`` does with such a chunk. False, having written nothing: the chunk is
        anything else (or invalid), for the general path to merge (or to name the bad change)."""
        try:
            if set(map(str.count, lines, repeat("\t"))) != {7}:
                return False  # not 8 fields on every line
            flat = "\t".join(lines).split("\t")  # one list, not one per line
            origins, oseq_texts, hlcs, tables, rids, names, olds, news = (flat[k::8] for k in range(8))
            if set(names) != {WHOLE_ROW} or set(olds) != {""} or len(set(tables)) != 1:
                return False
            table = tables[0]
            oseqs = tuple(map(int, oseq_texts))
            if not _keys_ok(origins, oseqs, hlcs, tables, rids):
                return False
            keys = list(zip(origins, oseqs))
            n = len(keys)
            if len(set(keys)) != n or len(set(rids)) != n or not self._seen_in_package.isdisjoint(keys):
                return False
            decoded = _decode_rows(table, news)
        except (TypeError, ValueError):
            return False
        if decoded is None or self._known_keys(origins, oseqs, keys) or self._any_here(table, rids):
            return False
        if table in NATURAL_KEYS and self._keys_clash(table, decoded[0]):
            return False
        self._check_clock(max(hlcs), origins, hlcs)
        if table == "region":
            self._regions.update(rids)
        if table in PARENTS:
            self._touched.setdefault(table, set()).update(rids)
        if table in CHILDREN:  # new rows born deleted (rare) may have children here
            gone = [rid for rid, v in zip(rids, decoded[0]) if v["deleted"]]
            self._gone.setdefault(table, set()).update(gone)
        fields = FIELDS[table]
        cols = ", ".join(("id", "hlc", "site_id", "updated_at", *fields))
        insert = f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * (4 + len(fields)))})"
        rows = map(tuple.__add__, zip(rids, hlcs, origins, repeat(self.now)), decoded[1])
        if table == "person":  # the search keys in one sorted pass, not a trigger run per person
            search_index.insert_persons_in_bulk(
                self.conn, insert, list(rows),
                [(rid, v["name"], v["id_number"], v["phone"], v["deleted"]) for rid, v in zip(rids, decoded[0])])
        else:
            self.conn.executemany(insert, rows)
        self.conn.executemany(_INSERT, zip(range(self.seq, self.seq + n), origins, oseqs, hlcs, tables,
                                           rids, names, repeat(None), news))
        self.seq += n
        self._seen_in_package.update(keys)
        self._n += n
        st = self.stats
        st.changes += n
        st.new_changes += n
        st.added += n
        top = max(hlcs)
        if top > st.max_hlc:
            st.max_hlc = top
        return True

    def _known_keys(self, origins: tuple, oseqs: tuple, keys: list) -> bool:
        """Is any of ``keys`` (origin, origin_seq) in the change log already?"""
        ranges: dict[str, list[int]] = {}
        if len(set(origins)) == 1:
            ranges[origins[0]] = [min(oseqs), max(oseqs)]
        else:
            for origin, seq in keys:
                r = ranges.setdefault(origin, [seq, seq])
                r[0], r[1] = min(r[0], seq), max(r[1], seq)
        for origin, (lo, hi) in ranges.items():
            known = {(origin, s) for (s,) in self.conn.execute(
                "SELECT origin_seq FROM sync_change WHERE origin = ? AND origin_seq BETWEEN ? AND ?",
                (origin, lo, hi))}
            if not known.isdisjoint(keys):
                return True
        return False

    def _any_here(self, table: str, rids: tuple) -> bool:
        """Does any of the rows exist here, or have log entries (what ``_load`` would find)?"""
        ids = json.dumps(rids)
        return bool(self.conn.execute(
            f"SELECT 1 FROM {table} WHERE id IN (SELECT value FROM json_each(?)) LIMIT 1", (ids,)).fetchone()
            or self.conn.execute(
                "SELECT 1 FROM sync_change WHERE tbl = ? AND row_id IN (SELECT value FROM json_each(?)) "
                "LIMIT 1", (table, ids)).fetchone())

    def _known(self, chunk: list[list]) -> set[tuple[str, int]]:
        by_origin: dict[str, list[int]] = {}
        for c in chunk:
            if type(c) is list and len(c) == 8 and type(c[0]) is str and type(c[1]) is int:
                by_origin.setdefault(c[0], []).append(c[1])
        known: set[tuple[str, int]] = set()
        for origin, seqs in by_origin.items():
            cur = self.conn.execute(
                "SELECT origin_seq FROM sync_change WHERE origin = ? AND origin_seq BETWEEN ? AND ?",
                (origin, min(seqs), max(seqs)))
            known.update((origin, s) for (s,) in cur)
        return known

    def _apply_chunk(self, chunk: list[list]) -> None:
        try:
            self._apply_chunk_inner(chunk)
        finally:
            self._n += len(chunk)

    def _apply_chunk_inner(self, chunk: list[list]) -> None:
        st = self.stats
        st.changes += len(chunk)
        known = self._known(chunk)
        seen = self._seen_in_package
        fresh = []
        numbers = []  # of the fresh changes in the package, for messages
        for i, c in enumerate(chunk):
            if type(c) is not list or len(c) != 8 or type(c[0]) is not str or type(c[1]) is not int:
                raise _bad(self._n + i, "结构不对")
            key = (c[0], c[1])
            if key in known or key in seen:
                st.unchanged += 1
                continue
            seen.add(key)
            fresh.append(c)
            numbers.append(self._n + i)
        if not fresh:
            return
        if not validate_chunk(fresh):
            for n, c in zip(numbers, fresh):  # raises for the first bad change, with its number
                c.extend(validate_change(n, c))
        st.new_changes += len(fresh)
        by_table: dict[str, dict[str, list[list]]] = {}
        for c in fresh:
            by_table.setdefault(c[3], {}).setdefault(c[4], []).append(c)
        self._chunk_rows = by_table
        top = max(c[2] for c in fresh)
        self._check_clock(top, (c[0] for c in fresh), (c[2] for c in fresh))
        if top > st.max_hlc:
            st.max_hlc = top
        log_rows = [(seq, *c[:8]) for seq, c in zip(count(self.seq), fresh)]
        self.seq += len(fresh)
        for table in TABLES:  # dependency order
            rows = by_table.get(table)
            if rows:
                self._merge_table(table, rows)
        self.conn.executemany(_INSERT, log_rows)

    def _load(self, table: str, ids: list[str]) -> dict[str, _Row]:
        fields = FIELDS[table]
        out: dict[str, _Row] = {}
        stamps: dict[str, Clock] = {}
        for i in range(0, len(ids), 500):
            part = ids[i:i + 500]
            marks = ",".join("?" * len(part))
            cur = self.conn.execute(
                f"SELECT id, hlc, site_id, {', '.join(fields)} FROM {table} WHERE id IN ({marks})", part)
            for r in cur:
                out[r[0]] = _Row(values=dict(zip(fields, r[3:])), exists=True)
                stamps[r[0]] = (r[1], r[2], 0)
            cur = self.conn.execute(
                f"SELECT row_id, hlc, origin, origin_seq, field, old, new FROM sync_change "
                f"WHERE tbl = ? AND row_id IN ({marks})", [table, *part])
            for row_id, hlc, origin, oseq, name, old, new in cur:
                row = out.get(row_id)
                if row is None:
                    row = out[row_id] = _Row(values=None)
                row.log.append(((hlc, origin, oseq), name, old, new))
        for row_id, row in out.items():
            if not row.exists:
                continue
            stamp = stamps[row_id]
            logged = any(clock[0] == stamp[0] for clock, *_ in row.log)
            base = stamp if not logged else ("", "", 0)
            clocks = {f: base for f in fields}
            for clock, name, _old, _new in row.log:
                targets = fields if name == WHOLE_ROW else (name,)
                for f in targets:
                    if clock > clocks[f]:
                        clocks[f] = clock
            row.clocks = clocks
        return out

    def _merge_table(self, table: str, incoming: dict[str, list[list]]) -> None:
        fields = FIELDS[table]
        if table == "region":
            self._regions.update(incoming)
        self._touched.setdefault(table, set()).update(incoming)
        self._gone.setdefault(table, set()).update(incoming)
        keyed = table in NATURAL_KEYS
        st = self.stats
        rows = self._load(table, list(incoming))
        inserts = []
        getter = _GETTERS[table]
        now = self.now
        for row_id, changes in incoming.items():
            row = rows.get(row_id)
            if (table, row_id) in self._dirty:  # changed by a natural-key merge since ``_load``
                row = self._load(table, [row_id]).get(row_id)
            if row is None and len(changes) == 1 and changes[0][5] == WHOLE_ROW:
                c = changes[0]  # the common case: a new row, nothing else known about it
                if keyed:
                    self._insert_keyed(table, row_id, (c[2], c[0], c[1]), dict(c[8]))
                else:
                    inserts.append((row_id, c[2], c[0], now) + getter(c[8]))
                st.added += 1
                continue
            changes.sort(key=lambda c: (c[2], c[0], c[1]))
            if row is None or not row.exists:
                # New here: fold everything known for the row in clock order (LWW per field).
                entries = [(clock, name, json.loads(new)) for clock, name, _old, new in (row.log if row else [])]
                entries += [((c[2], c[0], c[1]), c[5], c[8]) for c in changes]
                entries.sort(key=lambda e: e[0])
                values: dict[str, Any] = {}
                clocks: dict[str, Clock] = {}
                whole = False
                for clock, name, v in entries:
                    if name == WHOLE_ROW:
                        whole = True
                        for f in fields:
                            if clock > clocks.get(f, ("",)):
                                values[f] = v[f]
                                clocks[f] = clock
                    elif clock > clocks.get(name, ("",)):
                        values[name] = v
                        clocks[name] = clock
                if not whole:  # only field changes so far: the row's creation is still to come
                    st.unchanged += len(changes)
                    continue
                top = max(clocks.values())
                if keyed:
                    self._insert_keyed(table, row_id, top, values)
                else:
                    inserts.append((row_id, top[0], top[1], self.now, *[values[f] for f in fields]))
                st.added += 1
                continue
            before = dict(row.values)
            for c in changes:
                self._merge_one(table, row, c)
            if row.values != before:
                top = _max_clock(row)
                after = self._settle_keys(table, row_id, row.values, top) if keyed else ()
                sets = [f for f in fields if row.values[f] != before[f] or type(row.values[f]) is not type(before[f])]
                self.conn.execute(
                    f"UPDATE {table} SET {', '.join(f'{f} = ?' for f in sets)}, hlc = ?, site_id = ?, "
                    f"updated_at = ? WHERE id = ?",
                    (*[row.values[f] for f in sets], top[0], top[1], self.now, row_id))
                for action in after:
                    action()
                st.updated += 1
            else:
                top = _max_clock(row)
                # Stamps move even when values do not (a newer change wrote the same value).
                self.conn.execute(f"UPDATE {table} SET hlc = ?, site_id = ? WHERE id = ? AND hlc < ?",
                                  (top[0], top[1], row_id, top[0]))
        if inserts:
            cols = ", ".join(("id", "hlc", "site_id", "updated_at", *fields))
            self.conn.executemany(
                f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * (4 + len(fields)))})", inserts)

    # -- natural keys (两站录入同一记录): merge into one record, never block the import

    def _keys_clash(self, table: str, values: list[dict]) -> bool:
        """Would any of these new rows share a natural key with a row here or with each other —
        a live-rows key among live rows, a unique number among all? (The bulk path then leaves
        the chunk to the general path.)"""
        for cols, merge in NATURAL_KEYS[table]:
            # A live-rows key is held by live rows only; a unique number by deleted rows too.
            keys = [tuple(v[c] for c in cols) for v in values if v["deleted"] == 0 or not merge]
            keys = [k for k in keys if None not in k]
            if len(set(keys)) != len(keys):
                return True
            live = "deleted = 0 AND " if merge else ""
            for i in range(0, len(keys), 300):
                part = keys[i:i + 300]
                cond = " OR ".join("(" + " AND ".join(f"{c} = ?" for c in cols) + ")" for _ in part)
                hit = self.conn.execute(
                    f"SELECT 1 FROM {table} WHERE {live}({cond}) LIMIT 1",
                    [x for k in part for x in k]).fetchone()
                if hit:
                    return True
        return False

    def _insert_keyed(self, table: str, row_id: str, top: Clock, values: dict) -> None:
        after = self._settle_keys(table, row_id, values, top)
        fields = FIELDS[table]
        cols = ", ".join(("id", "hlc", "site_id", "updated_at", *fields))
        self.conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * (4 + len(fields)))})",
                          (row_id, top[0], top[1], self.now, *[values[f] for f in fields]))
        for action in after:
            action()

    def _settle_keys(self, table: str, row_id: str, values: dict, top: Clock) -> list[Callable[[], None]]:
        """Before writing a row: settle each natural key it shares with another row.

        A live-rows key (two records of one thing): the record with the smaller id survives on
        every site alike (so replicas converge); the other is tombstoned by our own logged change,
        gives up its unique numbers (the survivor holds the record), its live children move to
        the survivor, and each field where the two differ is an open ``duplicate`` conflict.
        A unique number (a certificate number) is held by deleted rows too — a number once
        printed is not given again; held by two different records, the larger id gives it up.
        When the row being written is the one to give way, ``values`` is changed so the write
        keeps the index, and the returned actions (run after the write) log that as our change.
        """
        after: list[Callable[[], None]] = []
        for cols, merge in NATURAL_KEYS[table]:  # the live-rows keys first
            if merge and values.get("deleted") != 0:
                continue
            key = [values[c] for c in cols]
            if None in key:
                continue
            live = "deleted = 0 AND " if merge else ""
            while True:
                other = self.conn.execute(
                    f"SELECT id FROM {table} WHERE {live}id != ? AND "
                    + " AND ".join(f"{c} = ?" for c in cols) + " LIMIT 1", (row_id, *key)).fetchone()
                if other is None:
                    break
                other = other[0]
                if other < row_id:  # the row being written gives way
                    original = dict(values)
                    if merge:
                        values["deleted"] = 1
                        values.update(dict.fromkeys(NUMBERS[table], None))
                        after.append(lambda o=original, s=other: self._drop(table, row_id, s, o))
                        after.append(lambda s=other: self._move_children(table, row_id, s))
                        return after
                    values[cols[0]] = None
                    after.append(lambda o=original, s=other, c=cols[0], t=top:
                                 self._give_up(table, row_id, c, o, t, self._read(table, s)[1]))
                    break
                if merge:
                    self._drop(table, other, row_id, None, survivor_values=values, survivor_clock=top)
                    # Its children move after the write: the row they move to may not exist yet
                    # (PostgreSQL checks each foreign key at once).
                    after.append(lambda o=other: self._move_children(table, o, row_id))
                else:
                    self._give_up(table, other, cols[0], None, None, top)
        return after

    def _give_up(self, table: str, row_id: str, name: str, values: Optional[dict], clock: Optional[Clock],
                 kclock: Clock) -> None:
        """``row_id`` gives up its number ``name`` (kept by the record stamped ``kclock``): our
        logged change, and an open conflict showing the number it had."""
        if values is None:
            values, clock = self._read(table, row_id)
        self._own_change(table, row_id, name, values[name], None)
        self._record_conflict("duplicate", table, row_id, name, None, None, kclock, values[name], clock)

    def _tick(self) -> str:
        from vcadre.store.clock import HybridClock

        if self._clock is None:
            (last,) = self.conn.execute("SELECT last_hlc FROM site WHERE is_local = 1").fetchone()
            self._clock = HybridClock(max(last or "", self.stats.max_hlc))
        elif self.stats.max_hlc > self._clock.last:
            self._clock = HybridClock(self.stats.max_hlc)
        hlc = self._clock.tick()
        if hlc > self.stats.max_hlc:
            self.stats.max_hlc = hlc
        return hlc

    def _own_change(self, table: str, row_id: str, name: str, old: Any, new: Any) -> str:
        """A change made here by the merge itself: logged like a local edit, so it syncs."""
        stamp = self.conn.execute(f"SELECT hlc FROM {table} WHERE id = ?", (row_id,)).fetchone()
        # (Rows of the chunk being merged have their received changes logged after the merge.)
        if stamp and stamp[0] and row_id not in self._chunk_rows.get(table, ()) and not self.conn.execute(
                "SELECT 1 FROM sync_change WHERE tbl = ? AND row_id = ? AND hlc = ? LIMIT 1",
                (table, row_id, stamp[0])).fetchone():
            # Written here around the ORM (a region list import): log the row as it was first,
            # or peers would receive the change of a row whose creation never comes.
            values, _clock = self._read(table, row_id)
            self.conn.execute(_INSERT, (self.seq, self.local_site, self.seq, stamp[0], table, row_id,
                                        WHOLE_ROW, None, dumps(values)))
            self.seq += 1
        hlc = self._tick()
        self._dirty.add((table, row_id))
        self.conn.execute(_INSERT, (self.seq, self.local_site, self.seq, hlc, table, row_id, name,
                                    dumps(old), dumps(new)))
        self.seq += 1
        self.conn.execute(f"UPDATE {table} SET {name} = ?, hlc = ?, site_id = ?, updated_at = ? WHERE id = ?",
                          (new, hlc, self.local_site, self.now, row_id))
        return hlc

    def _read(self, table: str, row_id: str) -> tuple[dict, Clock]:
        fields = FIELDS[table]
        r = self.conn.execute(f"SELECT hlc, site_id, {', '.join(fields)} FROM {table} WHERE id = ?",
                              (row_id,)).fetchone()
        return dict(zip(fields, r[2:])), (r[0], r[1], 0)

    def _drop(self, table: str, loser: str, survivor: str, loser_values: Optional[dict],
              survivor_values: Optional[dict] = None, survivor_clock: Optional[Clock] = None) -> None:
        """Tombstone ``loser`` (a duplicate of ``survivor``) and keep its differing values visible
        (its children move with ``_move_children``)."""
        stored, lclock = self._read(table, loser)
        if loser_values is None:
            loser_values = stored
        if survivor_values is None:
            survivor_values, survivor_clock = self._read(table, survivor)
        key_cols = {c for cols, merge in NATURAL_KEYS[table] if merge for c in cols}  # equal on both
        for f in FIELDS[table]:
            if f in key_cols or f == "deleted" or loser_values[f] == survivor_values[f]:
                continue
            if loser_values[f] is None:
                continue  # nothing of the duplicate is lost
            self._record_conflict("duplicate", table, survivor, f, None, survivor_values[f], survivor_clock,
                                  loser_values[f], lclock)
        # Its unique numbers given up before the tombstone, which then shows the row as it was
        # deleted (peers compare it with what they hold).
        numbers = {f: None for f in NUMBERS[table] if loser_values[f] is not None}
        for f in numbers:
            self._own_change(table, loser, f, loser_values[f], None)
        self._own_change(table, loser, "deleted", dict(loser_values, deleted=0, **numbers), 1)

    def _move_children(self, table: str, loser: str, survivor: str) -> None:
        """The live children of ``loser`` (merged into ``survivor``) move to the survivor."""
        for child, col in CHILDREN.get(table, ()):
            for (cid,) in self.conn.execute(f"SELECT id FROM {child} WHERE {col} = ? AND deleted = 0",
                                            (loser,)).fetchall():
                self._own_change(child, cid, col, loser, survivor)
                self._touched.setdefault(child, set()).add(cid)
                if child in NATURAL_KEYS:  # two children may now be one record too
                    values, clock = self._read(child, cid)
                    for action in self._settle_keys(child, cid, values, clock):
                        action()

    def _record_conflict(self, kind, table, row_id, name, base, winner, wclock, loser, lclock) -> None:
        self.conn.execute(
            "INSERT INTO sync_conflict (kind, tbl, row_id, field, base, winner, winner_hlc, "
            "winner_site, loser, loser_hlc, loser_site, status, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)",
            (kind, table, row_id, name, dumps(base), dumps(winner), wclock[0], wclock[1],
             dumps(loser), lclock[0], lclock[1], self.now))
        self.stats.conflicts += 1

    def _follow_duplicates(self) -> None:
        """A live row this import wrote that points at a record tombstoned as a duplicate (a
        tombstoned parent with a live twin under the same natural key) moves to the twin, on
        whatever site and in whatever order the child and the merge arrive."""
        for child, ids in list(self._touched.items()):
            for parent, col in PARENTS.get(child, ()):
                keys = [cols for cols, merge in NATURAL_KEYS.get(parent, ()) if merge]
                if not keys or not self.conn.execute(
                        f"SELECT 1 FROM {parent} WHERE deleted = 1 LIMIT 1").fetchone():
                    continue
                for cid, pid in self.conn.execute(
                        f"SELECT c.id, p.id FROM {child} c JOIN {parent} p ON p.id = c.{col} "
                        f"WHERE c.id IN (SELECT value FROM json_each(?)) AND c.deleted = 0 AND p.deleted = 1",
                        (json.dumps(sorted(ids)),)).fetchall():
                    values, _clock = self._read(parent, pid)
                    for cols in keys:
                        if None in (values[c] for c in cols):
                            continue
                        twin = self.conn.execute(
                            f"SELECT id FROM {parent} WHERE deleted = 0 AND "
                            + " AND ".join(f"{c} = ?" for c in cols) + " ORDER BY id LIMIT 1",
                            [values[c] for c in cols]).fetchone()
                        if twin:
                            self._own_change(child, cid, col, pid, twin[0])
                            if child in NATURAL_KEYS:
                                cv, cclock = self._read(child, cid)
                                for action in self._settle_keys(child, cid, cv, cclock):
                                    action()
                            break

    # -- a parent deleted on one site while a child was added to it on another

    def _check_orphans(self) -> None:
        """Live rows whose parent is tombstoned, among the rows this import wrote (on either
        side of the link): a ``delete`` conflict on the parent, the child kept live."""
        found: set[tuple[str, str, str, str]] = set()
        for child, ids in self._touched.items():
            for parent, col in PARENTS.get(child, ()):
                if (child, col) in OUTLIVING:
                    continue
                if not self.conn.execute(f"SELECT 1 FROM {parent} WHERE deleted = 1 LIMIT 1").fetchone():
                    continue
                for pid, cid in self.conn.execute(
                        f"SELECT p.id, c.id FROM {child} c JOIN {parent} p ON p.id = c.{col} "
                        f"WHERE c.id IN (SELECT value FROM json_each(?)) AND c.deleted = 0 AND p.deleted = 1",
                        (json.dumps(sorted(ids)),)):
                    found.add((parent, pid, child, cid))
        for parent, ids in self._gone.items():
            if parent not in CHILDREN or not ids:
                continue
            gone = [pid for (pid,) in self.conn.execute(
                f"SELECT id FROM {parent} WHERE id IN (SELECT value FROM json_each(?)) AND deleted = 1",
                (json.dumps(sorted(ids)),))]
            for child, col in CHILDREN[parent] if gone else ():
                if (child, col) in OUTLIVING:
                    continue
                for cid, pid in self.conn.execute(
                        f"SELECT id, {col} FROM {child} WHERE {col} IN (SELECT value FROM json_each(?)) "
                        f"AND deleted = 0", (json.dumps(gone),)):
                    found.add((parent, pid, child, cid))
        for parent, pid, child, cid in sorted(found):
            loser = dumps({child: cid})
            if self.conn.execute("SELECT 1 FROM sync_conflict WHERE kind = 'delete' AND tbl = ? AND row_id = ? "
                                 "AND field = 'deleted' AND loser = ? AND status = 'open'",
                                 (parent, pid, loser)).fetchone():
                continue
            _pv, pclock = self._read(parent, pid)
            _cv, cclock = self._read(child, cid)
            self._record_conflict("delete", parent, pid, "deleted", None, 1, pclock, {child: cid}, cclock)

    def _merge_one(self, table: str, row: _Row, c: list) -> None:
        clock: Clock = (c[2], c[0], c[1])
        name, old_text, new_text = c[5], c[6], c[7]
        new = c[8]
        values = row.values
        if name == WHOLE_ROW:
            for f, v in new.items():
                if clock > row.clocks[f]:
                    values[f] = v
                    row.clocks[f] = clock
            row.log.append((clock, name, old_text, new_text))
            return
        old = c[9]
        ours = values[name]
        newer = clock > row.clocks[name]
        if name == "deleted":
            self._check_delete(table, row, c, clock, new, old)
        elif values["deleted"] == 1 and ours != new:
            self._check_edit_of_deleted(table, row, c, clock, new)
        elif ours != new and ours != old:
            if newer:
                self._conflict("edit", table, c[4], name, old, new, clock, ours, row.clocks[name])
            elif not self._descends(row, name, new_text, clock):
                self._conflict("edit", table, c[4], name, old, ours, row.clocks[name], new, clock)
        if newer:
            values[name] = new
            row.clocks[name] = clock
            if ours == old or ours == new:
                self._close_conflicts(table, c[4], name, clock[0])
        row.log.append((clock, name, old_text, new_text))

    @staticmethod
    def _descends(row: _Row, name: str, value_text: str, clock: Clock) -> bool:
        """Did a change we hold start from ``value_text`` after ``clock`` (it saw that value)?"""
        for other, f, old_text, _new in row.log:
            if f == name and other > clock and old_text == value_text:
                return True
        return False

    def _check_delete(self, table, row, c, clock, new, old) -> None:
        values = row.values
        if new != 1 or values["deleted"] == 1 or not isinstance(old, dict):
            return
        unseen = {f: values[f] for f, v in old.items()
                  if f != "deleted" and values.get(f) != v and row.clocks[f] < clock}
        later = {f: values[f] for f, v in old.items()
                 if f != "deleted" and values.get(f) != v and row.clocks[f] > clock}
        unseen.update(later)
        if unseen:
            self._conflict("delete", table, c[4], "deleted", old, 1, clock, unseen,
                           max(row.clocks[f] for f in unseen))

    def _check_edit_of_deleted(self, table, row, c, clock, new) -> None:
        name = c[5]
        for other, f, old_text, new_text in sorted(row.log, key=lambda e: e[0], reverse=True):
            if f == "deleted" and new_text == "1":
                snapshot = json.loads(old_text) if old_text else None
                if isinstance(snapshot, dict) and snapshot.get(name) == new:
                    return  # the deleter had seen this edit
                self._conflict("delete", table, c[4], "deleted", snapshot, 1, other,
                               {name: new}, clock)
                return
        self._conflict("delete", table, c[4], "deleted", None, 1, row.clocks["deleted"],
                       {name: new}, clock)

    def _conflict(self, kind, table, row_id, name, base, winner, wclock, loser, lclock) -> None:
        if wclock < lclock:  # the winner is always the greater clock, except delete wins
            if kind == "edit":
                winner, wclock, loser, lclock = loser, lclock, winner, wclock
        self.conn.execute(
            "INSERT INTO sync_conflict (kind, tbl, row_id, field, base, winner, winner_hlc, "
            "winner_site, loser, loser_hlc, loser_site, status, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)",
            (kind, table, row_id, name, dumps(base), dumps(winner), wclock[0], wclock[1],
             dumps(loser), lclock[0], lclock[1], self.now))
        self.stats.conflicts += 1

    def _close_conflicts(self, table, row_id, name, hlc) -> None:
        self.conn.execute(
            "UPDATE sync_conflict SET status = 'superseded' WHERE tbl = ? AND row_id = ? "
            "AND field = ? AND status = 'open' AND winner_hlc < ? AND loser_hlc < ?",
            (table, row_id, name, hlc, hlc))
