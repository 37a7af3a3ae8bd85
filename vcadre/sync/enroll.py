"""Enrollment by the root (登记加入): the county's site is the root of trust.

A new laptop writes a self-signed join request (``service.join_request``); the county checks the
fingerprint read aloud and enrolls it (``enroll``), which writes a WELCOME package addressed to
the new site. From its first ``enroll`` on, the county is the root (``site.is_root``): it accepts
packages only from sites it enrolled. Every package the root exports carries its **roster** (the
enrolled sites with their public keys, inside the signed and encrypted manifest); a site adopts
the root whose package it imports first with a roster (the WELCOME), then accepts packages only
from the root and the sites on the root's roster, and pins their keys from the roster. Every
refusal happens in ``verify_package``, before anything is written.

Peers known before the county first enrolls a site (trusted on first use, the older way) are
enrolled then, so an upgrade does not cut anyone off. The root can **revoke** a site (a lost
laptop, ``revoke``): the roster carries the revoked ids, and the site's packages are refused
wherever the revocation has arrived. **Delegated enrollment**: the root may allow a site to
enroll others (``enroll(..., may_enroll=True)`` or ``grant``); such a delegate enrolls with a
certificate of its own, checked by every site against the root's (``sync.certs``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Optional

from vcadre.store import ioerrors
from vcadre.store.dbapi import raw_connection
from vcadre.sync import package as pkg
from vcadre.sync.errors import SiteKeyError, SyncError

MAX_REQUEST = 64 * 1024  # a join request is a few hundred bytes


@dataclass
class JoinRequest:
    site_id: str
    name: str
    public_key: bytes
    #: The site's X25519 key (the WELCOME is encrypted to it); None in a request of an older version.
    box_key: Optional[bytes] = None

    @property
    def fingerprint(self) -> str:
        return pkg.fingerprint(self.public_key)


def read_request(path: Path | str) -> JoinRequest:
    """The request in ``path``, its self-signature checked (the key inside signs the request)."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    path = Path(path)
    bad = f"文件“{path.name}”不是有效的加入申请（可能已损坏或被改动），未作任何改动。"
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_REQUEST + 1)
    except OSError as exc:
        raise SyncError(f"无法读取加入申请“{path}”：{ioerrors.reason(exc)}。") from exc
    if len(data) > MAX_REQUEST:
        raise SyncError(bad)
    try:
        outer = json.loads(data.decode("utf-8"))
        body = outer["request"].encode("utf-8")
        signature = pkg._unb64(outer["signature"], "signature")
        req = json.loads(body)
        if req.get("kind") != "vcadre-join" or req.get("format") != 1:
            raise ValueError("kind")
        site_id, name = req["site_id"], req["name"]
        if not isinstance(site_id, str) or not isinstance(name, str) or not 0 < len(site_id) <= 36:
            raise ValueError("fields")
        public_key = pkg._unb64(req["public_key"], "public_key")
        box_key = pkg._unb64(req["box_key"], "box_key") if req.get("box_key") is not None else None
        if box_key is not None and len(box_key) != 32:
            raise ValueError("box_key")
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, body)
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError, InvalidSignature,
            SyncError):
        raise SyncError(bad) from None
    return JoinRequest(site_id, name, public_key, box_key)


@dataclass
class EnrollResult:
    request: JoinRequest
    name: str
    #: Peers trusted before this database became the root, enrolled with it (names).
    grandfathered: list[str]
    welcome: object  # service.ExportResult


# Booleans go as parameters (0/1), not literals: a server's boolean columns take an untyped
# parameter but not an integer literal (``store.dbapi``).
def enroll(db, request: JoinRequest, out: Path | str, passphrase: Optional[str] = None, *,
           kdf_n: Optional[int] = None, may_enroll: bool = False, progress=None) -> EnrollResult:
    """Enroll the site of ``request`` and write its WELCOME package (everything this site holds,
    encrypted to the new site's key from the request, and to ``passphrase`` too when given) to
    ``out``.

    The root enrolls (a database that joined no root becomes the root at its first enrollment)
    and may allow the new site to enroll others (``may_enroll``); a site the root allowed to
    enroll (a delegate) enrolls too, with a certificate of its own (``sync.certs``) that every
    site checks against the root's certificate for the delegate. ``progress``: as
    ``export_package`` reports writing the WELCOME (a cancel leaves the site enrolled, no file)."""
    from vcadre.services.security import Permission, require
    from vcadre.sync import certs
    from vcadre.sync.service import export_package, local_site_keys

    require(db, Permission.ENROLL)
    require(db, Permission.EXPORT)
    if not passphrase and request.box_key is None:
        raise SyncError("加入申请来自旧版本 vcadre，没有加密公钥：请提供口令文件（--passphrase-file），"
                        "或让对方升级后重新申请。")
    with db.engine.connect() as conn, conn.begin():
        raw = raw_connection(conn)  # sqlite3, or psycopg behind the same placeholders (office server)
        local_id, local_name, is_root, delegate = raw.execute(
            "SELECT id, name, is_root, may_enroll FROM site WHERE is_local = 1").fetchone()
        joined = raw.execute("SELECT name FROM sync_peer WHERE is_root = 1").fetchone()
        if joined is not None and not delegate:
            raise SyncError(f"本机已加入“{joined[0]}”，但未获“{joined[0]}”授权登记其他站点：只有县委组织部的数据库"
                            "（根站点）和经它授权的站点能登记新站点；未作任何改动。请把加入申请交给县委组织部，"
                            "或请县委组织部授权本机（vcadre sync grant）。")
        if joined is not None and may_enroll:
            raise SyncError(f"只有“{joined[0]}”（根站点）能允许站点登记其他站点；本机可以登记该站点，"
                            "但不能授予它登记权。未作任何改动。")
        if request.site_id == local_id:
            raise SyncError("这是本机自己的加入申请，不能登记；未作任何改动。")
        name = request.name.strip()
        if not name or len(name) > 100:
            raise SyncError("加入申请中的站点名称为空或超过 100 个字，未登记。")
        taken = {n.strip() for (n,) in raw.execute(
            "SELECT name FROM sync_peer WHERE site_id <> ?", (request.site_id,))} | {local_name.strip()}
        if name in taken:
            raise SyncError(f"站点名称“{name}”已被其他站点使用（名称去掉首尾空格后不能重复），未登记。"
                            "请让对方用新的名称重新申请（vcadre sync join --site-name）。")
        peer = raw.execute("SELECT public_key, revoked, enrolled FROM sync_peer WHERE site_id = ?",
                           (request.site_id,)).fetchone()
        if peer is not None and peer[1]:
            raise SyncError(f"站点“{name}”已被吊销，不能再次登记。该电脑须以新的数据库（vcadre init）重新申请加入。")
        if peer is not None and bytes(peer[0]) != request.public_key:
            raise SiteKeyError(
                f"站点“{name}”已以另一把密钥（指纹 {pkg.fingerprint(bytes(peer[0]))}）为本机所知，"
                f"与申请中的密钥（指纹 {request.fingerprint}）不同：可能是伪造的申请，未登记。")
        grandfathered: list[str] = []
        if joined is None and not is_root:
            grandfathered = [n for (n,) in raw.execute(
                "SELECT name FROM sync_peer WHERE enrolled = 0 AND site_id <> ? ORDER BY name", (request.site_id,))]
            raw.execute("UPDATE sync_peer SET enrolled = ?", (1,))
            raw.execute("UPDATE site SET is_root = ? WHERE id = ?", (1, local_id))
        me = local_site_keys(raw)
        # Signed here: the root's certificate (with the right to enroll, when granted), or the
        # delegate's, which every site checks against the root's certificate for the delegate.
        cert = certs.issue(me.private_key, local_id, request.site_id, name, request.public_key,
                           request.box_key, may_enroll=may_enroll and joined is None)
        if peer is None:
            raw.execute(
                "INSERT INTO sync_peer (site_id, name, public_key, fingerprint, confirmed, first_seen, "
                "acked_seq, received_seq, own_held, enrolled, is_root, box_key, may_enroll, enrolled_by, cert) "
                "VALUES (?, ?, ?, ?, ?, ?, 0, 0, '{}', ?, ?, ?, ?, ?, ?)",
                (request.site_id, name, request.public_key, request.fingerprint, 1, datetime.now().isoformat(sep=" "),
                 1, 0, request.box_key, 1 if cert.may_enroll else 0, local_id, cert.text()))
        else:
            raw.execute("UPDATE sync_peer SET name = ?, confirmed = ?, enrolled = ?, "
                        "box_key = coalesce(?, box_key), may_enroll = ?, "
                        "enrolled_by = coalesce(enrolled_by, ?), cert = ? WHERE site_id = ?",
                        (name, 1, 1, request.box_key, 1 if cert.may_enroll else 0, local_id, cert.text(),
                         request.site_id))
    # Enrolled above even if writing the package fails: enrolling again only writes it again.
    welcome = export_package(db, out, passphrase, for_peer=request.site_id, full=True, kdf_n=kdf_n,
                             to=[request.site_id] if request.box_key is not None else None, progress=progress)
    from vcadre.services.security import audit

    audit.log(db, "sync.enroll", kind="site", target=name, what="登记站点", rows=1,
              fingerprint=request.fingerprint, where=str(out), may_enroll=bool(cert.may_enroll))
    return EnrollResult(request, name, grandfathered, welcome)


def grant(db, peer: str) -> dict:
    """The root allows an enrolled site to enroll others (delegated enrollment). Its next
    packages carry the root's certificate saying so; the right ends only with a revocation."""
    from vcadre.services.security import Permission, audit, require
    from vcadre.sync import certs
    from vcadre.sync.service import _find_peer, local_site_keys

    require(db, Permission.ENROLL)
    with db.engine.connect() as conn, conn.begin():
        raw = raw_connection(conn)
        if not raw.execute("SELECT is_root FROM site WHERE is_local = 1").fetchone()[0]:
            raise SyncError("只有县委组织部的数据库（根站点）能允许站点登记其他站点；未作任何改动。")
        site_id, _ = _find_peer(raw, peer.strip())
        name, fp, enrolled, revoked, enrolled_by = raw.execute(
            "SELECT name, fingerprint, enrolled, revoked, enrolled_by FROM sync_peer WHERE site_id = ?",
            (site_id,)).fetchone()
        if revoked:
            raise SyncError(f"站点“{name}”已被吊销，不能授权；未作任何改动。")
        if not enrolled:
            raise SyncError(f"站点“{name}”尚未登记，不能授权；请先登记它。未作任何改动。")
        me = local_site_keys(raw)
        raw.execute("UPDATE sync_peer SET may_enroll = ? WHERE site_id = ?", (1, site_id))
        certs.endorse(raw, me)
    audit.log(db, "sync.grant", kind="site", target=name, what="授权登记其他站点", rows=1, fingerprint=fp)
    return {"site_id": site_id, "name": name, "fingerprint": fp}


def roster(raw) -> dict:
    """The roster the root sends in every package ({} from a site that is not the root)."""
    local_id, is_root = raw.execute("SELECT id, is_root FROM site WHERE is_local = 1").fetchone()
    if not is_root:
        return {}
    sites = [[sid, name, pkg._b64(bytes(key)), pkg._b64(bytes(box)) if box else ""]
             for sid, name, key, box in raw.execute(
                 "SELECT site_id, name, public_key, box_key FROM sync_peer WHERE enrolled = 1 AND revoked = 0 "
                 "ORDER BY site_id")]
    revoked = [sid for (sid,) in raw.execute("SELECT site_id FROM sync_peer WHERE revoked = 1 ORDER BY site_id")]
    return {"root": local_id, "sites": sites, "revoked": revoked}


def check_sender(raw, site_id: str, site_name: str, vouched=None) -> None:
    """Refuse (before anything is written) a package from a site that is neither the root nor
    enrolled by it (directly, or by a site the root allowed to enroll: ``vouched``, what the
    package's certificates prove), once this database is the root or has joined one."""
    from vcadre.sync import certs

    is_root = raw.execute("SELECT is_root FROM site WHERE is_local = 1").fetchone()[0]
    root = raw.execute("SELECT site_id, name FROM sync_peer WHERE is_root = 1").fetchone()
    if raw.execute("SELECT 1 FROM sync_peer WHERE site_id = ? AND revoked = 1", (site_id,)).fetchone() or (
            vouched is not None and site_id in vouched.revoked):
        raise SiteKeyError(
            f"站点“{site_name}”的密钥已被县委组织部吊销（例如电脑丢失），其同步包一律拒绝导入，未作任何改动。")
    if not is_root and root is None:
        return  # not in an enrolled network yet: trusted on first use, fingerprint to check
    if root is not None and site_id == root[0]:
        return
    row = raw.execute("SELECT enrolled FROM sync_peer WHERE site_id = ?", (site_id,)).fetchone()
    if row is not None and row[0]:
        return
    if vouched is not None and certs.vouches_for(vouched, site_id):
        return
    delegate = vouched.void.get(site_id) if vouched is not None else None
    if delegate is not None:
        row = raw.execute("SELECT name FROM sync_peer WHERE site_id = ?", (delegate,)).fetchone()
        by_name = row[0] if row else delegate
        raise SiteKeyError(
            f"站点“{site_name}”是由“{by_name}”登记的，而“{by_name}”已被县委组织部吊销，且县委组织部吊销前"
            f"不知道这一登记，因此不再接受“{site_name}”的同步包，已拒绝导入，未作任何改动。"
            "请让对方重新申请，由县委组织部或其他有权登记的站点登记。")
    if is_root:
        raise SiteKeyError(
            f"站点“{site_name}”尚未由本机登记加入，已拒绝导入，未作任何改动。请让对方用“vcadre sync join”"
            "写出加入申请，电话核对密钥指纹后用“vcadre sync enroll”登记。")
    raise SiteKeyError(
        f"站点“{site_name}”未经“{root[1]}”登记加入，已拒绝导入，未作任何改动。若对方是新加入的站点，"
        f"请先导入“{root[1]}”登记之后导出的同步包。")


def record_roster(raw, manifest: pkg.Manifest, local_id: str) -> None:
    """Inside the import's transaction: adopt the sender as our root (the first roster seen, the
    WELCOME), and take the root's roster: enrolled sites and their keys (a known site keeps the
    key it was first seen with)."""
    r = manifest.roster
    if not isinstance(r, dict) or not r or r.get("root") != manifest.site_id:
        return
    if raw.execute("SELECT is_root FROM site WHERE is_local = 1").fetchone()[0]:
        return  # the root follows no other root
    root = raw.execute("SELECT site_id FROM sync_peer WHERE is_root = 1").fetchone()
    if root is None:
        raw.execute("UPDATE sync_peer SET is_root = ?, enrolled = ? WHERE site_id = ?", (1, 1, manifest.site_id))
    elif root[0] != manifest.site_id:
        return
    revoked = r.get("revoked")
    from vcadre.sync.certs import revoke_here

    now = datetime.now().isoformat(sep=" ")
    for sid in revoked if isinstance(revoked, list) else []:
        if isinstance(sid, str) and sid != local_id:
            revoke_here(raw, sid, None, now)  # also drops what only a revoked delegate vouched for
    sites = r.get("sites")
    for entry in sites if isinstance(sites, list) else []:
        if not (isinstance(entry, list) and len(entry) in (3, 4) and all(isinstance(x, str) for x in entry)):
            continue
        sid, name, key_text = entry[:3]
        box = None
        if len(entry) == 4 and entry[3]:
            try:
                box = pkg._unb64(entry[3], "box_key")
            except SyncError:
                box = None
            if box is not None and len(box) != 32:
                box = None
        if sid == local_id or not 0 < len(sid) <= 36:
            continue
        try:
            key = pkg._unb64(key_text, "public_key")
        except SyncError:
            continue
        known = raw.execute("SELECT public_key FROM sync_peer WHERE site_id = ?", (sid,)).fetchone()
        if known is None:
            raw.execute(
                "INSERT INTO sync_peer (site_id, name, public_key, fingerprint, confirmed, first_seen, "
                "acked_seq, received_seq, own_held, enrolled, is_root, box_key) "
                "VALUES (?, ?, ?, ?, ?, ?, 0, 0, '{}', ?, ?, ?)",
                (sid, name.strip()[:100], key, pkg.fingerprint(key), 0, datetime.now().isoformat(sep=" "), 1, 0, box))
        elif bytes(known[0]) == key:
            raw.execute("UPDATE sync_peer SET enrolled = ?, box_key = coalesce(?, box_key) "
                        "WHERE site_id = ? AND revoked = 0", (1, box, sid))


def revoke(db, peer: str) -> dict:
    """The root revokes an enrolled site (by id or name): from now on its packages are refused
    here, and at every site once a package of the root has brought the revocation."""
    from vcadre.services.security import Permission, audit, require
    from vcadre.sync.service import _find_peer

    require(db, Permission.ENROLL)
    with db.engine.connect() as conn, conn.begin():
        raw = raw_connection(conn)  # sqlite3, or psycopg behind the same placeholders (office server)
        if not raw.execute("SELECT is_root FROM site WHERE is_local = 1").fetchone()[0]:
            raise SyncError("只有县委组织部的数据库（根站点）能吊销站点；未作任何改动。")
        site_id, _ = _find_peer(raw, peer.strip())
        name, fp = raw.execute("SELECT name, fingerprint FROM sync_peer WHERE site_id = ?", (site_id,)).fetchone()
        from vcadre.sync import certs
        from vcadre.sync.service import local_site_keys

        me = local_site_keys(raw)
        # The sites a revoked delegate enrolled that the root knows of stay: the root signs for
        # them itself first (docs/sync.md, threat model); its later enrollments are refused.
        certs.endorse(raw, me)
        raw.execute("UPDATE sync_peer SET revoked = ?, enrolled = ?, may_enroll = ? WHERE site_id = ?",
                    (1, 0, 0, site_id))
        certs.endorse(raw, me)  # the signed revocation, relayed by every site
    audit.log(db, "sync.revoke", kind="site", target=name, what="吊销站点", rows=1, fingerprint=fp)
    return {"site_id": site_id, "name": name, "fingerprint": fp}
