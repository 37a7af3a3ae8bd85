"""Reserve-cadre pool (后备干部库): the list, and adding/editing/removing entries."""

from __future__ import annotations

from datetime import date
from typing import Any, Mapping, Optional

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from vcadre import clock
from vcadre.services import persons
from vcadre.services.errors import FieldError, NotFoundError, ValidationError
from vcadre.services.figures.live import age_sql
from vcadre.services.forms import FormField, clean
from vcadre.services.listing import Column, CrossJoin, ExprListing, ListQuery, Row, register
from vcadre.services.regions import require_village, village_ids_under
from vcadre.services.undo.records import delete_with_children
from vcadre.store import search_index
from vcadre.store.models import Person, PersonSearchKey, Region, ReserveEntry, ReserveSearchKey, StageChange
from vcadre.store.sqlfuncs import no_index

ENTRY_FIELDS: tuple[FormField, ...] = (
    FormField("village_id", "village", required=True),
    FormField("source", "code", "talent_source", required=True),
    FormField("nomination", "code", "nomination"),
    FormField("stage", "code", "stage", required=True),
    FormField("status", "code", "reserve_status", required=True),
    FormField("entry_date", "date", required=True),
    FormField("mentor", "text", max_length=60),
    FormField("trial_post", "text", max_length=60),
    FormField("notes", "multiline"),
)
FIELDS = persons.PERSON_FIELDS + ENTRY_FIELDS
LABELS = {
    **persons.PERSON_LABELS,
    "village_id": "所在村（社区）", "source": "来源", "nomination": "推荐方式", "stage": "当前阶段",
    "status": "状态", "entry_date": "入库时间", "mentor": "培养联系人", "trial_post": "试岗岗位",
    "notes": "备注",
}


def age_expr(birth, as_of: Optional[date] = None):
    """Calendar age (周岁, birthdays reached) on ``as_of`` (today), as ``figures.live.age_sql``."""
    return age_sql(birth, as_of or clock.today())


def apply_region(stmt, village_col, region_id: Optional[str]):
    return stmt if not region_id else stmt.where(village_col.in_(village_ids_under(region_id)))


@register("talent")
class TalentListing(ExprListing):
    columns = (
        Column("name"), Column("gender", codes="gender"), Column("age", kind="int"),
        Column("ethnicity", codes="ethnicity"), Column("education", codes="education"),
        Column("political_status", codes="political_status"), Column("source", codes="talent_source"),
        Column("stage", codes="stage"), Column("township"), Column("village"),
        Column("entry_date", kind="date"), Column("status", codes="reserve_status"), Column("mentor"),
    )
    #: Village codes begin with their township's code, so this is township, village, name order.
    default_order = ("village_code", "name")
    #: Filters on person columns; without them (and without a search) entries are counted alone.
    PERSON_FILTERS = frozenset({"gender", "age", "ethnicity", "education", "political_status",
                                "age_min", "age_max", "party_member"})
    #: A digits search's count stops here (``count_bounded``): typing a phone or ID, ``1`` matches
    #: nearly every entry, and counting them all costs a second at province scale.
    COUNT_CAP = 1000
    #: A digits search with at least this many keys walks the list (``page``): keys of entries
    #: (``reserve_digit_key``) on a server — a tenth of them at province scale (124,000 entries),
    #: so a page is found after ~10 rows a row shown; fewer are gathered (a top-N read of their
    #: keys: ~1 µs a key against ~14 µs a walked row) — and of persons (``person_search_key``)
    #: in a file, whose gathering is the plain query (slower: a walk pays sooner).
    DIGIT_BROAD = 12000
    PERSON_BROAD = 20000
    #: On a server a broad digits search's walk reads at most this many entries per row it shows;
    #: the page must be found in them (matches at least 1 in 20 there), else they are gathered.
    WALK_ROWS = 20

    def __init__(self) -> None:
        self.village = aliased(Region, name="village")
        self.township = aliased(Region, name="township")

    def id_expr(self):
        return ReserveEntry.id

    def exprs(self, q: ListQuery):
        return {
            "name": Person.name, "gender": Person.gender, "age": age_expr(Person.birth_date, q.as_of),
            "ethnicity": Person.ethnicity, "education": Person.education,
            "political_status": Person.political_status, "source": ReserveEntry.source,
            "stage": ReserveEntry.stage, "township": self.township.name, "village": self.village.name,
            "entry_date": ReserveEntry.entry_date, "status": ReserveEntry.status,
            "mentor": ReserveEntry.mentor,
            "township_code": self.township.code, "village_code": self.village.code,
        }

    def _region_first(self, q: ListQuery) -> bool:
        """Browsing in the default order: read village by village (see ``listing.CrossJoin``)."""
        return not q.search.strip() and not q.order_by

    def from_(self, q: ListQuery, stmt):
        keyed = search_index.entry_match(q.search)
        if self._region_first(q):
            stmt = stmt.select_from(CrossJoin(
                CrossJoin(CrossJoin(self.village, ReserveEntry, ReserveEntry.village_id == self.village.id),
                          Person, Person.id == ReserveEntry.person_id),
                self.township, self.village.parent_id == self.township.id,
            ))
        elif keyed is not None:
            # A name or pinyin search reads its key in ``reserve_search_key`` first: in the default
            # order that read is already in list order and stops after a page (see ``ordered``).
            key = ReserveSearchKey
            stmt = stmt.select_from(CrossJoin(CrossJoin(CrossJoin(
                CrossJoin(key, ReserveEntry, ReserveEntry.id == key.entry_id),
                Person, Person.id == ReserveEntry.person_id),
                self.village, ReserveEntry.village_id == self.village.id),
                self.township, self.village.parent_id == self.township.id,
            )).where(*keyed.keys, *keyed.person)
        else:
            # ``+`` keeps SQLite from carrying a search's ``person_id IN (…)`` over to ``person.id``
            # and starting from ``person``: starting from the entries' index is 2–3x faster for a
            # broad search (张: 29k persons, 7k entries at province scale).
            stmt = (
                stmt.join_from(ReserveEntry, Person, Person.id == no_index(ReserveEntry.person_id))
                .join(self.village, ReserveEntry.village_id == self.village.id)
                .join(self.township, self.village.parent_id == self.township.id)
            )
        # Live entries are listed even if their person or village was tombstoned (e.g. by a sync
        # merge still in transit): an entry must never silently vanish from the pool.
        stmt = stmt.where(ReserveEntry.deleted.is_(False))
        stmt = apply_region(stmt, ReserveEntry.village_id, q.region_id)
        if keyed is not None:
            return stmt
        cond = persons.search_condition(q.search, ReserveEntry.person_id)
        return stmt if cond is None else stmt.where(cond)

    def ordered(self, q: ListQuery):
        """A name or pinyin search in the default order sorts by the search key's own columns
        (village code, name, entry id — the same values as ``village.code, person.name,
        reserve_entry.id``): its index is in that order, so there is no sort, and a page is read
        and done."""
        if (q.order_by and q.order_by in {c.key for c in self.columns if c.sortable}) \
                or search_index.entry_match(q.search) is None:
            return super().ordered(q)
        key = ReserveSearchKey
        return self.base(q).order_by(key.village_code, key.name, key.entry_id)

    def count_statement(self, q: ListQuery):
        """Without a search or person filter, count the entries alone (no joins: 5× faster). A name
        or pinyin search counts its key's index entries; with filters or a region, joined to the
        entry and the person only (every entry has its village and township)."""
        keyed = search_index.entry_match(q.search)
        if keyed is not None:
            key = ReserveSearchKey
            if not keyed.person and not q.region_id and not any(v not in (None, "") for v in q.filters.values()):
                return select(func.count()).select_from(key).where(*keyed.keys)
            stmt = select(func.count()).select_from(CrossJoin(
                CrossJoin(key, ReserveEntry, ReserveEntry.id == key.entry_id),
                Person, Person.id == ReserveEntry.person_id,
            )).where(*keyed.keys, *keyed.person, ReserveEntry.deleted.is_(False))
            stmt = apply_region(stmt, ReserveEntry.village_id, q.region_id)
            return self.apply_filters(q, stmt, self.exprs(q))
        if q.search.strip() or any(v not in (None, "") and k in self.PERSON_FILTERS
                                   for k, v in q.filters.items()):
            return super().count_statement(q)
        stmt = select(func.count()).select_from(ReserveEntry).where(ReserveEntry.deleted.is_(False))
        for key, value in q.filters.items():
            if value not in (None, "") and key in ("source", "stage", "status"):
                stmt = stmt.where(getattr(ReserveEntry, key) == value)
        return apply_region(stmt, ReserveEntry.village_id, q.region_id)

    def _plain_digits(self, q: ListQuery) -> Optional[str]:
        """The fragment of a digits search in the default order without region or filter (what
        ``page``/``count_bounded`` answer their own way), else None."""
        text = "".join(q.search.split())
        if (not text or search_index.query_kind(text) != "digits" or q.region_id or q.order_by
                or any(v not in (None, "") for v in q.filters.values())):
            return None
        return text.upper()

    def _broad(self, session: Session, frag: str) -> bool:
        """Whether ``frag`` matches so many that walking the list in order beats gathering the
        matches: on a server ``reserve_digit_key`` holds at least ``DIGIT_BROAD`` of its keys; on a
        file ``person_search_key`` holds at least ``PERSON_BROAD`` (index reads that stop there)."""
        from vcadre.store import pg_search

        if session.get_bind().dialect.name == "postgresql":
            return session.scalar(select(pg_search.keys_at_most(
                pg_search.digit_table(), frag, self.DIGIT_BROAD))) >= self.DIGIT_BROAD
        return session.scalar(select(pg_search.keys_at_most(
            PersonSearchKey.__table__, frag, self.PERSON_BROAD))
        ) >= self.PERSON_BROAD

    def _walk(self, session: Session, q: ListQuery, frag: str):
        """The list in its default order, each entry's person tested by the key rules (a walk)."""
        return self.ordered(ListQuery(as_of=q.as_of)).where(
            Person.deleted.is_(False),
            search_index.digits_match_row(frag, Person.id_number, Person.phone, session.get_bind().dialect.name))

    def _walk_page(self, session: Session, q: ListQuery, frag: str, offset: int, limit: int):
        """On a server, the page walked off the first ``(offset + limit) × WALK_ROWS`` entries of
        the list, or None when they hold too few matches. Matches of an ID prefix cluster by
        village (``5205``: 毕节's IDs, 11 % of the entries, all in its villages' part of the
        list), so an unbounded walk could read most of the list before its first match (0.3 s at
        province scale); the matches are gathered then (a top-N read of their keys). In a file
        the walk goes on to the page (gathering there is the plain query: slower still)."""
        if session.get_bind().dialect.name != "postgresql":
            stmt = self._walk(session, q, frag).offset(offset).limit(limit)
            return [Row(r[0], tuple(r[1:])) for r in session.execute(stmt)]
        inner = self.ordered(ListQuery(as_of=q.as_of)).add_columns(
            self.village.code.label("walk_code"), Person.name.label("walk_name"),
            ReserveEntry.id.label("walk_id"), Person.id_number.label("walk_number"),
            Person.phone.label("walk_phone"), Person.deleted.label("walk_deleted"),
        ).limit((offset + limit) * self.WALK_ROWS).subquery()
        cols = [inner.c[k] for k in inner.c.keys() if not k.startswith("walk_")]
        stmt = (select(*cols).where(inner.c.walk_deleted.is_(False), search_index.digits_match_row(
            frag, inner.c.walk_number, inner.c.walk_phone, session.get_bind().dialect.name))
            .order_by(inner.c.walk_code, inner.c.walk_name, inner.c.walk_id).offset(offset).limit(limit))
        rows = [Row(r[0], tuple(r[1:])) for r in session.execute(stmt)]
        return rows if len(rows) == limit else None

    def page(self, session: Session, q: ListQuery, offset: int, limit: int):
        """A digits search's page: when it matches many (``_broad``), the list is walked in order
        and each entry's person tested (a page is found after ~page × entries ÷ matches rows);
        on a server, when it matches fewer, its matches are gathered with their sort columns off
        ``reserve_digit_key`` and the page's entries taken from them. Else the plain query. The
        same rows in the same order whichever way."""
        frag = self._plain_digits(q)
        if frag is None:
            return super().page(session, q, offset, limit)
        if self._broad(session, frag):
            rows = self._walk_page(session, q, frag, offset, limit)
            if rows is not None:
                return rows
        if session.get_bind().dialect.name == "postgresql":
            from sqlalchemy import union_all

            from vcadre.store import pg_search

            key = pg_search.digit_table()
            found = union_all(*(select(key.c.village_code, key.c.name, key.c.entry_id).where(c)
                                for c in pg_search._digit_ranges(key.c.key, frag)))
            # Each of the five ranges holds an entry at most once, so the first ``offset + limit``
            # entries are among the union's first five times as many rows: a top-N sort of the
            # keys, then the few duplicates merged (hashing every match cost 15–30 ms for 14,000).
            found = found.order_by(*(found.selected_columns[k] for k in ("village_code", "name", "entry_id"))
                                   ).limit(5 * (offset + limit)).subquery()
            cols = (found.c.village_code, found.c.name, found.c.entry_id)
            ids = select(found.c.entry_id.collate("default")).group_by(*cols).order_by(*cols).offset(offset).limit(limit)
            stmt = self.ordered(ListQuery(as_of=q.as_of)).where(ReserveEntry.id.in_(ids))
        else:
            return super().page(session, q, offset, limit)
        return [Row(r[0], tuple(r[1:])) for r in session.execute(stmt)]

    def count_bounded(self, session: Session, q: ListQuery) -> tuple[int, bool]:
        """A digits search (an ID or phone being typed: ``1`` matches nearly everyone) is counted
        up to ``COUNT_CAP``: (COUNT_CAP, False) means more. Other searches are counted exactly."""
        text = "".join(q.search.split())
        if not text or search_index.query_kind(text) != "digits":
            return self.count(session, q), True
        frag = self._plain_digits(q)
        if frag is None:
            n = self.count(session, q)
        elif session.get_bind().dialect.name == "postgresql":
            from sqlalchemy import union_all

            from vcadre.store import pg_search

            key = pg_search.digit_table()
            ranges = pg_search._digit_ranges(key.c.key, frag)
            # Each range holds an entry once: the largest, counted up to the cap, is a lower
            # bound (index-only reads that stop); under the cap the entries are counted exactly.
            largest = func.greatest(*(
                select(func.count()).select_from(select(key.c.entry_id).where(c).limit(self.COUNT_CAP + 1)
                                                 .subquery()).scalar_subquery() for c in ranges))
            n = session.scalar(select(largest))
            if n <= self.COUNT_CAP:
                found = union_all(*(select(key.c.entry_id).where(c) for c in ranges)).subquery()
                n = session.scalar(select(func.count(func.distinct(found.c.entry_id))))
        elif self._broad(session, frag):  # a file: walk until one past the cap
            walk = self._walk(session, q, frag).order_by(None).limit(self.COUNT_CAP + 1).subquery()
            n = session.scalar(select(func.count()).select_from(walk))
        else:
            n = self.count(session, q)
        return min(n, self.COUNT_CAP), n <= self.COUNT_CAP

    def extra_filter(self, key, value, exprs):
        if key == "age_min":
            return exprs["age"] >= int(value)
        if key == "age_max":
            return exprs["age"] <= int(value)
        if key == "party_member":
            members = Person.political_status.in_(("01", "02"))
            # No political status recorded counts as not a member (NOT IN alone drops NULLs).
            return members if value else or_(Person.political_status.is_(None), ~members)
        return None


def _entry(session: Session, entry_id: str) -> ReserveEntry:
    e = session.get(ReserveEntry, entry_id)
    if e is None or e.deleted:
        raise NotFoundError("该后备干部记录不存在或已删除。")
    return e


def get(session: Session, entry_id: str) -> dict[str, Any]:
    e = _entry(session, entry_id)
    values = persons.person_values(e.person)
    values.update({f.key: getattr(e, f.key) for f in ENTRY_FIELDS})
    return values


def save(session: Session, entry_id: Optional[str], values: Mapping[str, Any],
         today: Optional[date] = None) -> str:
    """Add (``entry_id`` None) or update a reserve entry with its person; all or nothing."""
    today = today or clock.today()
    errors: list[FieldError] = []
    person_data = persons.validate_person(values, errors, today)
    entry_data = clean(ENTRY_FIELDS, values, errors, LABELS)
    entry_date = entry_data.get("entry_date")
    if entry_date and entry_date > today:
        errors.append(FieldError("entry_date", "入库时间不能晚于今天。"))
    if entry_date and person_data.get("birth_date") and entry_date < person_data["birth_date"]:
        errors.append(FieldError("entry_date", "入库时间早于出生日期。"))
    if errors:
        raise ValidationError(errors)
    require_village(session, entry_data.get("village_id"))
    with session.begin_nested():
        if entry_id is None:
            person = persons.save_person(session, None, person_data)
            if person.home_village_id is None:
                person.home_village_id = entry_data["village_id"]
            session.flush()
            dup = session.scalar(select(ReserveEntry.id).where(
                ReserveEntry.person_id == person.id, ReserveEntry.deleted.is_(False),
                ReserveEntry.status != "exited"))
            if dup:
                raise ValidationError(FieldError("name", f"“{person.name}”已在后备干部库中。"))
            entry = ReserveEntry(person_id=person.id, **entry_data)
            session.add(entry)
            session.flush()
            session.add(StageChange(entry_id=entry.id, change_date=entry.entry_date, from_stage=None,
                                    to_stage=entry.stage, from_status=None, to_status=entry.status,
                                    reason="入库"))
        else:
            entry = _entry(session, entry_id)
            persons.save_person(session, entry.person_id, person_data)
            old_stage, old_status = entry.stage, entry.status
            for k, v in entry_data.items():
                setattr(entry, k, v)
            if (old_stage, old_status) != (entry.stage, entry.status):
                session.add(StageChange(entry_id=entry.id, change_date=today, from_stage=old_stage,
                                        to_stage=entry.stage, from_status=old_status,
                                        to_status=entry.status, reason="编辑修改"))
        session.flush()
    return entry.id


def delete(session: Session, entry_id: str) -> None:
    """Tombstone the entry, its history and its yearly assessments (the person stays: they may
    hold other roles)."""
    delete_with_children(session, "reserve_entry", _entry(session, entry_id).id)
