"""Export and import of sync packages over an open ``Database`` (no Qt: CLI and GUI share it).

``export_package`` writes what a peer has not acknowledged (or everything, ``full``);
``import_package`` verifies, validates, backs up, and merges in one transaction. See
``docs/sync.md`` for the design.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable, Optional

from sqlalchemy import exc as sa_exc

from vcadre.store import identity
from vcadre.store import ioerrors
from vcadre.store.backup import discard, prune_after
from vcadre.store.changelog import log_unlogged_rows
from vcadre.store.db import Database
from vcadre.store.models import new_id
from vcadre.sync import package as pkg
from vcadre.sync import segments
from vcadre.sync.errors import (
    Cancelled,
    DamagedPackageError,
    NotAPackageError,
    SiteKeyError,
    SyncError,
    WrongPassphraseError,
)
from vcadre.sync.merge import CHUNK, Merger, MergeStats

log = logging.getLogger(__name__)

Progress = Optional[Callable[..., bool]]

#: The steps of an export, as reported to ``progress(done, total, phase)`` (the GUI labels them).
SIGN, COLLECT, WRITE, SAVE = "sign", "collect", "write", "save"


def _export_steps(progress: Progress) -> Callable[[str, int, int], None]:
    """``step(phase, done, total)`` for an export: reports, and raises ``Cancelled`` when asked
    (inside the export's transaction or before the package is renamed into place: nothing stays)."""
    def step(phase: str, done: int, total: int) -> None:
        if progress is not None and progress(done, total, phase) is False:
            raise Cancelled("导出已取消，未写入同步包。")
    return step


@dataclass
class ExportResult:
    path: Path
    manifest: pkg.Manifest
    #: Changes held here but not sent: ``unsigned`` (received before origins signed their
    #: changes, or not as signed) and ``revoked`` (of sites the root revoked).
    left_out: dict = field(default_factory=dict)
    #: Names of the sites the package is encrypted to ([]: the passphrase alone).
    recipients: list = field(default_factory=list)


@dataclass
class ImportResult:
    manifest: pkg.Manifest
    stats: MergeStats
    already_imported: bool = False
    new_peer: bool = False
    fingerprint: str = ""
    backup: Optional[Path] = None


@dataclass
class LocalSite:
    id: str
    name: str
    private_key: bytes
    public_key: bytes
    #: X25519 key pair: packages for this site are encrypted to ``box_public``.
    box_private: bytes = b""
    box_public: bytes = b""

    @property
    def fingerprint(self) -> str:
        return pkg.fingerprint(self.public_key)


def _cipher_errors(name: str) -> tuple:
    """The same DB-API error of SQLCipher (encrypted databases use ``sqlcipher3``, not ``sqlite3``)."""
    from vcadre.store.protect import cipher

    try:
        return (getattr(cipher.dbapi(), name),)
    except cipher.CipherUnavailable:  # pragma: no cover
        return ()


def _raw(conn):
    from vcadre.store.dbapi import raw_connection

    return raw_connection(conn)


def _writer_lock(conn, raw) -> None:
    """On a server, wait for officers' saves: they number changes and tick the clock too (store.pg)."""
    if getattr(raw, "is_postgres", False):
        from vcadre.store import pg

        pg.writer_lock(conn)


def local_site_keys(raw: sqlite3.Connection) -> LocalSite:
    """The local site, with its signing and encryption key pairs made on first use (inside the
    caller's transaction; a site made before encryption to recipients gets its X25519 pair here)."""
    sid, name, private, public, box_private, box_public = raw.execute(
        "SELECT id, name, private_key, public_key, box_private, box_public FROM site WHERE is_local = 1").fetchone()
    if not private or not public:
        private, public = pkg.new_key_pair()
        raw.execute("UPDATE site SET private_key = ?, public_key = ? WHERE id = ?", (private, public, sid))
    if not box_private or not box_public:
        box_private, box_public = pkg.new_box_pair()
        raw.execute("UPDATE site SET box_private = ?, box_public = ? WHERE id = ?", (box_private, box_public, sid))
    return LocalSite(sid, name, bytes(private), bytes(public), bytes(box_private), bytes(box_public))


def site_info(db: Database) -> LocalSite:
    with db.engine.connect() as conn, conn.begin():
        return local_site_keys(_raw(conn))


def _find_peer(raw: sqlite3.Connection, peer: str) -> tuple[str, int]:
    rows = raw.execute("SELECT site_id, acked_seq FROM sync_peer WHERE site_id = ? OR name = ?",
                       (peer, peer)).fetchall()
    if len(rows) == 1:
        return rows[0][0], int(rows[0][1])
    known = [f"{n}（{s}）" for s, n in raw.execute("SELECT site_id, name FROM sync_peer ORDER BY name")]
    if not rows:
        raise SyncError(f"找不到同步对象“{peer}”。已知站点：{'、'.join(known) or '无（请先导入对方的同步包，或使用 --full）'}。")
    raise SyncError(f"有多个同步对象名为“{peer}”，请改用站点编号：{'、'.join(known)}。")


def _recipients(raw, to: Optional[list[str]], peer_id: Optional[str], passphrase: Optional[str]) -> dict[str, bytes]:
    """{site id: X25519 key} the package is encrypted to ({}: the passphrase alone).

    ``to``: exactly those peers (each must have sent its key; ``[]``: none, the passphrase alone,
    as the export window asks when no site is ticked). Otherwise (None) the peer of ``--for``
    when its key is known; otherwise, in an enrolled network, the root and every enrolled site
    not revoked whose key is known (keys travel in join requests, packages and the roster).
    Outside an enrolled network (trust on first use) a package without ``--to``/``--for`` is
    protected by the passphrase alone, as before: its readers are not known in advance."""
    if to is not None:
        out = {}
        for name in to:
            site_id, _ = _find_peer(raw, name.strip())
            key, pname, revoked = raw.execute(
                "SELECT box_key, name, revoked FROM sync_peer WHERE site_id = ?", (site_id,)).fetchone()
            if revoked:
                raise SyncError(f"站点“{pname}”已被吊销，不能为它加密同步包。")
            if not key:
                raise SyncError(f"还不知道站点“{pname}”的加密公钥（它还没有发来用新版本导出的同步包或加入申请），"
                                "无法为它加密。请先导入它的同步包，或改用口令文件（--passphrase-file）。")
            out[site_id] = bytes(key)
        if not out and not passphrase:
            raise SyncError("没有选择任何接收站点，也没有设口令：同步包将无人能读，未写入。")
        return out
    if peer_id:
        rows = raw.execute("SELECT site_id, box_key FROM sync_peer WHERE site_id = ? AND box_key IS NOT NULL "
                           "AND revoked = 0", (peer_id,)).fetchall()
    else:
        (is_root,) = raw.execute("SELECT is_root FROM site WHERE is_local = 1").fetchone()
        enrolled_net = bool(is_root) or raw.execute("SELECT 1 FROM sync_peer WHERE is_root = 1").fetchone()
        rows = raw.execute(
            "SELECT site_id, box_key FROM sync_peer WHERE box_key IS NOT NULL AND revoked = 0 "
            "AND (enrolled = 1 OR is_root = 1)").fetchall() if enrolled_net else []
    out = {sid: bytes(key) for sid, key in rows if key}
    if not out and not passphrase:
        raise SyncError("还不知道任何接收站点的加密公钥（对方还没有发来用新版本导出的同步包），"
                        "请用口令文件（--passphrase-file）加密这一次。")
    return out


def export_package(db: Database, out: Path | str, passphrase: Optional[str] = None, *,
                   for_peer: Optional[str] = None, full: bool = False, kdf_n: Optional[int] = None,
                   to: Optional[list[str]] = None, progress: Progress = None) -> ExportResult:
    """Write a package to ``out``: all changes the peer has not acknowledged, or everything.

    Encrypted to the recipients' keys (``to``; by default the ``for_peer``, else every known
    enrolled site, see ``_recipients``) and, when ``passphrase`` is given, also to it.
    ``progress(done, total, phase)``: own changes signed (``SIGN``), changes looked at
    (``COLLECT``), changes written (``WRITE``), bytes saved (``SAVE``); False cancels (``Cancelled``;
    no file written, nothing kept in the database)."""
    from vcadre.services.security import Permission, require

    require(db, Permission.EXPORT)
    out = Path(out)
    from vcadre.store.migrate import SCHEMA_HEAD

    writer = pkg.ChangeWriter()
    step = _export_steps(progress)
    try:
        with db.engine.connect() as conn, conn.begin():
            raw = _raw(conn)
            _writer_lock(conn, raw)
            _site_id, incarnation = identity.prepare_export(raw, db.path)
            me = local_site_keys(raw)
            log_unlogged_rows(raw, me.id)
            # Our new changes, signed once for good.
            segments.sign_own(raw, me.id, me.private_key,
                              progress=(lambda d, t: step(SIGN, d, t)) if progress is not None else None)
            peer_id, from_seq = None, 1
            if for_peer:
                peer_id, acked = _find_peer(raw, for_peer)
                if not full:
                    from_seq = acked + 1
            skip_origin = peer_id if (peer_id and not full) else None
            plan = segments.Planner(raw, [skip_origin] if skip_origin else ())
            if peer_id and not full:
                # The peer's own changes it no longer holds (it restored a backup or undid an
                # import): the log after ``acked`` leaves out all of the peer's own changes.
                for lo, hi in _lost_by_peer(raw, peer_id):
                    lost = segments.Planner(raw)
                    for (oseq,) in raw.execute(
                            "SELECT origin_seq FROM sync_change WHERE origin = ? AND origin_seq > ? AND origin_seq < ? "
                            "ORDER BY origin_seq", (peer_id, lo, hi)):
                        lost.want(peer_id, int(oseq))
                    lost.write(writer)
            top = raw.execute("SELECT coalesce(max(seq), 0) FROM sync_change").fetchone()[0]
            looked, to_look = 0, max(int(top) - from_seq + 1, 0)  # local numbers: at most this many
            step(COLLECT, 0, to_look)
            cur = raw.execute("SELECT origin, origin_seq FROM sync_change WHERE seq >= ? ORDER BY seq", (from_seq,))
            while True:
                batch = cur.fetchmany(5000)
                if not batch:
                    break
                for origin, oseq in batch:
                    plan.want(origin, int(oseq))
                looked += len(batch)
                step(COLLECT, looked, max(to_look, looked))
            step(COLLECT, to_look, to_look)
            lines = writer.count + plan.lines()
            step(WRITE, writer.count, lines)
            plan.write(writer, progress=lambda done: step(WRITE, done, lines))
            if plan.unsigned or plan.left_out_revoked:
                log.warning("export left out %d changes without an origin signature and %d of revoked sites",
                            plan.unsigned, plan.left_out_revoked)
            keys = segments.carried_keys(raw, plan.origins() - {me.id})
            recipients = _recipients(raw, to, peer_id, passphrase)
            peer_names = raw.execute("SELECT site_id, name FROM sync_peer").fetchall()
            acks = {s: int(n) for s, n in raw.execute("SELECT site_id, received_seq FROM sync_peer")}
            own = identity.own_held(raw, me.id)
            own_top = identity.own_max(raw, me.id, incarnation)
            from vcadre.sync import certs, enroll

            if raw.execute("SELECT is_root FROM site WHERE is_local = 1").fetchone()[0]:
                certs.endorse(raw, me)  # the root's word for every site it knows, relayable anywhere
            roster = enroll.roster(raw)
            cert_list, root_entry = certs.carried(raw)
    except (sqlite3.OperationalError, sa_exc.OperationalError) + _cipher_errors("OperationalError") as exc:
        # A locked, read-only or full database: said in Chinese, the transaction rolled back.
        raise SyncError(f"未能导出同步包：{write_problem(exc)}未写入同步包，未作任何改动。") from exc
    # Before the package exists: a later rewind of this database below ``own_top`` is detected.
    identity.mark_exported(me.id, incarnation, own_top, me.public_key)
    compressed, digest = writer.finish()
    manifest = pkg.Manifest(
        package_id=new_id(), site_id=me.id, site_name=me.name, schema=SCHEMA_HEAD,
        created=datetime.now().isoformat(timespec="seconds"), full=full or not for_peer,
        for_site=peer_id, from_seq=from_seq, to_seq=int(top), changes=writer.count,
        counts=writer.counts, acks=acks, content_sha256=digest, own=own, roster=roster,
        segments=writer.segments, keys=keys, box_key=pkg._b64(me.box_public), certs=cert_list,
        root=root_entry)
    data, key = pkg.seal(manifest, compressed, private_key=me.private_key, public_key=me.public_key,
                         passphrase=passphrase or None, kdf_n=kdf_n or pkg.DEFAULT_KDF_N,
                         recipients=recipients)

    def verify(written: bytes) -> None:
        header, end = pkg.read_header(written)
        pkg.verify_signature(written, me.public_key)
        again, _ = pkg.open_package(written, header, end, key=key)
        if again.package_id != manifest.package_id:
            raise SyncError("写入后复核同步包失败。")

    pkg.write_atomically(out, data, verify, progress=lambda d, t: step(SAVE, d, t))
    log.info("exported sync package %s: %d changes", manifest.package_id, manifest.changes)
    left_out = {"unsigned": plan.unsigned, "revoked": plan.left_out_revoked}
    names = dict(peer_names)
    recipient_names = [names.get(sid, sid) for sid in sorted(recipients)]
    from vcadre.services.security import audit

    audit.log(db, "sync.export", kind="package", target=for_peer or "全部", what="同步包", rows=manifest.changes,
              where=str(out), package=manifest.package_id)
    return ExportResult(out, manifest, left_out, recipient_names)


def _lost_by_peer(raw: sqlite3.Connection, peer_id: str) -> list[tuple[int, int]]:
    """Ranges ``(after, before)`` of the peer's own change numbers that we hold and it says it
    does not (per incarnation, from its last package's ``own``; nothing when it never said)."""
    text = raw.execute("SELECT own_held FROM sync_peer WHERE site_id = ?", (peer_id,)).fetchone()
    try:
        held = json.loads(text[0]) if text and text[0] else {}
    except ValueError:
        held = {}
    if not held:
        return []
    ours = identity.own_held(raw, peer_id)
    out = []
    for k, top in ours.items():
        have = int(held.get(k, 0))
        if top > have:
            out.append((max(have, identity.base(int(k)) - 1), identity.base(int(k) + 1)))
    return out


@dataclass
class _Verified:
    header: pkg.Header
    manifest: pkg.Manifest
    compressed: bytes
    known_peer: bool
    fingerprint: str
    segments: list = field(default_factory=list)
    trust: Optional[segments.Trust] = None
    #: What the package's enrollment certificates prove (``sync.certs``).
    vouched: Optional[object] = None
    #: Does the package hold any change not in the log here? (No backup for one that does not.)
    anything_new: bool = True


def verify_package(db: Database, path: Path | str, passphrase: Optional[str] = None) -> _Verified:
    """Every check of the file as a whole: format, signature, site key, passphrase, hashes.

    Each change is validated as it is merged (one parse per change), inside the import's
    transaction: an invalid change rolls everything back, so nothing is written either.
    """
    path = Path(path)
    try:
        with open(path, "rb") as f:
            if f.read(len(pkg.MAGIC)) != pkg.MAGIC:  # don't read a whole video into memory
                raise NotAPackageError("该文件不是 vcadre 同步包，已拒绝导入，未作任何改动。")
            size = os.fstat(f.fileno()).st_size
            if size > pkg.MAX_PACKAGE:
                raise SyncError(f"文件“{path.name}”有 {size / 1e6:.0f} MB，超过同步包的上限 "
                                f"{pkg.MAX_PACKAGE // 2**20} MB，已拒绝导入，未作任何改动。")
            f.seek(0)
            data = f.read(size)  # (read(n) would allocate n bytes up front)
    except OSError as exc:
        raise SyncError(f"无法读取文件“{path}”：{ioerrors.reason(exc)}。") from exc
    header, end = pkg.read_header(data)
    with db.engine.connect() as conn:
        raw = _raw(conn)
        local_id, local_name = raw.execute("SELECT id, name FROM site WHERE is_local = 1").fetchone()
        peer = raw.execute("SELECT public_key, name FROM sync_peer WHERE site_id = ?",
                           (header.site_id,)).fetchone()
        conn.rollback()
    fp = pkg.fingerprint(header.public_key)
    if header.site_id == local_id:
        raise SiteKeyError("这是本机导出的同步包，不能导入本机；未作任何改动。")
    if peer is not None and bytes(peer[0]) != header.public_key:
        raise SiteKeyError(
            f"站点“{peer[1]}”的签名密钥与以前不同（以前的指纹 {pkg.fingerprint(bytes(peer[0]))}，"
            f"此包的指纹 {fp}）。可能是伪造的同步包，已拒绝导入，未作任何改动。")
    pkg.verify_signature(data, header.public_key)
    box_key = None
    if header.recipients:
        with db.engine.connect() as conn:
            raw = _raw(conn)
            (box_private,) = raw.execute("SELECT box_private FROM site WHERE is_local = 1").fetchone()
            names = dict(raw.execute("SELECT site_id, name FROM sync_peer").fetchall())
            conn.rollback()
        box_key = pkg.unwrap(header, local_id, box_private)
        if box_key is None:
            if local_id in header.recipients:
                raise SiteKeyError(
                    f"此同步包虽是发给本机（{local_name}）的，但本机的解密密钥打不开它（可能是发给本机以前的密钥，"
                    f"或文件已损坏），无法解密；未作任何改动。请让“{header.site_name}”重新导出。")
            shown = "、".join(f"“{names.get(s, s)}”" for s in sorted(header.recipients)[:5])
            more = f"等 {len(header.recipients)} 个站点" if len(header.recipients) > 5 else ""
            whom = "另一站点" if len(header.recipients) == 1 else "其他站点"
            raise SiteKeyError(
                f"此同步包是“{header.site_name}”加密发给{whom}（{shown}{more}）的，不是发给本机（{local_name}）的，"
                f"本机无法解密；未作任何改动。请让对方导出时加上本机（在导出窗口的“可读取的站点”中勾选本机，"
                f"或 vcadre sync export --to {local_name}）；"
                "对方若还不知道本机的加密公钥，须先导入本机导出的同步包（或本机所在县的最新同步包）。")
    if header.has_passphrase and not passphrase:
        raise WrongPassphraseError("此同步包另设了口令，请提供口令（口令文件）后再导入；未作任何改动。")
    manifest, compressed = pkg.open_package(data, header, end, passphrase=passphrase, check_content=False,
                                            box_key=box_key)
    if manifest.for_site and manifest.for_site != local_id:
        raise SiteKeyError(
            f"此同步包是“{manifest.site_name}”发给另一站点的，不是发给本机（{local_name}）的；"
            "已拒绝导入，未作任何改动。请让对方为本机导出，或导出完整同步包。")
    from vcadre.sync import certs, enroll

    segs = segments.read_segments(manifest)
    with db.engine.connect() as conn:  # only the root and the sites it enrolled (``sync.enroll``)
        try:
            raw = _raw(conn)
            # Delegated enrollments proven by the package's certificates (root → delegate → site).
            vouched = certs.vouch(raw, header, manifest)
            enroll.check_sender(raw, header.site_id, manifest.site_name, vouched)
            trust = segments.origin_keys(raw, header, manifest, segs, vouched)

            def known(origin: str, numbers: list[int]) -> bool:
                have = {s for (s,) in raw.execute(
                    "SELECT origin_seq FROM sync_change WHERE origin = ? AND origin_seq BETWEEN ? AND ?",
                    (origin, numbers[0], numbers[-1]))}
                return have.issuperset(numbers)

            # Every change proven to come from its origin, also when relayed (``sync.segments``);
            # the same pass finds whether the package holds anything new (else: no backup).
            lines, anything_new = segments.verify_stream(compressed, segs, trust, known)
        finally:
            conn.rollback()
    if lines != manifest.changes:
        raise DamagedPackageError("同步包内容与清单中的变更条数不符，已拒绝导入，未作任何改动。")
    return _Verified(header, manifest, compressed, peer is not None, fp, segs, trust, vouched=vouched, anything_new=anything_new)


def import_package(db: Database, path: Path | str, passphrase: Optional[str] = None, *, backup: bool = True,
                   progress: Progress = None) -> ImportResult:
    """Verify, back up, and merge a package in one transaction; a second import changes nothing."""
    from vcadre.services.security import Permission, require

    require(db, Permission.IMPORT)
    v = verify_package(db, path, passphrase)
    m = v.manifest
    with db.engine.connect() as conn:
        done = _raw(conn).execute("SELECT 1 FROM sync_package WHERE id = ?", (m.package_id,)).fetchone()
        conn.rollback()
    if done:
        return ImportResult(m, MergeStats(changes=m.changes, unchanged=m.changes), already_imported=True,
                            fingerprint=v.fingerprint)
    backup_path = None
    if backup and v.anything_new:  # no copy of the database for a package of known changes
        from vcadre.store.backup import backup_database

        backup_path = backup_database(db, "before-sync-import")

    def tick(done: int) -> None:
        if progress is not None and progress(done, m.changes) is False:
            raise Cancelled("导入已取消，未作任何改动。")

    try:
        with db.engine.connect() as conn, conn.begin():
            raw = _raw(conn)
            raw.execute("PRAGMA defer_foreign_keys = ON")
            _writer_lock(conn, raw)
            local_id = raw.execute("SELECT id FROM site WHERE is_local = 1").fetchone()[0]
            merger = Merger(raw, local_id)
            stats = merger.apply_lines(pkg.iter_line_chunks(v.compressed, CHUNK), progress=tick)
            _record_peer(raw, v, local_id)
            segments.pin_new_peers(raw, v.trust)
            segments.store(raw, v.segments)
            from vcadre.sync import certs, enroll

            enroll.record_roster(raw, m, local_id)
            certs.record(raw, v.vouched, m.site_id, local_id)
            raw.execute(
                "INSERT INTO sync_package (id, site_id, imported_at, file_name, summary, backup_path) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (m.package_id, m.site_id, datetime.now().isoformat(sep=" "), Path(path).name[:260],
                 json.dumps(stats.as_dict()), str(backup_path) if backup_path else None))
    except (sqlite3.OperationalError, sa_exc.OperationalError) + _cipher_errors("OperationalError") as exc:
        discard(db, backup_path)
        raise SyncError(write_problem(exc) + "已撤销，未作任何改动。") from exc
    except (sqlite3.IntegrityError, sa_exc.IntegrityError) + _cipher_errors("IntegrityError") as exc:
        discard(db, backup_path)
        raise SyncError(
            "导入会破坏数据的一致性：同步包中的记录引用了本机没有的上级记录，可能缺少对方更早的同步包。"
            "已撤销，未作任何改动；请让对方导出完整同步包再试。") from exc
    except BaseException:
        discard(db, backup_path)  # refused: nothing was written, the copy is not needed
        raise
    if backup_path is not None:
        prune_after(db, "before-sync-import")
    if progress is not None:
        progress(m.changes, m.changes)
    from vcadre.services.security import audit

    audit.log(db, "sync.import", kind="package", target=m.site_name, what="同步包", rows=m.changes,
              file=str(path), package=m.package_id)
    return ImportResult(m, stats, new_peer=not v.known_peer, fingerprint=v.fingerprint,
                        backup=backup_path)


def write_problem(exc: BaseException) -> str:
    """A Chinese sentence for why SQLite could not write (no raw English SQLite text; that goes
    to the log)."""
    return f"无法写入数据库：{ioerrors.reason(exc)}。"


def _record_peer(raw: sqlite3.Connection, v: _Verified, local_id: str) -> None:
    m = v.manifest
    row = raw.execute("SELECT received_seq FROM sync_peer WHERE site_id = ?", (m.site_id,)).fetchone()
    ack = int(m.acks.get(local_id, 0)) if isinstance(m.acks, dict) else 0
    box = _box_key(m)
    if row is None:
        received = m.to_seq if m.from_seq <= 1 else 0
        raw.execute(
            "INSERT INTO sync_peer (site_id, name, public_key, fingerprint, confirmed, first_seen, "
            "acked_seq, received_seq, own_held, box_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",  # 0 as a parameter: boolean on a server
            (m.site_id, m.site_name, v.header.public_key, v.fingerprint, 0,
             datetime.now().isoformat(sep=" "), ack, received, _own_json(m), box))
        return
    if box is not None:  # signed by the site's pinned key: its current encryption key
        raw.execute("UPDATE sync_peer SET box_key = ? WHERE site_id = ?", (box, m.site_id))
    received = int(row[0])
    if m.from_seq <= received + 1:
        received = max(received, m.to_seq)
    # The peer's latest word on what it holds (lower after it undid an import: resend more).
    raw.execute("UPDATE sync_peer SET name = ?, acked_seq = ?, received_seq = ?, own_held = ? WHERE site_id = ?",
                (m.site_name, ack, received, _own_json(m), m.site_id))


def _box_key(m: pkg.Manifest) -> Optional[bytes]:
    try:
        key = pkg.base64.b64decode(m.box_key, validate=True) if isinstance(m.box_key, str) and m.box_key else b""
    except ValueError:
        return None
    return key if len(key) == 32 else None


def _own_json(m: pkg.Manifest) -> str:
    own = m.own if isinstance(m.own, dict) else {}
    return json.dumps({str(k): v for k, v in own.items()
                       if str(k).isdigit() and type(v) is int and v >= 0})


def last_import(db: Database) -> Optional[tuple[str, str, Optional[str], str]]:
    """(package id, site name, backup path, imported at) of the latest import, if any."""
    with db.engine.connect() as conn:
        row = _raw(conn).execute(
            "SELECT p.id, coalesce(s.name, p.site_id), p.backup_path, p.imported_at FROM sync_package p "
            "LEFT JOIN sync_peer s ON s.site_id = p.site_id ORDER BY p.imported_at DESC LIMIT 1").fetchone()
        conn.rollback()
    return tuple(row) if row else None


def edits_since_last_import(db: Database) -> int:
    """How many changes made here since the last import an undo would lose (0: none, or no
    import). Counted as this site's own changes that the backup taken before it lacks."""
    last = last_import(db)
    if last is None or not last[2] or not Path(last[2]).exists():
        return 0
    if getattr(db, "key", None) is not None:
        from vcadre.store.protect import cipher

        con = cipher.connect(Path(last[2]), db.key, readonly=True)
    else:
        con = sqlite3.connect(f"{Path(last[2]).resolve().as_uri()}?mode=ro", uri=True)
    try:
        top = int(con.execute("SELECT coalesce(max(seq), 0) FROM sync_change").fetchone()[0])
    finally:
        con.close()
    with db.engine.connect() as conn:
        raw = _raw(conn)
        (site,) = raw.execute("SELECT id FROM site WHERE is_local = 1").fetchone()
        (n,) = raw.execute("SELECT count(*) FROM sync_change WHERE origin = ? AND seq > ?", (site, top)).fetchone()
        conn.rollback()
    return int(n)


def undo_last_import(db: Database) -> tuple[str, Path]:
    """Restore the backup taken before the latest import. Returns (package id, backup)."""
    from vcadre.services.security import Permission, audit, require
    from vcadre.store.backup import restore_database

    require(db, Permission.IMPORT)
    if db.is_server:  # putting a backup back would wipe the other officers' work since (store.server_backup)
        raise SyncError("单位服务器上的数据库不能“撤销最近一次导入”：恢复导入前的备份会抹掉其他干部在那之后的全部修改。"
                        "未作任何改动。导入前的备份保存在服务器上（vcadre db backups 列出），如需恢复，"
                        "请信息员用 vcadre db copy --backup 把它复制成新的数据库。")
    last = last_import(db)
    if last is None:
        raise SyncError("没有可以撤销的同步包导入。")
    pid, _name, backup, _when = last
    if not backup or not Path(backup).exists():
        raise SyncError("找不到这次导入前的备份文件，无法撤销。")
    restore_database(db, Path(backup))
    # The restored file has the trail as it was before the import; this entry follows it.
    audit.log(db, "restore", kind="package", target=pid, what="撤销同步包导入", file=str(backup))
    return pid, Path(backup)


JOIN_SUFFIX = ".vcjoin"


def join_request(db: Database, out: Path | str, name: Optional[str] = None) -> LocalSite:
    """Write this site's join request (id, name, public key, self-signed) for the county.

    A copied database (``store.identity``) joins as a new site under a new name; until then it
    cannot export.
    """
    from vcadre.services.security import Permission, require

    require(db, Permission.EXPORT)
    out = Path(out)
    with db.engine.connect() as conn, conn.begin():
        raw = _raw(conn)
        identity.check(raw, db.path)
        sid, current, copy_of = raw.execute(
            "SELECT id, name, copy_of FROM site WHERE is_local = 1").fetchone()
        new_name = (name if name is not None else current).strip()
        if not new_name or len(new_name) > 100:
            raise SyncError("站点名称不能为空，也不能超过 100 个字。")
        taken = {n.strip() for (n,) in raw.execute(
            "SELECT name FROM site WHERE is_local = 0 UNION SELECT name FROM sync_peer")}
        if new_name in taken:
            raise SyncError(f"站点名称“{new_name}”已被其他站点使用（名称去掉首尾空格后不能重复），请换一个名称。")
        raw.execute("UPDATE site SET name = ?, copy_of = NULL WHERE id = ?", (new_name, sid))
        me = local_site_keys(raw)
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    body = json.dumps({"kind": "vcadre-join", "format": 1, "site_id": me.id, "name": me.name,
                       "public_key": pkg._b64(me.public_key), "box_key": pkg._b64(me.box_public)},
                      ensure_ascii=False, sort_keys=True).encode("utf-8")
    sig = Ed25519PrivateKey.from_private_bytes(me.private_key).sign(body)
    data = json.dumps({"request": body.decode("utf-8"), "signature": pkg._b64(sig)}, ensure_ascii=False).encode("utf-8")
    pkg.write_atomically(out, data, lambda _written: None)
    return me


def peers(db: Database) -> list[dict]:
    """Known sites; ``enrolled_by_name``: the site that enrolled it (the root, a delegate, this site)."""
    with db.engine.connect() as conn:
        rows = _raw(conn).execute(
            "SELECT p.site_id, p.name, p.fingerprint, p.confirmed, p.first_seen, p.acked_seq, p.received_seq, "
            "p.enrolled, p.revoked, p.is_root, p.may_enroll, p.enrolled_by, "
            "coalesce(b.name, s.name), p.box_key IS NOT NULL FROM sync_peer p LEFT JOIN sync_peer b ON b.site_id = p.enrolled_by "
            "LEFT JOIN site s ON s.id = p.enrolled_by AND s.is_local = 1 ORDER BY p.name").fetchall()
        conn.rollback()
    keys = ("site_id", "name", "fingerprint", "confirmed", "first_seen", "acked_seq", "received_seq",
            "enrolled", "revoked", "is_root", "may_enroll", "enrolled_by", "enrolled_by_name", "has_key")
    return [dict(zip(keys, r)) for r in rows]


def confirm_peer(db: Database, peer: str) -> dict:
    """Trust a peer site's key (enrollment: administrators only once the database has accounts)."""
    from vcadre.services.security import Permission, audit, require

    require(db, Permission.ENROLL)
    audit.log(db, "sync.enroll", kind="site", target=peer)
    with db.engine.connect() as conn, conn.begin():
        raw = _raw(conn)
        site_id, _ = _find_peer(raw, peer)
        raw.execute("UPDATE sync_peer SET confirmed = ? WHERE site_id = ?", (1, site_id))
    return next(p for p in peers(db) if p["site_id"] == site_id)
