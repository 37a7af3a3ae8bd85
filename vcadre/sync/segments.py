"""Proven origins (来源签名): every change travels inside a segment signed by the site that made it.

A **segment** is an origin's signature over a run of its own changes: ``(origin, first_seq,
last_seq, count, SHA-256 of the change lines)`` where the lines are every change of that origin
numbered ``first_seq..last_seq``, in number order, as ``store.signed.line_of`` writes them. The origin
signs its own changes when it first exports them (``sign_own``, at most ``SEGMENT_MAX`` lines a
segment, ``store.signed``); every site stores the segments it receives (``store``) and forwards them unchanged
with their lines (``Planner``), so a relay can send any subset of what it holds, one whole
segment at a time, and the receiver checks each segment on its own.

An importer (``verify_stream``, before anything is written) takes each origin's key from what it
trusts — its own key, the sender's (checked as before), a pinned peer, the root's roster — never
from the sender's word, except on a site outside any enrolled network (trust on first use, then
pinned). A package is refused whole when a line is outside every segment, a line claims another
origin than its segment, a segment's lines were altered, its signature does not verify with the
origin's key, or the origin is revoked or (in an enrolled network) not enrolled.
"""

from __future__ import annotations

import base64
import hashlib
import re
from bisect import bisect_right
from dataclasses import dataclass
from operator import lt
from datetime import datetime
from typing import Callable, Iterable, Iterator, Optional

from vcadre.store.signed import SEGMENT_MAX, Segment, row_segment, sign_own, store  # noqa: F401
from vcadre.sync import package as pkg
from vcadre.sync.errors import DamagedPackageError, SiteKeyError

_REFUSED = "已拒绝导入，未作任何改动。"


def segment_from_list(entry, number: int) -> Segment:
    """From a manifest entry (``number``: its place in the package, for the message)."""
    try:
        origin, first, last, count, digest, sig = entry
        ok = (type(origin) is str and pkg.ID_PATTERN.match(origin) is not None
              and all(type(x) is int for x in (first, last, count))
              and 0 <= first <= last and 1 <= count <= last - first + 1
              and type(digest) is str and len(digest) == 64 and type(sig) is str)
        signature = base64.b64decode(sig, validate=True) if ok else b""
    except (ValueError, TypeError):
        ok = False
    if not ok or len(signature) != 64:
        raise DamagedPackageError(f"同步包中第 {number} 个来源签名段格式无效，{_REFUSED}")
    return Segment(origin, first, last, count, digest, signature)


# ------------------------------------------------------------------ a site forwards

class Planner:
    """Chooses the segments that carry a set of changes, in the order the changes were learned.

    ``want(origin, origin_seq)`` for each change to send (in local ``seq`` order); ``write``
    then puts each chosen segment, whole, into the writer. Changes without a segment (received
    before origins signed, from a version without this) and changes of revoked origins are left
    out and counted.
    """

    def __init__(self, raw, skip_origins: Iterable[str] = ()) -> None:
        self.raw = raw
        self._by_origin: dict[str, tuple[list[int], list[Segment]]] = {}
        self._chosen: dict[Segment, None] = {}
        self._last: Optional[Segment] = None
        # Revoked sites, and sites only a revoked delegate had enrolled (``sync.certs``): no
        # peer in the network would accept their changes.
        self.revoked = {sid for (sid,) in raw.execute(
            "SELECT site_id FROM sync_peer WHERE revoked = 1 OR (enrolled = 0 AND is_root = 0 "
            "AND enrolled_by IS NOT NULL)")}
        self.skip = set(skip_origins)
        self.unsigned = 0
        self.left_out_revoked = 0

    def _segments(self, origin: str) -> tuple[list[int], list[Segment]]:
        got = self._by_origin.get(origin)
        if got is None:
            segs = [row_segment(r) for r in self.raw.execute(
                "SELECT origin, first_seq, last_seq, count, sha256, signature FROM sync_segment "
                "WHERE origin = ? ORDER BY first_seq, last_seq", (origin,))]
            got = self._by_origin[origin] = ([s.first for s in segs], segs)
        return got

    def want(self, origin: str, seq: int) -> None:
        last = self._last
        if last is not None and last.origin == origin and last.first <= seq <= last.last:
            return
        if origin in self.skip:
            return
        if origin in self.revoked:
            self.left_out_revoked += 1
            return
        firsts, segs = self._segments(origin)
        i = bisect_right(firsts, seq) - 1
        # Segments of one origin may overlap (re-signed after a restore): look back a little.
        stop = i - 64
        while i > stop and i >= 0 and segs[i].last < seq:
            i -= 1
        if i < 0 or segs[i].last < seq:
            self.unsigned += 1
            return
        self._last = segs[i]
        self._chosen.setdefault(segs[i])

    def lines(self) -> int:
        """Lines ``write`` puts into the package."""
        return sum(seg.count for seg in self._chosen)

    def write(self, writer: "pkg.ChangeWriter", progress=None) -> None:
        """``progress(done)``: lines written so far, after each segment (it may raise to cancel)."""
        for seg in self._chosen:
            rows = self.raw.execute(
                "SELECT origin, origin_seq, hlc, tbl, row_id, field, old, new FROM sync_change "
                "WHERE origin = ? AND origin_seq BETWEEN ? AND ? ORDER BY origin_seq",
                (seg.origin, seg.first, seg.last)).fetchall()
            lines = [pkg.line_of(r) for r in rows]
            h = hashlib.sha256()
            for line in lines:
                h.update(line)
            if len(lines) != seg.count or h.hexdigest() != seg.sha256:
                # Not what its origin signed (should not happen): peers would refuse the package.
                self.unsigned += len(lines)
                continue
            writer.add_segment(seg.as_list(), lines, [r[3] for r in rows])
            if progress is not None:
                progress(writer.count)

    def origins(self) -> set[str]:
        return {seg.origin for seg in self._chosen}


def carried_keys(raw, origins: Iterable[str]) -> dict[str, list[str]]:
    """{origin: [name, public key (base64)]} of the known peers among ``origins``."""
    out = {}
    for origin in sorted(origins):
        row = raw.execute("SELECT name, public_key FROM sync_peer WHERE site_id = ?", (origin,)).fetchone()
        if row is not None and row[1]:
            out[origin] = [row[0], base64.b64encode(bytes(row[1])).decode("ascii")]
    return out


# ------------------------------------------------------------------ an importer checks

@dataclass
class Trust:
    """The key each origin of a package is checked with; keys to pin after the import."""
    keys: dict[str, bytes]
    names: dict[str, str]
    new_peers: dict[str, tuple[str, bytes]]


def origin_keys(raw, header, manifest, segments: list[Segment], vouched=None) -> Trust:
    """Each origin's key from what this site trusts; refuse revoked and (in an enrolled network)
    unenrolled origins, naming them. ``vouched``: what the package's enrollment certificates
    prove (``sync.certs``: sites enrolled by a delegate, the root a WELCOME names)."""
    local_id, local_key, is_root = raw.execute(
        "SELECT id, public_key, is_root FROM site WHERE is_local = 1").fetchone()
    root = raw.execute("SELECT site_id, name FROM sync_peer WHERE is_root = 1").fetchone()
    r = manifest.roster if isinstance(manifest.roster, dict) else {}
    # The root's roster in this very package counts (a WELCOME brings the sites it relays).
    roster_applies = bool(r) and r.get("root") == header.site_id and not is_root and (
        root is None or root[0] == header.site_id)
    roster: dict[str, tuple[str, bytes]] = {}
    revoked_here: set[str] = set()
    if roster_applies:
        for entry in r.get("sites") or []:
            if isinstance(entry, list) and len(entry) in (3, 4) and all(isinstance(x, str) for x in entry):
                try:
                    roster[entry[0]] = (entry[1], base64.b64decode(entry[2], validate=True))
                except ValueError:
                    continue
        revoked_here = {x for x in (r.get("revoked") or []) if isinstance(x, str)}
    if vouched is not None:
        revoked_here |= vouched.revoked
    enrolled_net = bool(is_root) or root is not None or roster_applies or (
        vouched is not None and vouched.root is not None)
    certified = {sid: (c.name, c.public_key) for sid, c in (vouched.valid.items() if vouched else ())
                 if sid not in revoked_here}
    if vouched is not None and vouched.adopt:  # the root a delegate's WELCOME names
        certified[vouched.root[0]] = (vouched.root[1], vouched.root[2])
    carried = manifest.keys if isinstance(manifest.keys, dict) else {}
    trust = Trust({}, {}, {})
    for origin in dict.fromkeys(s.origin for s in segments):
        if origin == local_id:
            trust.names[origin] = "本机"
            if not local_key:
                raise SiteKeyError(f"同步包中有自称本机（站点编号 {origin}）的变更，但本机从未签发过变更："
                                   f"可能是伪造的变更，{_REFUSED}")
            trust.keys[origin] = bytes(local_key)
            continue
        if origin == header.site_id:
            trust.names[origin] = header.site_name
            trust.keys[origin] = header.public_key
            continue
        peer = raw.execute("SELECT public_key, name, enrolled, revoked, is_root FROM sync_peer WHERE site_id = ?",
                           (origin,)).fetchone()
        extra = carried.get(origin)
        name = (peer[1] if peer else None) or (roster[origin][0] if origin in roster else None) or (
            certified[origin][0] if origin in certified else None) or (
            extra[0] if isinstance(extra, list) and extra and isinstance(extra[0], str) else origin)
        trust.names[origin] = name
        if (peer is not None and peer[3]) or origin in revoked_here:
            raise SiteKeyError(
                f"同步包中有站点“{name}”的变更，该站点的密钥已被县委组织部吊销（例如电脑丢失），其变更一律不接受，"
                f"{_REFUSED}请让“{header.site_name}”先导入县委组织部最新的同步包，再重新导出。")
        if enrolled_net and not ((peer is not None and (peer[2] or peer[4])) or origin in roster
                                 or origin in certified):
            root_name = root[1] if root is not None else "本机" if is_root else (
                vouched.root[1] if vouched is not None and vouched.root is not None else header.site_name)
            raise SiteKeyError(
                f"同步包中有站点“{name}”的变更，该站点未经“{root_name}”登记加入，{_REFUSED}"
                f"若它是新登记的站点，请先导入“{root_name}”登记它之后导出的同步包。")
        if peer is not None and peer[0]:
            trust.keys[origin] = bytes(peer[0])
        elif origin in roster:
            trust.keys[origin] = roster[origin][1]
        elif origin in certified:
            trust.keys[origin] = certified[origin][1]
        else:
            try:
                key = base64.b64decode(extra[1], validate=True) if isinstance(extra, list) and len(extra) == 2 else b""
            except (ValueError, TypeError):
                key = b""
            if len(key) != 32:
                raise SiteKeyError(f"同步包中有站点“{name}”的变更，但本机不知道该站点的签名密钥，无法证明"
                                   f"这些变更确实来自它，{_REFUSED}")
            trust.keys[origin] = key
            trust.new_peers[origin] = (name.strip()[:100] or origin, key)
    return trust


def _first_bad_number(texts: list[bytes], prev: int, last: int) -> int:
    """Index of the first number that is not canonical, not increasing or out of range."""
    for k, text in enumerate(texts):
        if not text.isdigit() or text[:1] == b"0" or not prev < int(text) <= last:
            return k
        prev = int(text)
    return 0


def verify_stream(compressed: bytes, segments: list[Segment], trust: Trust,
                  known: Optional[Callable[[str, list[int]], bool]] = None) -> tuple[int, bool]:
    """Walk the change lines once: each segment's lines are its origin's, in number order within
    its range, hash to what the origin signed, and the signature verifies. Memory: one run.

    Returns (number of lines, whether any change is new): ``known(origin, numbers)`` says
    whether all those changes are in the log already (no backup for a package of known ones)."""
    new = False
    it: Iterator[tuple[int, Segment]] = enumerate(segments, 1)
    seg: Optional[Segment] = None
    start = 0      # line number of the segment's first line
    left = 0       # lines of the segment still to come
    prev = 0       # last number seen in the segment
    digest = hashlib.sha256()
    n = 0          # lines before the current run
    origin_b = b""

    def finish() -> None:
        who = trust.names.get(seg.origin, seg.origin)
        if digest.hexdigest() != seg.sha256:
            raise DamagedPackageError(
                f"同步包中来自站点“{who}”的变更（第 {start}–{start + seg.count - 1} 条）与该站点签名时的内容不符"
                f"（被改动过），{_REFUSED}")
        if not seg.verifies(trust.keys[seg.origin]):
            raise SiteKeyError(
                f"同步包中自称来自站点“{who}”的变更（第 {start}–{start + seg.count - 1} 条）没有该站点的有效签名："
                f"可能是伪造的变更，{_REFUSED}")

    for run in pkg._texts(compressed):
        lines = run.split(b"\n")
        pos = 0
        while pos < len(lines):
            if left == 0:
                if seg is not None:
                    finish()
                nxt = next(it, None)
                if nxt is None:
                    raise SiteKeyError(
                        f"同步包从第 {n + pos + 1} 条变更起没有来源站点的签名，无法证明这些变更的来源，{_REFUSED}")
                seg = nxt[1]
                start, left, prev = n + pos + 1, seg.count, seg.first - 1
                digest = hashlib.sha256()
                origin_b = seg.origin.encode("ascii")
            take = lines[pos:pos + left]
            blob = b"\n".join(take)
            # One search for "origin TAB number TAB" at each line start (values hold no newline):
            # as many hits as lines means every line names the segment's origin.
            texts = re.findall(b"\n" + re.escape(origin_b) + rb"\t([0-9]+)\t", b"\n" + blob)
            if len(texts) != len(take):
                heads = [line.split(b"\t", 2) for line in take]
                k = next((k for k, h in enumerate(heads) if len(h) < 3 or h[0] != origin_b), None)
                if k is not None:
                    who = heads[k][0].decode("utf-8", "replace")[:36]
                    raise SiteKeyError(
                        f"同步包第 {n + pos + k + 1} 条变更自称来自站点 {who}，但它所在的签名段属于站点"
                        f"“{trust.names.get(seg.origin, seg.origin)}”：可能是伪造的变更，{_REFUSED}")
                texts = [h[1] for h in heads]
            numbers = list(map(int, texts)) if all(map(bytes.isdigit, texts)) else []
            if (len(numbers) != len(texts) or b"\n".join(texts) != "\n".join(map(str, numbers)).encode("ascii")
                    or numbers[0] <= prev or numbers[-1] > seg.last or not all(map(lt, numbers, numbers[1:]))):
                k = _first_bad_number(texts, prev, seg.last)
                raise DamagedPackageError(
                    f"同步包第 {n + pos + k + 1} 条变更无效（序号无效，或不在其来源签名段的范围内、顺序不对），{_REFUSED}")
            prev = numbers[-1]
            if not new and known is not None and not known(seg.origin, numbers):
                new = True
            digest.update(blob)
            digest.update(b"\n")
            left -= len(take)
            pos += len(take)
        n += len(lines)
    if seg is None and next(it, None) is None:
        return 0, False  # an empty package
    if left or seg is None:
        raise DamagedPackageError(f"同步包的来源签名段与其中的变更条数不符，{_REFUSED}")
    finish()
    if next(it, None) is not None:
        raise DamagedPackageError(f"同步包的来源签名段与其中的变更条数不符，{_REFUSED}")
    return n, new or known is None


def read_segments(manifest) -> list[Segment]:
    entries = manifest.segments if isinstance(manifest.segments, list) else None
    if entries is None:
        raise DamagedPackageError(f"同步包的来源签名段列表已损坏，{_REFUSED}")
    return [segment_from_list(e, i) for i, e in enumerate(entries, 1)]


def pin_new_peers(raw, trust: Trust) -> None:
    """Keys first met as relayed origins (trust on first use outside an enrolled network)."""
    for origin, (name, key) in trust.new_peers.items():
        if raw.execute("SELECT 1 FROM sync_peer WHERE site_id = ?", (origin,)).fetchone() is None:
            raw.execute(
                "INSERT INTO sync_peer (site_id, name, public_key, fingerprint, confirmed, first_seen, "
                "acked_seq, received_seq, own_held) VALUES (?, ?, ?, ?, ?, ?, 0, 0, '{}')",
                (origin, name, key, pkg.fingerprint(key), 0, datetime.now().isoformat(sep=" ")))
