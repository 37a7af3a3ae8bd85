"""Site identity that cannot be cloned or rewound (站点身份与“化身”).

A change is known everywhere by ``(origin site, origin_seq)``, and a site's own changes are
numbered by its local log (``sync_change.seq``). Restoring a backup, undoing an import or copying
the file would reuse numbers already sent out, and peers would skip the new changes as "already
known". Two guards, both checked when a database is opened and again before every export:

- **Incarnations.** The local site's numbers are at least ``incarnation << 40``
  (``changelog.next_seq``). Outside the database, in the installation's data dir
  (``sites/<site id>.json``), we record the current incarnation and the highest own number ever
  exported in it (written *before* the package file exists). A database whose incarnation is
  older than the record, or whose own numbers stop below the exported mark, was rewound: it
  starts a new incarnation, so no number is ever issued twice. ``restore_database`` (and so
  ``sync undo``) starts one explicitly.
- **Binding.** On its first export a site is bound to the installation (``installation-id``
  in the data dir, and ``site.bound_to``). Opened by another installation, or at another path
  while the registered file still exists, the database is a **copy**: it gets a new site id (no
  keys; the original's private key is wiped from the copy), records ``copy_of``, keeps the
  original as a known peer, and must join as a new site before it can export. Its data stays
  readable and editable: its own edits carry the new id, so they can never collide.
- **Keys.** The record also holds the public key the site signs with (peers refuse another key
  for a known site). ``restore_database`` keeps the current key pair when the backup predates it
  (a backup made before the site's first export, such as the automatic one before a township's
  first import). A file put back by hand without that key can no longer sign as its site: like
  a copy, it gets a new id and joins.

Works on a DB-API connection inside the caller's transaction; no Qt, no sync imports.
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from datetime import datetime
from pathlib import Path
from typing import Optional

from vcadre import paths
from vcadre.store.db import DatabaseError

log = logging.getLogger(__name__)

SHIFT = 40  # an incarnation has 2^40 numbers: more changes than a site will ever make


def base(incarnation: int) -> int:
    return incarnation << SHIFT


def _write_json(path: Path, data: dict) -> None:
    """Write atomically and durably: the record must survive a crash right after an export.
    A disk that refuses (full, read-only, no permission) is a ``DatabaseError`` said in Chinese."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, sort_keys=True)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        from vcadre.store import ioerrors

        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        raise DatabaseError(f"无法记录本机的站点身份（文件“{path}”）：{ioerrors.reason(exc)}。未作任何改动。") from exc


def installation_id(*, create: bool = True) -> Optional[str]:
    """This installation's id (a file in the user data dir), made on first use if ``create``."""
    path = paths.user_data_dir() / "installation-id"
    try:
        text = path.read_text(encoding="ascii").strip()
        if text:
            return text
    except (OSError, UnicodeDecodeError):
        pass
    if not create:
        return None
    ident = str(uuid.uuid4())
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".installation-id.{os.getpid()}.tmp")
    tmp.write_text(ident, encoding="ascii")
    os.replace(tmp, path)
    return ident


def _entry_path(site_id: str) -> Path:
    return paths.user_data_dir() / "sites" / f"{site_id}.json"


def read_entry(site_id: str) -> Optional[dict]:
    try:
        data = json.loads(_entry_path(site_id).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("incarnation"), int):
        return None
    data.setdefault("exported", 0)
    return data


def write_entry(site_id: str, entry: dict) -> None:
    _write_json(_entry_path(site_id), entry)


def _same_file(a: str | Path, b: str | Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.normcase(os.path.abspath(a)) == os.path.normcase(os.path.abspath(b))


def own_max(raw, site_id: str, incarnation: int) -> int:
    """The highest own change number of ``site_id`` in ``incarnation`` (0: none)."""
    row = raw.execute(
        "SELECT max(origin_seq) FROM sync_change WHERE origin = ? AND origin_seq >= ? AND origin_seq < ?",
        (site_id, base(incarnation), base(incarnation + 1))).fetchone()
    return int(row[0] or 0)


def own_held(raw, site_id: str) -> dict[str, int]:
    """{incarnation: highest own number held} of ``site_id``'s changes in this log. Within an
    incarnation a site holds every own change up to its highest (a rewind starts a new one)."""
    return {str(k): int(m) for k, m in raw.execute(
        "SELECT origin_seq >> ?, max(origin_seq) FROM sync_change WHERE origin = ? GROUP BY 1",
        (SHIFT, site_id))}


def _local(raw) -> tuple:
    return raw.execute(
        "SELECT id, name, incarnation, bound_to, copy_of, public_key FROM site WHERE is_local = 1").fetchone()


def new_incarnation(raw, db_path: Path, site_id: str, current: int) -> int:
    """Start a new incarnation (recorded outside the database first, then in it)."""
    entry = read_entry(site_id)
    new = max(current, entry["incarnation"] if entry else 0) + 1
    if entry is not None:
        entry.update(incarnation=new, exported=0, path=str(Path(db_path).resolve()))
        write_entry(site_id, entry)
    raw.execute("UPDATE site SET incarnation = ? WHERE id = ?", (new, site_id))
    log.info("site %s starts incarnation %d", site_id, new)
    return new


def become_copy(raw, site_id: str, known_key: Optional[bytes] = None) -> str:
    """This database is a copy of ``site_id``'s (or lost the key ``known_key`` its peers know
    the site by): give it a new identity. Returns the new id."""
    from vcadre.store.models import new_id

    row = raw.execute("SELECT name, public_key, last_hlc, incarnation, private_key FROM site WHERE id = ?",
                      (site_id,)).fetchone()
    name, public_key, last_hlc, inc, private_key = row
    try:  # the original's encryption key: the copy can still send it packages
        (box_public,) = raw.execute("SELECT box_public FROM site WHERE id = ?", (site_id,)).fetchone()
    except Exception:  # noqa: BLE001 - a database from before migration 0164
        box_public = None
    if private_key and (known_key is None or bytes(known_key) == bytes(public_key or b"")):
        # The original's changes this file holds and the original never signed (made since its
        # last export) are signed now, with its own key, before the key is wiped: the original
        # may lose them (a restore), and only a signed change can travel (``sync.segments``).
        from vcadre.store.signed import sign_own

        sign_own(raw, site_id, bytes(private_key))
    public_key = known_key or public_key
    new = new_id()
    top = int(raw.execute("SELECT coalesce(max(seq), 0) FROM sync_change").fetchone()[0])
    # Both private keys go: a copy can neither sign as the original nor read what is sent to it.
    raw.execute("UPDATE site SET is_local = 0, private_key = NULL, public_key = ?, box_private = NULL WHERE id = ?",
                (public_key, site_id))
    raw.execute(
        "INSERT INTO site (id, name, is_local, last_hlc, created_at, incarnation, copy_of) "
        "VALUES (?, ?, 1, ?, ?, 0, ?)", (new, name, last_hlc or "", datetime.now(), site_id))
    if public_key and raw.execute("SELECT 1 FROM sync_peer WHERE site_id = ?", (site_id,)).fetchone() is None:
        # The original holds everything this copy held when it was made.
        raw.execute(
            "INSERT INTO sync_peer (site_id, name, public_key, fingerprint, confirmed, first_seen, "
            "acked_seq, received_seq, own_held) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?)",
            (site_id, name, public_key, fingerprint(bytes(public_key)), datetime.now(), top, top,
             json.dumps(own_held(raw, site_id))))
        if box_public:
            raw.execute("UPDATE sync_peer SET box_key = ? WHERE site_id = ?", (box_public, site_id))
    log.warning("database is a copy of site %s: new site id %s", site_id, new)
    return new


def _on_server(raw) -> bool:
    return getattr(raw, "is_postgres", False)  # store.dbapi.PgRaw


def check(raw, db_path: Path) -> Optional[str]:
    """Detect a copy or a rewind of the local site and fix it (inside the caller's transaction).

    Returns None (all well), ``"copy"`` (now a new site, must join) or ``"incarnation"``.
    A server database (office mode) is always None: every officer's machine works on the one
    database, so no installation owns it and there is no file to copy.
    """
    if _on_server(raw):
        return None
    site_id, _name, inc, bound, copy_of, _pk = _local(raw)
    entry = read_entry(site_id)
    if bound is None and entry is None:
        return None  # never exported: nothing of it is out there yet
    me = installation_id(create=False)
    if (bound is not None and bound != me) or entry is None:
        become_copy(raw, site_id)
        return "copy"
    if entry.get("path") and not _same_file(entry["path"], db_path):
        if Path(entry["path"]).exists():
            become_copy(raw, site_id)
            return "copy"
        entry["path"] = str(Path(db_path).resolve())  # the file was moved
        write_entry(site_id, entry)
    known = entry.get("public_key")
    if known and (not _pk or bytes(_pk).hex() != known):
        # The file no longer holds the key this site signs with (a backup from before its first
        # export put back by hand): peers would refuse every package for good. It becomes a new
        # site that joins, like a copy (``restore_database`` keeps the key instead).
        become_copy(raw, site_id, bytes.fromhex(known))
        return "copy"
    if inc < entry["incarnation"] or (inc == entry["incarnation"]
                                      and own_max(raw, site_id, inc) < int(entry["exported"])):
        new_incarnation(raw, db_path, site_id, inc)
        return "incarnation"
    if inc > entry["incarnation"]:
        entry.update(incarnation=inc, exported=0)
        write_entry(site_id, entry)
    return None


def prepare_export(raw, db_path: Path) -> tuple[str, int]:
    """Check (and on the first export, bind) the local site; (site id, incarnation) to export
    as. Raises ``CopiedSiteError`` for a copy that has not joined as a new site."""
    found = check(raw, db_path)
    site_id, name, inc, bound, copy_of, _pk = _local(raw)
    if copy_of:
        raise CopiedSiteError(
            f"此数据库是从其他电脑或其他位置复制来的，或是用不含本站签名密钥的旧备份手工恢复的（原站点“{name}”），"
            "为避免冒用原站点的身份，"
            "复制件不能导出同步包。请用“vcadre sync join”以新的站点名称申请加入，由县委组织部登记后再导出；"
            "数据仍可查看。")
    if _on_server(raw):
        return site_id, inc
    if bound is None:
        me = installation_id()
        entry = read_entry(site_id) or {}  # keeps the key it recorded (a restored file)
        entry.update(installation=me, incarnation=inc, exported=0, path=str(Path(db_path).resolve()))
        write_entry(site_id, entry)
        raw.execute("UPDATE site SET bound_to = ? WHERE id = ?", (me, site_id))
    elif found is None and read_entry(site_id) is None:  # pragma: no cover - check() handles it
        raise CopiedSiteError("本机找不到此站点的登记，不能导出。")
    return site_id, inc


def mark_exported(site_id: str, incarnation: int, top: int, public_key: Optional[bytes] = None) -> None:
    """Record, before the package exists, the highest own number it carries and the key it is
    signed with (a file put back without that key is then recognised: ``check``)."""
    entry = read_entry(site_id) or {"incarnation": incarnation, "exported": 0}
    changed = False
    if entry["incarnation"] == incarnation and top > int(entry["exported"]):
        entry["exported"] = top
        changed = True
    if public_key and not entry.get("public_key"):
        entry["public_key"] = bytes(public_key).hex()
        changed = True
    if changed:
        write_entry(site_id, entry)


def local_keys(raw) -> Optional[tuple]:
    """(site id, private key, public key, bound_to) of the local site, read before a restore."""
    row = raw.execute("SELECT id, private_key, public_key FROM site WHERE is_local = 1").fetchone()
    if row is None:
        return None
    try:
        bound = raw.execute("SELECT bound_to FROM site WHERE is_local = 1").fetchone()[0]
    except Exception:  # noqa: BLE001 - a database from before migration 0160
        bound = None
    try:
        box = tuple(raw.execute("SELECT box_private, box_public FROM site WHERE is_local = 1").fetchone())
    except Exception:  # noqa: BLE001 - a database from before migration 0164
        box = (None, None)
    return (row[0], row[1], row[2], bound, *box)


#: What a site knows about whom it trusts, carried over a restore (``trust`` / ``keep_trust``).
#: The counters (acked_seq, received_seq, own_held) stay as the restored file has them: they
#: describe the data in it.
_TRUST_COLUMNS = ("name", "public_key", "fingerprint", "confirmed", "enrolled", "is_root", "revoked",
                  "box_key", "may_enroll", "enrolled_by", "cert")
_LOCAL_TRUST_COLUMNS = ("is_root", "may_enroll")


def _columns(raw, table: str) -> list[str]:
    return [r[1] for r in raw.execute(f"PRAGMA table_info({table})")]


def trust(raw) -> tuple[dict, list[dict]]:
    """The trust a database holds before a restore: whether the local site is the root (or may
    enroll), and every peer it enrolled, joined as its root, confirmed or revoked."""
    local_cols = [c for c in _LOCAL_TRUST_COLUMNS if c in _columns(raw, "site")]
    local = {}
    if local_cols:
        row = raw.execute(f"SELECT {', '.join(local_cols)} FROM site WHERE is_local = 1").fetchone()
        local = dict(zip(local_cols, row)) if row else {}
    cols = ["site_id", "first_seen"] + [c for c in _TRUST_COLUMNS if c in _columns(raw, "sync_peer")]
    flags = [f"{c} = 1" for c in ("enrolled", "is_root", "revoked", "confirmed", "may_enroll") if c in cols]
    if not flags:
        return local, []
    peers = [dict(zip(cols, r)) for r in raw.execute(
        f"SELECT {', '.join(cols)} FROM sync_peer WHERE {' OR '.join(flags)}")]
    return local, peers


def keep_trust(raw, before: tuple[dict, list[dict]]) -> None:
    """After a restore: trust goes forward, not back. A county restored to a backup from before
    it enrolled a township is still the root the township joined (the township accepts only
    enrolled sites from then on; a county that forgot would relay sites it never enrolled); a
    revocation stays (a lost laptop's packages must not become acceptable again)."""
    local, peers = before
    site_cols = set(_columns(raw, "site"))
    for col, value in local.items():
        if col in site_cols and value:  # a flag once set stays set
            raw.execute(f"UPDATE site SET {col} = ? WHERE is_local = 1", (value,))
    peer_cols = set(_columns(raw, "sync_peer"))
    for peer in peers:
        values = {c: v for c, v in peer.items() if c in peer_cols}
        trust_cols = [c for c in values if c in _TRUST_COLUMNS]
        if raw.execute("SELECT 1 FROM sync_peer WHERE site_id = ?", (peer["site_id"],)).fetchone():
            # A certificate known before stays even when the restored file has none (or an older one).
            sets = [f"{c} = coalesce(?, {c})" if c == "cert" else f"{c} = ?" for c in trust_cols]
            raw.execute(f"UPDATE sync_peer SET {', '.join(sets)} WHERE site_id = ?",
                        [values[c] for c in trust_cols] + [peer["site_id"]])
        else:  # known before, not in the backup: nothing of it received in the restored file
            values.update({"acked_seq": 0, "received_seq": 0})
            if "own_held" in peer_cols:
                values["own_held"] = "{}"
            names = list(values)
            raw.execute(f"INSERT INTO sync_peer ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
                        [values[c] for c in names])


def after_restore(raw, db_path: Path, keep: Optional[tuple] = None) -> int:
    """A backup was restored: the counter went back, so start a new incarnation.

    ``keep`` is ``local_keys`` of the database before the restore. The restored file may hold no
    key pair, or an older binding, when the backup was made before the site's first export (the
    automatic backup before a township's first import is one). The site is the same site on the
    same installation: it keeps signing with the key its peers know, or they would refuse it
    forever as a forgery."""
    site_id, _name, inc, bound, _copy_of, public = _local(raw)
    if keep is not None and keep[0] == site_id and keep[1] and keep[2]:
        if not public or bytes(public) != bytes(keep[2]):
            raw.execute("UPDATE site SET private_key = ?, public_key = ? WHERE id = ?",
                        (keep[1], keep[2], site_id))
            log.info("site %s keeps its signing keys after the restore", site_id)
        if len(keep) > 5 and keep[4] and keep[5]:  # and the key packages are encrypted to
            try:
                raw.execute("UPDATE site SET box_private = ?, box_public = ? WHERE id = ?",
                            (keep[4], keep[5], site_id))
            except Exception:  # noqa: BLE001 - a backup from before migration 0164 (migrated on open)
                pass
        if bound is None and keep[3] is not None:
            raw.execute("UPDATE site SET bound_to = ? WHERE id = ?", (keep[3], site_id))
    return new_incarnation(raw, db_path, site_id, inc)


def fingerprint(public_key: bytes) -> str:
    """The key fingerprint shown to users (the same as ``sync.package.fingerprint``)."""
    import hashlib

    digest = hashlib.sha256(public_key).hexdigest()[:32].upper()
    return " ".join(digest[i:i + 4] for i in range(0, 32, 4))


class CopiedSiteError(DatabaseError):
    """A copied database tried to act as the site it was copied from."""
