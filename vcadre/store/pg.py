"""PostgreSQL's counterparts of the SQLite-specific pieces of the store (issue 16, office mode).

- ``install_compat``: an ``=`` between ``boolean`` and ``integer``, so the raw SQL written for
  SQLite (``WHERE deleted = 0``) means the same on the server. Created by the first migration.
- The search keys (``store.search_index``): the same ``person_search_key`` and
  ``reserve_search_key`` tables, kept by PL/pgSQL triggers with the same rules, so search as you
  type stays an index read. ``reserve_search_key`` gets an index on ``entry_id`` here (SQLite
  avoids it to save space; on a server the simpler triggers are worth it).
- ``person_order_key`` (PostgreSQL only, migration 0171): the person search box's keys in hit
  order — (key, name, person id) for the name (``n``) and pinyin (``p``) keys of
  ``vcadre_entry_keys`` — so a broad search (张: 29,000 persons; ``z``: 70,000 at province scale)
  reads its first 50 hits in name order off one key instead of gathering and sorting every match
  (1–3 s). Kept by a trigger on ``person``; deleted persons have none. See ``store.pg_search``.
- Digits (migration 0174): ``person_order_key`` also holds each live person's digit keys (ID
  number, its tail, birth date, phone, its tail: those of ``vcadre_person_keys``) and
  ``reserve_digit_key`` (PostgreSQL only, kept by the entry triggers) each live entry's, in the
  list's order; a digits search gathers its matches with their sort columns from one index
  instead of reading every matching person (``store.pg_search``, ``services.talent``).
- Collation: key and pinyin columns are ``COLLATE "C"`` (migration 0171), so a prefix is an index
  range and the order is SQLite's (code points) whatever collation the office's server uses.
- ``pause_keys``: a bulk import stops the key triggers for its own transaction only (a
  transaction-local setting the trigger functions read first) and writes the keys set-wise.
  Dropping the triggers instead would take an ACCESS EXCLUSIVE lock on ``person`` until commit:
  every other officer's search and list would wait for the whole import.
- ``install_write_guard``: a statement-level trigger on every table but the audit trail and the
  accounts refuses writes while the connection's ``vcadre.read_only`` is on — set for a login
  that may not edit (查阅员; ``store.db`` sets it on each pool checkout). The server's counterpart
  of the SQLite authorizer: raw SQL, the sync's DB-API path and trigger writes are refused too,
  not only the ORM flush the role hook sees.
- ``writer_lock``: writers take one transaction-scoped advisory lock before they number their
  changes (``sync_change.seq`` is ``max + 1``, the site clock one row): SQLite serialises writers
  by its file lock, a server needs this to keep two officers' saves from taking the same number.
  Readers never wait for it.
"""

from __future__ import annotations

from typing import Any

MAX_NAME = 40
PREFIX = 6
#: Key of the advisory lock held by a writing transaction (any constant; "vcadre" in ASCII).
WRITER_LOCK = 0x766361647265

COMPAT = (
    """CREATE OR REPLACE FUNCTION vcadre_bool_eq_int(boolean, integer) RETURNS boolean
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS 'SELECT $1 = ($2 <> 0)'""",
    """CREATE OR REPLACE FUNCTION vcadre_bool_ne_int(boolean, integer) RETURNS boolean
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS 'SELECT $1 <> ($2 <> 0)'""",
    """DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_operator WHERE oprname = '=' AND oprleft = 'boolean'::regtype
                       AND oprright = 'integer'::regtype) THEN
            CREATE OPERATOR = (LEFTARG = boolean, RIGHTARG = integer, FUNCTION = vcadre_bool_eq_int);
            CREATE OPERATOR <> (LEFTARG = boolean, RIGHTARG = integer, FUNCTION = vcadre_bool_ne_int);
        END IF;
    END $$""",
)


def install_compat(conn: Any) -> None:
    for sql in COMPAT:
        conn.exec_driver_sql(sql)


PERSON_FUNCTIONS = (
    # The person keys: same rules as search_index._keys_sql / person_keys.
    f"""CREATE OR REPLACE FUNCTION vcadre_person_keys(nm text, idn text, ph text) RETURNS SETOF text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT 'n' || substr(nm, i, 1) FROM generate_series(1, least(length(nm), {MAX_NAME})) AS i
            WHERE trim(substr(nm, i, 1)) <> ''
        UNION SELECT 'n' || substr(nm, i, 2) FROM generate_series(1, least(length(nm) - 1, {MAX_NAME})) AS i
            WHERE trim(substr(nm, i, 2)) = substr(nm, i, 2)
        UNION SELECT 'd' || idn WHERE coalesce(idn, '') <> ''
        UNION SELECT 'e' || reverse(left(idn, 20)) WHERE coalesce(idn, '') <> ''
        UNION SELECT 'b' || substr(idn, 7, 8) WHERE length(idn) = 18
        UNION SELECT 'm' || ph WHERE coalesce(ph, '') <> ''
        UNION SELECT 'f' || reverse(left(ph, 20)) WHERE coalesce(ph, '') <> ''
    $$""",
    """CREATE OR REPLACE FUNCTION vcadre_person_search() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF current_setting('vcadre.keys_paused', true) = 'on' THEN RETURN NULL; END IF;  -- pause_keys
        IF TG_OP <> 'INSERT' THEN
            DELETE FROM person_search_key WHERE person_id = OLD.id;
        END IF;
        IF TG_OP <> 'DELETE' AND NOT NEW.deleted THEN
            INSERT INTO person_search_key (key, person_id)
                SELECT k, NEW.id FROM vcadre_person_keys(NEW.name, NEW.id_number, NEW.phone) AS k
                ON CONFLICT DO NOTHING;
        END IF;
        RETURN NULL;
    END $$""",
)
PERSON_TRIGGERS = (
    "CREATE TRIGGER person_search_ai AFTER INSERT ON person FOR EACH ROW EXECUTE FUNCTION vcadre_person_search()",
    "CREATE TRIGGER person_search_au AFTER UPDATE OF name, id_number, phone, deleted ON person "
    "FOR EACH ROW EXECUTE FUNCTION vcadre_person_search()",
    "CREATE TRIGGER person_search_ad AFTER DELETE ON person FOR EACH ROW EXECUTE FUNCTION vcadre_person_search()",
)

ENTRY_FUNCTIONS = (
    f"""CREATE OR REPLACE FUNCTION vcadre_entry_keys(nm text, py text, ini text, plive boolean)
        RETURNS SETOF text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT 'n' || substr(nm, i, 1) FROM generate_series(1, least(length(nm), {MAX_NAME})) AS i
            WHERE plive AND trim(substr(nm, i, 1)) <> ''
        UNION SELECT 'n' || substr(nm, i, 2) FROM generate_series(1, least(length(nm) - 1, {MAX_NAME})) AS i
            WHERE plive AND trim(substr(nm, i, 2)) = substr(nm, i, 2)
        UNION SELECT 'p' || left(s, i) FROM unnest(ARRAY[coalesce(py, ''), coalesce(ini, '')]) AS s,
            generate_series(1, least(length(s), {PREFIX})) AS i
    $$""",
    # The digit keys of ``vcadre_person_keys`` (ID number, its tail, birth date; phone, its tail).
    """CREATE OR REPLACE FUNCTION vcadre_digit_keys(idn text, ph text) RETURNS SETOF text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT 'd' || idn WHERE coalesce(idn, '') <> ''
        UNION SELECT 'e' || reverse(left(idn, 20)) WHERE coalesce(idn, '') <> ''
        UNION SELECT 'b' || substr(idn, 7, 8) WHERE length(idn) = 18
        UNION SELECT 'm' || ph WHERE coalesce(ph, '') <> ''
        UNION SELECT 'f' || reverse(left(ph, 20)) WHERE coalesce(ph, '') <> ''
    $$""",
    # Rewrite the keys of the given entries from what they are now (digit keys: live persons only,
    # as ``person_search_key`` has none for a tombstoned person).
    """CREATE OR REPLACE FUNCTION vcadre_reindex_entries(ids text[]) RETURNS void LANGUAGE sql AS $$
        DELETE FROM reserve_search_key WHERE entry_id = ANY(ids);
        INSERT INTO reserve_search_key (key, village_code, name, entry_id)
            SELECT k, v.code, p.name, e.id FROM reserve_entry AS e
                JOIN person AS p ON p.id = e.person_id JOIN region AS v ON v.id = e.village_id,
                vcadre_entry_keys(p.name, p.name_pinyin, p.name_initials, NOT p.deleted) AS k
            WHERE e.id = ANY(ids) AND NOT e.deleted
            ON CONFLICT DO NOTHING;
        DELETE FROM reserve_digit_key WHERE entry_id = ANY(ids);
        INSERT INTO reserve_digit_key (key, village_code, name, entry_id)
            SELECT k, v.code, p.name, e.id FROM reserve_entry AS e
                JOIN person AS p ON p.id = e.person_id JOIN region AS v ON v.id = e.village_id,
                vcadre_digit_keys(p.id_number, p.phone) AS k
            WHERE e.id = ANY(ids) AND NOT e.deleted AND NOT p.deleted
            ON CONFLICT DO NOTHING;
    $$""",
    """CREATE OR REPLACE FUNCTION vcadre_entry_search() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE ids text[];
    BEGIN
        IF current_setting('vcadre.keys_paused', true) = 'on' THEN RETURN NULL; END IF;  -- pause_keys
        IF TG_TABLE_NAME = 'reserve_entry' THEN
            IF TG_OP = 'INSERT' THEN ids := ARRAY[NEW.id];
            ELSIF TG_OP = 'DELETE' THEN ids := ARRAY[OLD.id];
            ELSE ids := ARRAY[OLD.id, NEW.id];
            END IF;
        ELSIF TG_TABLE_NAME = 'person' THEN
            SELECT array_agg(id) INTO ids FROM reserve_entry WHERE person_id IN (
                CASE WHEN TG_OP = 'INSERT' THEN NEW.id ELSE OLD.id END,
                CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END);
        ELSE
            SELECT array_agg(id) INTO ids FROM reserve_entry WHERE village_id IN (
                CASE WHEN TG_OP = 'INSERT' THEN NEW.id ELSE OLD.id END,
                CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END);
        END IF;
        IF ids IS NOT NULL THEN
            PERFORM vcadre_reindex_entries(ids);
        END IF;
        RETURN NULL;
    END $$""",
)
ENTRY_TRIGGERS = tuple(
    f"CREATE TRIGGER reserve_search_{name} AFTER {event} FOR EACH ROW EXECUTE FUNCTION vcadre_entry_search()"
    for name, event in (
        ("ai", "INSERT ON reserve_entry"),
        ("au", "UPDATE OF id, person_id, village_id, deleted ON reserve_entry"),
        ("ad", "DELETE ON reserve_entry"),
        ("person_ai", "INSERT ON person"),
        ("person_au", "UPDATE OF id, name, name_pinyin, name_initials, id_number, phone, deleted ON person"),
        ("person_ad", "DELETE ON person"),
        ("region_ai", "INSERT ON region"),
        ("region_au", "UPDATE OF id, code ON region"),
        ("region_ad", "DELETE ON region"),
    )
)


ORDER_TABLE = """CREATE TABLE IF NOT EXISTS person_order_key (
    key text COLLATE "C" NOT NULL, name text COLLATE "C" NOT NULL, person_id text COLLATE "C" NOT NULL,
    CONSTRAINT pk_person_order_key PRIMARY KEY (key, name, person_id))"""
#: A live person's order keys: the name and pinyin keys of ``vcadre_entry_keys`` and (migration
#: 0174) the digit keys, so a digits search gathers its matches with their names from one index.
ORDER_KEYS_FUNCTION = """CREATE OR REPLACE FUNCTION vcadre_order_keys(nm text, py text, ini text, idn text, ph text)
    RETURNS SETOF text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT vcadre_entry_keys(nm, py, ini, true) UNION ALL SELECT vcadre_digit_keys(idn, ph)
$$"""
ORDER_FUNCTION = """CREATE OR REPLACE FUNCTION vcadre_person_order() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF current_setting('vcadre.keys_paused', true) = 'on' THEN RETURN NULL; END IF;  -- pause_keys
        -- The keys a row had are recomputed from its old values (found by primary key).
        IF TG_OP <> 'INSERT' AND NOT OLD.deleted THEN
            DELETE FROM person_order_key WHERE (key, name, person_id) IN (
                SELECT k, OLD.name, OLD.id FROM vcadre_order_keys(OLD.name, OLD.name_pinyin, OLD.name_initials,
                                                                  OLD.id_number, OLD.phone) AS k);
        END IF;
        IF TG_OP <> 'DELETE' AND NOT NEW.deleted THEN
            INSERT INTO person_order_key (key, name, person_id)
                SELECT k, NEW.name, NEW.id FROM vcadre_order_keys(NEW.name, NEW.name_pinyin, NEW.name_initials,
                                                                  NEW.id_number, NEW.phone) AS k
                ON CONFLICT DO NOTHING;
        END IF;
        RETURN NULL;
    END $$"""
ORDER_TRIGGERS = (
    "CREATE TRIGGER person_order_ai AFTER INSERT ON person FOR EACH ROW EXECUTE FUNCTION vcadre_person_order()",
    "CREATE TRIGGER person_order_au AFTER UPDATE OF id, name, name_pinyin, name_initials, id_number, phone, deleted "
    "ON person FOR EACH ROW EXECUTE FUNCTION vcadre_person_order()",
    "CREATE TRIGGER person_order_ad AFTER DELETE ON person FOR EACH ROW EXECUTE FUNCTION vcadre_person_order()",
)
ORDER_TRIGGER_NAMES = ("person_order_ai", "person_order_au", "person_order_ad")


def has_order_keys(conn: Any) -> bool:
    """Whether ``person_order_key`` exists (migration 0171 ran)."""
    return conn.exec_driver_sql("SELECT to_regclass('person_order_key') IS NOT NULL").scalar()


def install_order_keys(conn: Any) -> None:
    """The table (if missing), its trigger function and triggers (needs ``vcadre_entry_keys``)."""
    conn.exec_driver_sql(ORDER_TABLE)
    for sql in ENTRY_FUNCTIONS[:2]:  # vcadre_entry_keys, vcadre_digit_keys
        conn.exec_driver_sql(sql)
    conn.exec_driver_sql(ORDER_KEYS_FUNCTION)
    conn.exec_driver_sql(ORDER_FUNCTION)
    _drop(conn, ORDER_TRIGGER_NAMES)
    for sql in ORDER_TRIGGERS:
        conn.exec_driver_sql(sql)


def rebuild_order_keys(conn: Any) -> int:
    """Recreate every order key."""
    return _bulk(conn, "person_order_key", REBUILD_SQL["person_order_key"], ())


def index_order_keys(conn: Any, person_ids: list[str]) -> None:
    """Add the order keys of persons inserted with the triggers suspended (a bulk import)."""
    if person_ids and has_order_keys(conn):
        conn.exec_driver_sql(
            "INSERT INTO person_order_key (key, name, person_id) SELECT k, p.name, p.id FROM person AS p, "
            "vcadre_order_keys(p.name, p.name_pinyin, p.name_initials, p.id_number, p.phone) AS k "
            "WHERE p.id = ANY(%s) AND NOT p.deleted ON CONFLICT DO NOTHING", (list(person_ids),))


def install_person_triggers(conn: Any) -> None:
    for sql in PERSON_FUNCTIONS:
        conn.exec_driver_sql(sql)
    _drop(conn, ("person_search_ai", "person_search_au", "person_search_ad"))
    for sql in PERSON_TRIGGERS:
        conn.exec_driver_sql(sql)


#: The reserve list's digit keys (migration 0174): ``vcadre_digit_keys`` of each live entry's live
#: person, in the list's default order within a key like ``reserve_search_key`` (whose rows are
#: the same on both backends and checked by ``db copy``, so these have their own table).
DIGIT_TABLE = """CREATE TABLE IF NOT EXISTS reserve_digit_key (
    key varchar(60) COLLATE "C" NOT NULL, village_code varchar(12) COLLATE "C" NOT NULL,
    name varchar(40) COLLATE "C" NOT NULL, entry_id varchar(36) NOT NULL,
    CONSTRAINT pk_reserve_digit_key PRIMARY KEY (key, village_code, name, entry_id))"""
DIGIT_INDEX = ("ix_reserve_digit_key_entry", "CREATE INDEX ix_reserve_digit_key_entry ON reserve_digit_key (entry_id)")


def install_entry_triggers(conn: Any) -> None:
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_reserve_search_key_entry ON reserve_search_key (entry_id)")
    conn.exec_driver_sql(DIGIT_TABLE)
    conn.exec_driver_sql(DIGIT_INDEX[1].replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS"))
    for sql in ENTRY_FUNCTIONS:
        conn.exec_driver_sql(sql)
    from vcadre.store.search_index import ENTRY_TRIGGER_NAMES

    _drop(conn, ENTRY_TRIGGER_NAMES)
    for sql in ENTRY_TRIGGERS:
        conn.exec_driver_sql(sql)


def _drop(conn: Any, names) -> None:
    for name in names:
        table = "reserve_entry" if name in ("reserve_search_ai", "reserve_search_au", "reserve_search_ad") else \
            "region" if name.startswith("reserve_search_region") else "person"
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name} ON {table}")


def drop_triggers(conn: Any, names) -> None:
    from vcadre.store.search_index import PERSON_TRIGGER_NAMES

    if set(PERSON_TRIGGER_NAMES) <= set(names):  # the person keys' triggers: the order keys' too
        names = tuple(names) + ORDER_TRIGGER_NAMES
    _drop(conn, names)


def _bulk(conn: Any, table: str, insert: str, indexes: tuple[tuple[str, str], ...]) -> int:
    """Empty ``table`` and run ``insert`` with its primary key and ``indexes`` (name, DDL) dropped,
    then build them in one sort each: at province scale several times faster than keeping them
    up row by row (``vcadre db copy``'s rebuild of 6 million keys). Key functions give each
    record's keys once (``_set_keys_sql``), so no DISTINCT is needed."""
    conn.exec_driver_sql(f"TRUNCATE {table}")
    for name, _ddl in indexes:
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")
    conn.exec_driver_sql(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS pk_{table}")
    conn.exec_driver_sql(insert)
    cols = {"person_search_key": "key, person_id", "reserve_search_key": "key, village_code, name, entry_id",
            "person_order_key": "key, name, person_id", "reserve_digit_key": "key, village_code, name, entry_id"}[table]
    conn.exec_driver_sql(f"ALTER TABLE {table} ADD CONSTRAINT pk_{table} PRIMARY KEY ({cols})")
    for _name, ddl in indexes:
        conn.exec_driver_sql(ddl)
    return conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar() or 0


def _set_keys_sql(src: str, cols: str, where: str, name_live: str = "true", person: bool = False) -> str:
    """The keys of every row of ``src`` in one set-based SELECT of (key, ``cols``): the rules of
    ``vcadre_person_keys`` (``person``) or ``vcadre_entry_keys`` spelt over whole tables, for the
    bulk rebuilds. Calling those functions once a row costs 9–12 s at province scale, this a
    third of it. The functions' UNION gives each key once per row; here every key is written only
    at its first occurrence instead (a character or pair at the first ``strpos`` of it in the name,
    an initials prefix only where it differs from the pinyin's), so no sort is needed.
    ``tests/unit/store/test_pg_key_rebuild.py`` checks both spellings agree."""
    ch, pair = "substr(p.name, i, 1)", "substr(p.name, i, 2)"
    out = [
        f"SELECT 'n' || {ch} AS k, {cols} FROM {src}, generate_series(1, least(length(p.name), {MAX_NAME})) AS i "
        f"WHERE {where} AND {name_live} AND trim({ch}) <> '' AND strpos(p.name, {ch}) = i",
        f"SELECT 'n' || {pair}, {cols} FROM {src}, generate_series(1, least(length(p.name) - 1, {MAX_NAME})) AS i "
        f"WHERE {where} AND {name_live} AND trim({pair}) = {pair} AND strpos(p.name, {pair}) = i",
    ]
    if person:
        idn, ph = "p.id_number", "p.phone"
        out += [f"SELECT {k}, {cols} FROM {src} WHERE {where} AND {cond}" for k, cond in (
            (f"'d' || {idn}", f"coalesce({idn}, '') <> ''"),
            (f"'e' || reverse(left({idn}, 20))", f"coalesce({idn}, '') <> ''"),
            (f"'b' || substr({idn}, 7, 8)", f"length({idn}) = 18"),
            (f"'m' || {ph}", f"coalesce({ph}, '') <> ''"),
            (f"'f' || reverse(left({ph}, 20))", f"coalesce({ph}, '') <> ''"),
        )]
    else:
        py, ini = "p.name_pinyin", "p.name_initials"
        out += [
            f"SELECT 'p' || left({py}, i), {cols} FROM {src}, generate_series(1, least(length({py}), {PREFIX})) AS i "
            f"WHERE {where}",
            f"SELECT 'p' || left({ini}, i), {cols} FROM {src}, generate_series(1, least(length({ini}), {PREFIX})) AS i "
            f"WHERE {where} AND left({ini}, i) IS DISTINCT FROM left({py}, i)",
        ]
    return "\nUNION ALL ".join(out)


#: The live entries with their person's name, pinyin and tombstone and their village's code, joined
#: once (each of the key SELECTs reads this, not the join).
_ENTRIES = ("WITH x AS MATERIALIZED (SELECT v.code, p.name, e.id, p.name_pinyin, p.name_initials, p.deleted "
            "FROM reserve_entry AS e JOIN person AS p ON p.id = e.person_id JOIN region AS v ON v.id = e.village_id "
            "WHERE NOT e.deleted) ")
REBUILD_SQL = {
    "person_search_key": "INSERT INTO person_search_key (key, person_id) "
                         + _set_keys_sql("person AS p", "p.id", "NOT p.deleted", person=True),
    "reserve_search_key": "INSERT INTO reserve_search_key (key, village_code, name, entry_id) " + _ENTRIES
                          + _set_keys_sql("x AS p", "p.code, p.name, p.id", "true", "NOT p.deleted"),
    # The name and pinyin keys set-wise, the digit keys (migration 0174) by their function.
    "person_order_key": "INSERT INTO person_order_key (key, name, person_id) "
                        + _set_keys_sql("person AS p", "p.name, p.id", "NOT p.deleted")
                        + "\nUNION ALL SELECT k, p.name, p.id FROM person AS p, vcadre_digit_keys(p.id_number, p.phone) AS k "
                          "WHERE NOT p.deleted",
}


def rebuild(conn: Any) -> int:
    if has_order_keys(conn):
        rebuild_order_keys(conn)
    return _bulk(conn, "person_search_key", REBUILD_SQL["person_search_key"],
                 (("ix_person_search_key_person",
                   "CREATE INDEX ix_person_search_key_person ON person_search_key (person_id)"),))


def rebuild_digit_keys(conn: Any) -> int:
    conn.exec_driver_sql(DIGIT_TABLE)
    return _bulk(conn, "reserve_digit_key",
                 "INSERT INTO reserve_digit_key (key, village_code, name, entry_id) "
                 "SELECT k, v.code, p.name, e.id FROM reserve_entry AS e "
                 "JOIN person AS p ON p.id = e.person_id JOIN region AS v ON v.id = e.village_id, "
                 "vcadre_digit_keys(p.id_number, p.phone) AS k WHERE NOT e.deleted AND NOT p.deleted",
                 (DIGIT_INDEX,))


def rebuild_entries(conn: Any) -> int:
    rebuild_digit_keys(conn)
    return _bulk(conn, "reserve_search_key", REBUILD_SQL["reserve_search_key"],
                 (("ix_reserve_search_key_entry",
                   "CREATE INDEX ix_reserve_search_key_entry ON reserve_search_key (entry_id)"),))


def index_entries(conn: Any, entry_ids: list[str]) -> int:
    conn.exec_driver_sql("SELECT vcadre_reindex_entries(%s)", (list(entry_ids),))
    return conn.exec_driver_sql("SELECT count(*) FROM reserve_search_key WHERE entry_id = ANY(%s)",
                                (list(entry_ids),)).scalar() or 0


#: The transaction-local setting the key triggers read (``pause_keys``).
PAUSE_SETTING = "vcadre.keys_paused"


def pause_keys(conn: Any) -> None:
    """The search-key triggers do nothing in this transaction of this connection (other sessions'
    triggers run as ever; a commit or rollback ends the pause). No lock is taken: readers and
    other writers go on while a bulk import fills in its own keys."""
    conn.exec_driver_sql(f"SELECT set_config('{PAUSE_SETTING}', 'on', true)")


def resume_keys(conn: Any) -> None:
    conn.exec_driver_sql(f"SELECT set_config('{PAUSE_SETTING}', 'off', true)")


def install_key_functions(conn: Any) -> None:
    """(Re)define the key trigger functions in place, triggers untouched (no ACCESS EXCLUSIVE lock)."""
    conn.exec_driver_sql(DIGIT_TABLE)  # vcadre_reindex_entries writes it (an SQL body is checked now)
    for sql in PERSON_FUNCTIONS + ENTRY_FUNCTIONS:
        conn.exec_driver_sql(sql)
    if has_order_keys(conn):
        conn.exec_driver_sql(ORDER_KEYS_FUNCTION)
        conn.exec_driver_sql(ORDER_FUNCTION)


#: Tables a read-only login still writes: its own login is audited, its last login noted.
GUARD_EXEMPT = ("audit_log", "audit_head", "user_account", "alembic_version")
READ_ONLY_SETTING = "vcadre.read_only"
GUARD_FUNCTION = f"""CREATE OR REPLACE FUNCTION vcadre_write_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF current_setting('{READ_ONLY_SETTING}', true) = 'on' THEN
            RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
                MESSAGE = '当前登录的用户只能查阅，不能修改数据（表 ' || TG_TABLE_NAME || '），未作任何改动。';
        END IF;
        RETURN NULL;
    END $$"""


def install_write_guard(conn: Any) -> list[str]:
    """The guard function, and its trigger on every table that lacks it (idempotent: run after
    every upgrade, so tables of later migrations are guarded too). Returns the tables newly guarded."""
    conn.exec_driver_sql(GUARD_FUNCTION)
    missing = conn.exec_driver_sql(
        "SELECT c.relname FROM pg_class AS c WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace "
        "AND NOT (c.relname = ANY(%s)) AND NOT EXISTS (SELECT 1 FROM pg_trigger AS t WHERE t.tgrelid = c.oid "
        "AND t.tgname = 'vcadre_write_guard') ORDER BY 1", (list(GUARD_EXEMPT),)).scalars().all()
    for name in missing:
        conn.exec_driver_sql(f'CREATE TRIGGER vcadre_write_guard BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE '
                             f'ON "{name}" FOR EACH STATEMENT EXECUTE FUNCTION vcadre_write_guard()')
    return list(missing)


def drop_write_guard(conn: Any) -> None:
    conn.exec_driver_sql("DROP FUNCTION IF EXISTS vcadre_write_guard() CASCADE")


def set_read_only(dbapi_conn: Any, on: bool) -> None:
    """Switch the write guard for this server connection (a psycopg connection between
    transactions); committed at once, so a later rollback does not undo it."""
    cur = dbapi_conn.cursor()
    try:
        cur.execute(f"SELECT set_config('{READ_ONLY_SETTING}', %s, false)", ("on" if on else "off",))
    finally:
        cur.close()
    dbapi_conn.commit()


def writer_lock(conn: Any) -> None:
    """Wait for other writing transactions to finish numbering (released at commit/rollback)."""
    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITER_LOCK})")
