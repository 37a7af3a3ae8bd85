"""Origin-signed segments of the change log (来源签名段): what the store itself needs.

A segment is a site's Ed25519 signature over a run of its own changes; ``sync.segments`` holds
the design (forwarding, checking on import). Signing lives here because the store signs too: a
database found to be a copy signs what it holds of its original's changes with the original's
key just before that key is wiped (``identity.become_copy``), so none of them becomes unprovable.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from typing import Iterable

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

#: Lines per segment at most: a relay re-sends at most this many lines the peer already has
#: when it holds only part of what the peer lacks; one signature check per this many lines.
SEGMENT_MAX = 1000
_MAGIC = b"vcadre-segment-v1\n"


def line_of(change) -> bytes:
    """One change line, TAB-separated: origin, origin_seq, hlc, table, row id, field, old value
    JSON (empty: none), new value JSON. JSON escapes control characters, so values hold no TAB or
    newline; the keys are identifiers (validated on import). The origin signs these very bytes,
    and every site forwards them unchanged."""
    old = change[6]
    return ("\t".join((*(str(x) for x in change[:6]), "" if old is None else old, change[7])) + "\n").encode("utf-8")


@dataclass(frozen=True)
class Segment:
    origin: str
    first: int
    last: int
    count: int
    sha256: str
    signature: bytes

    def message(self) -> bytes:
        return _MAGIC + f"{self.origin}\n{self.first}\n{self.last}\n{self.count}\n{self.sha256}".encode("ascii")

    def signed(self, private_key: bytes) -> "Segment":
        sig = Ed25519PrivateKey.from_private_bytes(private_key).sign(self.message())
        return Segment(self.origin, self.first, self.last, self.count, self.sha256, sig)

    def verifies(self, public_key: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(public_key).verify(self.signature, self.message())
        except (InvalidSignature, ValueError):
            return False
        return True

    def as_list(self) -> list:
        return [self.origin, self.first, self.last, self.count, self.sha256,
                base64.b64encode(self.signature).decode("ascii")]


def row_segment(row) -> Segment:
    origin, first, last, count, digest, sig = row
    return Segment(origin, int(first), int(last), int(count), digest, bytes(sig))


def sign_own(raw, site_id: str, private_key: bytes, progress=None) -> int:
    """Sign this site's own changes not yet in a segment (inside the export's transaction).

    Own numbers only grow (a rewind starts a new incarnation above them), so what is unsigned is
    what lies above the last own segment. Returns the number of segments made.
    ``progress(done, total)``: changes signed so far (it may raise to cancel)."""
    (top,) = raw.execute("SELECT coalesce(max(last_seq), 0) FROM sync_segment WHERE origin = ?",
                         (site_id,)).fetchone()
    total = done = 0
    if progress is not None:
        (total,) = raw.execute("SELECT count(*) FROM sync_change WHERE origin = ? AND origin_seq > ?",
                               (site_id, int(top))).fetchone()
        progress(0, int(total))
    cur = raw.execute(
        "SELECT origin, origin_seq, hlc, tbl, row_id, field, old, new FROM sync_change "
        "WHERE origin = ? AND origin_seq > ? ORDER BY origin_seq", (site_id, int(top)))
    made = 0
    while True:
        batch = cur.fetchmany(SEGMENT_MAX)
        if not batch:
            break
        h = hashlib.sha256()
        for r in batch:
            h.update(line_of(r))
        seg = Segment(site_id, int(batch[0][1]), int(batch[-1][1]), len(batch), h.hexdigest(), b"").signed(private_key)
        insert(raw, seg)
        made += 1
        if progress is not None:
            done += len(batch)
            progress(done, max(int(total), done))
    return made


def insert(raw, seg: Segment) -> None:
    raw.execute(
        "INSERT INTO sync_segment (origin, first_seq, last_seq, count, sha256, signature) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        (seg.origin, seg.first, seg.last, seg.count, seg.sha256, seg.signature))


def store(raw, segments: Iterable[Segment]) -> None:
    """Keep the segments of an imported package (its lines are all in the log now)."""
    for seg in segments:
        insert(raw, seg)
