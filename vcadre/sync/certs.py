"""Enrollment certificates (登记证书): delegated enrollment, checked by every site on its own.

A **certificate** says "site S (id, trimmed name, signing and encryption keys) is enrolled",
signed by the site that enrolled it: the root, or a **delegate** (a site the root allowed to
enroll others; the root's certificate for it says ``may_enroll``). A root-signed certificate with
``revoked`` is a **revocation**. Every package carries the certificates its sender holds
(``Manifest.certs``) and, from a site that joined a root, that root's id and keys
(``Manifest.root``), so a chain root → delegate → new site is proven by signatures wherever the
package goes, relayed or not, before anything is written (``vouch``).

Rules (docs/sync.md, "Delegated enrollment"):
- only the root grants ``may_enroll``; a delegate's certificates never carry it (one level);
- a delegate's certificate counts while the delegate is not revoked here;
- the root countersigns every delegated enrollment it learns (``endorse``, at each export and at
  a revocation), so a delegate's revocation keeps the sites the root already knew of, and refuses
  the delegate's later enrollments everywhere the revocation has arrived;
- a certificate for a known site with another key, or with a name another site uses (after
  trimming), vouches for nothing.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Optional

KIND = "vcadre-cert"


@dataclass(frozen=True)
class Cert:
    site_id: str
    name: str
    public_key: bytes
    box_key: Optional[bytes]
    #: The signer: the root, or a delegate.
    by: str
    #: The site that enrolled it (``by``, or the delegate when the root countersigned).
    enrolled_by: str
    may_enroll: bool
    revoked: bool
    body: str
    signature: bytes

    def entry(self) -> list[str]:
        return [self.body, base64.b64encode(self.signature).decode("ascii")]

    def text(self) -> str:
        return json.dumps(self.entry(), ensure_ascii=False)

    def verifies(self, key: bytes) -> bool:
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

        try:
            Ed25519PublicKey.from_public_bytes(bytes(key)).verify(self.signature, self.body.encode("utf-8"))
        except (InvalidSignature, ValueError):
            return False
        return True

    def rank(self, root_id: str) -> tuple:
        """Which of two valid certificates of a site to keep: a revocation, then the root's word."""
        return (self.revoked, self.by == root_id, self.may_enroll)


def issue(private_key: bytes, by: str, site_id: str, name: str, public_key: bytes,
          box_key: Optional[bytes], *, enrolled_by: Optional[str] = None, may_enroll: bool = False,
          revoked: bool = False) -> Cert:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    body = json.dumps({
        "kind": KIND, "format": 1, "site_id": site_id, "name": name.strip(),
        "public_key": base64.b64encode(bytes(public_key)).decode("ascii"),
        "box_key": base64.b64encode(bytes(box_key)).decode("ascii") if box_key else "",
        "by": by, "enrolled_by": enrolled_by or by, "may_enroll": bool(may_enroll), "revoked": bool(revoked),
    }, ensure_ascii=False, sort_keys=True)
    sig = Ed25519PrivateKey.from_private_bytes(bytes(private_key)).sign(body.encode("utf-8"))
    return parse([body, base64.b64encode(sig).decode("ascii")])


def _b64(text, size: int) -> Optional[bytes]:
    try:
        raw = base64.b64decode(text, validate=True)
    except (ValueError, TypeError):
        return None
    return raw if len(raw) == size else None


def parse(entry) -> Optional[Cert]:
    """A certificate from its travelling form ``[body, signature]`` (None when malformed)."""
    if isinstance(entry, str):
        try:
            entry = json.loads(entry)
        except ValueError:
            return None
    if not (isinstance(entry, list) and len(entry) == 2 and all(isinstance(x, str) for x in entry)):
        return None
    body, sig_text = entry
    if len(body) > 4096:
        return None
    try:
        d = json.loads(body)
    except ValueError:
        return None
    if not isinstance(d, dict) or d.get("kind") != KIND or d.get("format") != 1:
        return None
    sid, name, by, enrolled_by = d.get("site_id"), d.get("name"), d.get("by"), d.get("enrolled_by")
    if not all(isinstance(x, str) and 0 < len(x) <= 100 for x in (sid, name, by, enrolled_by)):
        return None
    if len(sid) > 36 or len(by) > 36 or len(enrolled_by) > 36 or name != name.strip():
        return None
    if type(d.get("may_enroll")) is not bool or type(d.get("revoked")) is not bool:
        return None
    key = _b64(d.get("public_key"), 32)
    box = _b64(d.get("box_key"), 32) if d.get("box_key") else None
    sig = _b64(sig_text, 64)
    if key is None or sig is None or (d.get("box_key") and box is None):
        return None
    return Cert(sid, name, key, box, by, enrolled_by, d["may_enroll"], d["revoked"], body, sig)


# ------------------------------------------------------------------ what a package proves

@dataclass
class Vouched:
    """What the certificates of one package (with what this site holds) prove, before writing."""
    #: The root: (id, name, signing key, encryption key); None outside an enrolled network.
    root: Optional[tuple[str, str, bytes, Optional[bytes]]] = None
    #: The root comes from this package (this site joins with it: a WELCOME).
    adopt: bool = False
    #: Valid enrollment certificates by site id (root-signed, or by a delegate not revoked here).
    valid: dict[str, Cert] = field(default_factory=dict)
    #: Sites revoked: here, or by a root-signed revocation in this package.
    revoked: set[str] = field(default_factory=set)
    #: The root's revocations in this package.
    revocations: dict[str, Cert] = field(default_factory=dict)
    #: Sites whose only certificate here is by a revoked delegate: {site id: the delegate}.
    void: dict[str, str] = field(default_factory=dict)


def package_root(manifest, header) -> Optional[tuple[str, str, bytes, Optional[bytes]]]:
    """The root a package names: its sender when it carries the root's roster, else ``root``."""
    r = manifest.roster if isinstance(manifest.roster, dict) else {}
    if r and r.get("root") == header.site_id:
        box = _b64(manifest.box_key, 32) if isinstance(manifest.box_key, str) and manifest.box_key else None
        return header.site_id, header.site_name, header.public_key, box
    entry = getattr(manifest, "root", None)
    if isinstance(entry, list) and len(entry) == 4 and all(isinstance(x, str) for x in entry):
        key = _b64(entry[2], 32)
        box = _b64(entry[3], 32) if entry[3] else None
        if key is not None and 0 < len(entry[0]) <= 36 and entry[1].strip():
            return entry[0], entry[1].strip()[:100], key, box
    return None


def vouch(raw, header, manifest) -> Vouched:
    """Check the package's certificates against what this site trusts (reads only)."""
    local_id, local_name, local_key, is_root = raw.execute(
        "SELECT id, name, public_key, is_root FROM site WHERE is_local = 1").fetchone()
    stored = raw.execute("SELECT site_id, name, public_key, box_key FROM sync_peer WHERE is_root = 1").fetchone()
    out = Vouched()
    if is_root:
        out.root = (local_id, local_name, bytes(local_key or b""), None)
    elif stored is not None:
        out.root = (stored[0], stored[1], bytes(stored[2]), bytes(stored[3]) if stored[3] else None)
    else:
        named = package_root(manifest, header)
        if named is None or named[0] == local_id:
            return out  # not in an enrolled network: trust on first use (the older way)
        out.root, out.adopt = named, True
    root_id, _, root_key, _ = out.root
    peers = {sid: (name, bytes(key) if key else b"", bool(rev), bool(may), bool(enr))
             for sid, name, key, rev, may, enr in raw.execute(
                 "SELECT site_id, name, public_key, revoked, may_enroll, enrolled FROM sync_peer")}
    out.revoked = {sid for sid, p in peers.items() if p[2]}
    entries = manifest.certs if isinstance(getattr(manifest, "certs", None), list) else []
    certs = [c for c in map(parse, entries[:5000]) if c is not None]
    for c in certs:
        if c.revoked and c.by == root_id and c.site_id not in (root_id, local_id) and c.verifies(root_key):
            out.revocations.setdefault(c.site_id, c)
            out.revoked.add(c.site_id)
    names = {sid: p[0].strip() for sid, p in peers.items()}
    names[local_id] = local_name.strip()

    def fits(c: Cert) -> bool:
        """Same key as the site is known with; a name no other site uses."""
        known = local_key if c.site_id == local_id else (peers[c.site_id][1] if c.site_id in peers else None)
        if known and bytes(known) != c.public_key:
            return False
        return not any(n == c.name and sid != c.site_id for sid, n in names.items())

    delegates = {sid: p[1] for sid, p in peers.items() if p[3] and p[4] and not p[2]}
    (may_here,) = raw.execute("SELECT may_enroll FROM site WHERE is_local = 1").fetchone()
    if may_here and local_key:
        delegates[local_id] = bytes(local_key)  # our own enrollments, relayed back to us
    for c in certs:
        if (not c.revoked and c.by == root_id and c.site_id != root_id and c.site_id not in out.revoked
                and fits(c) and c.verifies(root_key)):
            _keep(out.valid, c, root_id)
            if c.may_enroll:
                delegates[c.site_id] = c.public_key
    for c in certs:
        if (not c.revoked and c.by != root_id and not c.may_enroll and c.by in delegates
                and c.by not in out.revoked and c.site_id not in out.revoked and c.site_id != root_id
                and c.enrolled_by == c.by and fits(c) and c.verifies(delegates[c.by])):
            _keep(out.valid, c, root_id)
    for c in certs:  # said by a delegate revoked here (and not countersigned by the root): void
        if (not c.revoked and c.by != root_id and c.by in out.revoked and c.site_id not in out.valid
                and c.by in peers and peers[c.by][1] and c.verifies(peers[c.by][1])):
            out.void.setdefault(c.site_id, c.by)
    if out.adopt and header.site_id != root_id and local_id not in out.valid:
        # A package of some enrolled site, not this site's WELCOME (which carries this site's
        # certificate): a site outside any enrolled network keeps trusting on first use.
        return Vouched()
    return out


def _keep(into: dict[str, Cert], c: Cert, root_id: str) -> None:
    have = into.get(c.site_id)
    if have is None or c.rank(root_id) > have.rank(root_id):
        into[c.site_id] = c


def vouches_for(v: Vouched, site_id: str) -> bool:
    return site_id in v.valid and site_id not in v.revoked


# ------------------------------------------------------------------ what an import keeps

def record(raw, v: Vouched, sender: str, local_id: str) -> None:
    """Inside the import's transaction: adopt the root (a delegate's WELCOME), apply the root's
    revocations (a delegate's revocation drops the sites only it vouches for), keep the valid
    certificates (sites enrolled, keys pinned, this site's own grant)."""
    if v.root is None:
        return
    root_id, root_name, root_key, root_box = v.root
    now = datetime.now().isoformat(sep=" ")
    if v.adopt:
        if sender != root_id and not vouches_for(v, sender):
            return  # a package naming a root that does not vouch for its sender: nothing to adopt
        if raw.execute("SELECT 1 FROM sync_peer WHERE site_id = ?", (root_id,)).fetchone() is None:
            raw.execute(
                "INSERT INTO sync_peer (site_id, name, public_key, fingerprint, confirmed, first_seen, "
                "acked_seq, received_seq, own_held, enrolled, is_root, box_key) "
                "VALUES (?, ?, ?, ?, ?, ?, 0, 0, '{}', ?, ?, ?)",
                (root_id, root_name, root_key, _fingerprint(root_key), 0, now, 1, 1, root_box))
        else:
            raw.execute("UPDATE sync_peer SET is_root = ?, enrolled = ? WHERE site_id = ? AND public_key = ?",
                        (1, 1, root_id, root_key))
    for sid, c in v.revocations.items():
        revoke_here(raw, sid, c, now)
    for sid, c in v.valid.items():
        if sid in v.revoked:
            continue
        if sid == local_id:
            (mine,) = raw.execute("SELECT cert FROM site WHERE is_local = 1").fetchone()
            old = parse(mine) if mine else None
            if old is None or c.rank(root_id) > old.rank(root_id):
                raw.execute("UPDATE site SET cert = ?, may_enroll = ? WHERE is_local = 1",
                            (c.text(), 1 if (c.may_enroll or (old is not None and old.may_enroll)) else 0))
            continue
        row = raw.execute("SELECT cert FROM sync_peer WHERE site_id = ?", (sid,)).fetchone()
        if row is None:
            raw.execute(
                "INSERT INTO sync_peer (site_id, name, public_key, fingerprint, confirmed, first_seen, "
                "acked_seq, received_seq, own_held, enrolled, is_root, box_key, may_enroll, enrolled_by, cert) "
                "VALUES (?, ?, ?, ?, ?, ?, 0, 0, '{}', ?, ?, ?, ?, ?, ?)",
                (sid, c.name, c.public_key, _fingerprint(c.public_key), 0, now, 1, 0, c.box_key,
                 1 if c.may_enroll else 0, c.enrolled_by, c.text()))
            continue
        old = parse(row[0]) if row[0] else None
        if old is None or c.rank(root_id) > old.rank(root_id):
            raw.execute("UPDATE sync_peer SET enrolled = ?, enrolled_by = ?, cert = ?, "
                        "box_key = coalesce(box_key, ?) WHERE site_id = ? AND revoked = 0",
                        (1, c.enrolled_by, c.text(), c.box_key, sid))
        else:
            raw.execute("UPDATE sync_peer SET enrolled = ? WHERE site_id = ? AND revoked = 0", (1, sid))
        if c.may_enroll:
            raw.execute("UPDATE sync_peer SET may_enroll = ? WHERE site_id = ? AND revoked = 0", (1, sid))


def revoke_here(raw, site_id: str, c: Optional[Cert], now: str) -> None:
    """Mark a site revoked (keeping the root's signed revocation to pass on) and drop the sites
    only its certificates vouched for: a revoked delegate's enrollments the root had not
    countersigned are no longer trusted here."""
    if raw.execute("SELECT 1 FROM sync_peer WHERE site_id = ?", (site_id,)).fetchone() is None:
        if c is None:
            return
        raw.execute(
            "INSERT INTO sync_peer (site_id, name, public_key, fingerprint, confirmed, first_seen, "
            "acked_seq, received_seq, own_held, enrolled, is_root, revoked, cert) "
            "VALUES (?, ?, ?, ?, ?, ?, 0, 0, '{}', ?, ?, ?, ?)",
            (site_id, c.name, c.public_key, _fingerprint(c.public_key), 0, now, 0, 0, 1, c.text()))
    else:
        raw.execute("UPDATE sync_peer SET revoked = ?, enrolled = ?, may_enroll = ?, "
                    "cert = coalesce(?, cert) WHERE site_id = ?",
                    (1, 0, 0, c.text() if c is not None else None, site_id))
    for sid, text in raw.execute("SELECT site_id, cert FROM sync_peer WHERE enrolled = 1 AND revoked = 0").fetchall():
        held = parse(text) if text else None
        if held is not None and held.by == site_id:
            raw.execute("UPDATE sync_peer SET enrolled = ? WHERE site_id = ?", (0, sid))


def _fingerprint(key: bytes) -> str:
    from vcadre.sync.package import fingerprint

    return fingerprint(key)


# ------------------------------------------------------------------ what an export carries

def endorse(raw, me) -> None:
    """At the root: sign a certificate for every enrolled site that has none from the root (sites
    enrolled before certificates, and delegated enrollments: countersigned, so they outlive their
    delegate), and a revocation for every revoked site."""
    rows = raw.execute("SELECT site_id, name, public_key, box_key, may_enroll, enrolled_by, cert, revoked, enrolled "
                       "FROM sync_peer WHERE (enrolled = 1 OR revoked = 1) AND is_root = 0").fetchall()
    for sid, name, key, box, may, enrolled_by, text, revoked, _enrolled in rows:
        held = parse(text) if text else None
        if revoked:
            if held is not None and held.revoked and held.by == me.id:
                continue
            c = issue(me.private_key, me.id, sid, name.strip(), bytes(key), bytes(box) if box else None,
                      enrolled_by=enrolled_by or me.id, revoked=True)
        else:
            if held is not None and held.by == me.id and not held.revoked and held.may_enroll == bool(may):
                continue
            c = issue(me.private_key, me.id, sid, name.strip(), bytes(key), bytes(box) if box else None,
                      enrolled_by=enrolled_by or me.id, may_enroll=bool(may))
        raw.execute("UPDATE sync_peer SET cert = ?, enrolled_by = coalesce(enrolled_by, ?) WHERE site_id = ?",
                    (c.text(), me.id, sid))


def carried(raw) -> tuple[list, list]:
    """(certificates, root) for a package's manifest: every certificate held here (this site's
    own first), and the root this site joined as [id, name, signing key, encryption key]."""
    (mine,) = raw.execute("SELECT cert FROM site WHERE is_local = 1").fetchone()
    out = [json.loads(mine)] if mine else []
    out += [json.loads(t) for (t,) in raw.execute(
        "SELECT cert FROM sync_peer WHERE cert IS NOT NULL ORDER BY site_id")]
    root = raw.execute("SELECT site_id, name, public_key, box_key FROM sync_peer WHERE is_root = 1").fetchone()
    root_entry = [root[0], root[1], base64.b64encode(bytes(root[2])).decode("ascii"),
                  base64.b64encode(bytes(root[3])).decode("ascii") if root[3] else ""] if root else []
    return out, root_entry
