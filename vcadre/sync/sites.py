"""What the 同步 dialog shows and asks before an import (no Qt; the GUI's view of ``sync``).

``overview``: this site (name, key fingerprint, root or joined or on its own, a copy that must
join) and the known sites with their status and last import. ``check_package``: who sent a
package and whether its key is new here, decided before anything is written, so the GUI can ask
about a first-use fingerprint *before* merging (the import itself verifies everything again).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

#: Status keys of a known site, in the order the 同步 dialog explains them.
ROOT, ENROLLED, REVOKED, UNENROLLED = "root", "enrolled", "revoked", "unenrolled"
#: ``PeerRow.enrolled_by`` of a site this database enrolled.
LOCAL = object()


@dataclass
class PeerRow:
    site_id: str
    name: str
    fingerprint: str
    status: str  # ROOT / ENROLLED / REVOKED / UNENROLLED
    confirmed: bool
    last_import: Optional[str]  # "YYYY-MM-DD HH:MM" of the last package imported from it
    #: The root allowed it to enroll other sites (delegated enrollment, ``sync.certs``).
    may_enroll: bool = False
    #: Who enrolled it: a site's name, ``LOCAL`` (this site), None (unknown or not enrolled).
    enrolled_by: Optional[str] = None


@dataclass
class SiteOverview:
    site_id: str
    name: str
    fingerprint: str
    is_root: bool
    #: The root this site joined (its name), None when it joined none.
    root_name: Optional[str]
    #: A copied database (or a key-less restore): it must join as a new site before exporting.
    is_copy: bool
    peers: list[PeerRow] = field(default_factory=list)
    #: The root allowed this site to enroll others (a delegate).
    delegate: bool = False

    @property
    def may_enroll(self) -> bool:
        """The root enrolls (a site that joined no root becomes the root at its first enrollment),
        and so does a site the root allowed to (``delegate``)."""
        return not self.is_copy and (self.root_name is None or self.delegate)

    @property
    def may_grant(self) -> bool:
        """Only the root (or the site about to become it) lets the sites it enrolls enroll others."""
        return self.root_name is None and not self.is_copy

    @property
    def enrollable_peers(self) -> list[PeerRow]:
        return [p for p in self.peers if p.status in (ENROLLED, UNENROLLED)]


def _status(enrolled: bool, revoked: bool, is_root: bool) -> str:
    if revoked:
        return REVOKED
    if is_root:
        return ROOT
    return ENROLLED if enrolled else UNENROLLED


def overview(db) -> SiteOverview:
    """This site and the sites it knows (makes this site's key pair on first use, as export does)."""
    from vcadre.sync.service import _raw, local_site_keys

    with db.engine.connect() as conn, conn.begin():
        raw = _raw(conn)
        me = local_site_keys(raw)
        is_root, copy_of, delegate = raw.execute(
            "SELECT is_root, copy_of, may_enroll FROM site WHERE is_local = 1").fetchone()
        root = raw.execute("SELECT name FROM sync_peer WHERE is_root = 1").fetchone()
        last = {sid: when for sid, when in raw.execute(
            "SELECT site_id, max(imported_at) FROM sync_package GROUP BY site_id")}
        rows = raw.execute(
            "SELECT p.site_id, p.name, p.fingerprint, p.confirmed, p.enrolled, p.revoked, p.is_root, "
            "p.may_enroll, p.enrolled_by, b.name FROM sync_peer p "
            "LEFT JOIN sync_peer b ON b.site_id = p.enrolled_by "
            "ORDER BY p.is_root DESC, p.revoked, p.name").fetchall()
    peers = [PeerRow(sid, name, fp, _status(bool(enr), bool(rev), bool(root_)), bool(conf),
                     str(last[sid])[:16] if last.get(sid) else None, bool(may) and not rev,
                     LOCAL if by == me.id else by_name if by else None)
             for sid, name, fp, conf, enr, rev, root_, may, by, by_name in rows]
    return SiteOverview(me.id, me.name, me.fingerprint, bool(is_root), root[0] if root else None,
                        bool(copy_of), peers, delegate=bool(delegate) and not bool(is_root))


@dataclass
class PackageCheck:
    """Who sent a package, checked as the import checks it, with nothing written."""

    site_id: str
    site_name: str
    fingerprint: str
    changes: int
    #: Imported here before: importing it again changes nothing.
    already_imported: bool
    #: The sender's key is not vouched for here (first use, or seen before and never confirmed
    #: nor enrolled): its fingerprint must be compared before anything is merged.
    needs_confirmation: bool


def check_package(db, path: Path | str, passphrase: str) -> PackageCheck:
    """Verify ``path`` as ``import_package`` does (format, key, signature, passphrase, hashes,
    enrollment) and say whether its sender must be confirmed first. Raises the import's
    ``SyncError`` on a refusal. Reads only."""
    from vcadre.sync.service import _raw, verify_package

    v = verify_package(db, path, passphrase)
    m = v.manifest
    with db.engine.connect() as conn:
        raw = _raw(conn)
        done = raw.execute("SELECT 1 FROM sync_package WHERE id = ?", (m.package_id,)).fetchone()
        peer = raw.execute("SELECT confirmed, enrolled, is_root FROM sync_peer WHERE site_id = ?",
                           (m.site_id,)).fetchone()
        conn.rollback()
    vouched = peer is not None and any(bool(x) for x in peer)
    return PackageCheck(m.site_id, m.site_name, v.fingerprint, int(m.changes), bool(done),
                        needs_confirmation=not vouched)


# ------------------------------------------------------------------ who may read an export


def enrolled_network(peers: list[dict]) -> bool:
    """Is this site in an enrolled network? (Becoming the root enrolls every known site; a site
    that joined knows its root.) ``peers``: ``service.peers``."""
    return any(p.get("enrolled") or p.get("is_root") for p in peers)


def export_readers(peers: list[dict]) -> list[dict]:
    """The sites an export may be encrypted to, as the export window lists them: not revoked, and
    in an enrolled network only the root and the enrolled sites; the root first. Each keeps
    ``has_key``: a site whose encryption key is not known here yet cannot be chosen."""
    enrolled = enrolled_network(peers)
    out = [p for p in peers if not p.get("revoked") and (not enrolled or p.get("enrolled") or p.get("is_root"))]
    return sorted(out, key=lambda p: (not p.get("is_root"), p["name"]))


def default_readers(peers: list[dict], for_peer: Optional[str]) -> list[str]:
    """Site ids ``service.export_package`` encrypts to without ``to`` (its ``_recipients``): the
    ``for_peer`` when its key is known; else, in an enrolled network, every listed site with a
    known key; else none (the passphrase alone)."""
    readers = [p for p in export_readers(peers) if p.get("has_key")]
    if for_peer is not None:
        return [p["site_id"] for p in readers if p["site_id"] == for_peer]
    return [p["site_id"] for p in readers] if enrolled_network(peers) else []
