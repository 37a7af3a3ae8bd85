"""The sync package file (同步包): signed, encrypted, verified before anything is parsed.

Layout (all lengths big-endian)::

    MAGIC (12 bytes)  header length (4)  header (UTF-8 JSON, <= 16 KiB)
    ciphertext (AES-256-GCM, associated data = everything before it)
    signature (64 bytes, Ed25519 over everything before it)

The header is public: format version, package id, sending site (id, name, public key), the
nonce, and one or both ways to the content key: ``recipients`` (an ephemeral X25519 public key
and, per recipient site id, the random content key wrapped with X25519 + HKDF + AES-GCM) and/or
``kdf`` (scrypt salt/n/r/p of a passphrase). With both, both are needed (HKDF of the two keys). The plaintext is ``manifest length (4) manifest
(JSON) + zlib(changes)``, one change per line, TAB-separated: origin site, origin sequence
number, clock, table, row id, field, the old value as JSON (empty when there is none), the new
value as JSON — so values are stored and forwarded as the very text received. Reading order is fixed:
magic → header → format version → signature (against the key the site is known by) → key
derivation and decryption (the GCM tag authenticates) → manifest → content hash. Only then are
changes read, 2,000 lines at a time (``iter_line_chunks``), so memory holds the compressed
package and one chunk, not a Python object per change.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from vcadre.store import ioerrors
from vcadre.store.signed import line_of  # noqa: F401 (the line form, used here and by callers)
from vcadre.sync.errors import (
    DamagedPackageError,
    FormatVersionError,
    NotAPackageError,
    SyncError,
    WrongPassphraseError,
)

MAGIC = b"VCADRE-SYNC\x00"
#: 2: every change line is covered by its origin's signed segment (``sync.segments``).
FORMAT_VERSION = 2
SUFFIX = ".vcsync"
MAX_HEADER = 16 * 1024
SIG_LEN = 64
#: scrypt cost for new packages (~0.1 s, 32 MiB); tests pass a smaller ``kdf_n``.
DEFAULT_KDF_N = 2**15
_KDF_N_RANGE = (2**10, 2**20)
#: scrypt memory (128·n·r·p bytes) a header may ask for: checked before any work (a header
#: asking n=2^20, r=16 would cost 2 GB and 25 s).
MAX_KDF_MEMORY = 64 * 1024 * 1024
#: Largest package file read (a province's full package is ~40 MB; anything near this is not ours).
MAX_PACKAGE = 256 * 1024 * 1024
#: Decompressed change text: at most this per package, and one line at most ``MAX_LINE``
#: (a photo is the longest value): a 300 KB compression bomb is refused, not inflated.
MAX_PLAIN = 4 * 1024 * 1024 * 1024
MAX_LINE = 16 * 1024 * 1024
_STEP = 1 << 20  # decompressed bytes produced per step
#: A site or row id as vcadre writes them.
ID_PATTERN = re.compile(r"^[0-9A-Za-z-]{1,36}$")


def fingerprint(public_key: bytes) -> str:
    """A short, readable fingerprint of a public key (compare it by phone or in person)."""
    digest = hashlib.sha256(public_key).hexdigest()[:32].upper()
    return " ".join(digest[i:i + 4] for i in range(0, 32, 4))


def new_key_pair() -> tuple[bytes, bytes]:
    """(private, public) raw Ed25519 keys."""
    from cryptography.hazmat.primitives import serialization as ser

    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(ser.Encoding.Raw, ser.PrivateFormat.Raw, ser.NoEncryption())
    public = key.public_key().public_bytes(ser.Encoding.Raw, ser.PublicFormat.Raw)
    return private, public


def derive_key(passphrase: str, salt: bytes, n: int, r: int = 8, p: int = 1) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode("ascii")


def _unb64(s: Any, what: str) -> bytes:
    try:
        return base64.b64decode(s, validate=True)
    except Exception:
        raise DamagedPackageError(f"同步包头部的“{what}”已损坏，已拒绝导入，未作任何改动。") from None


@dataclass
class Manifest:
    package_id: str
    site_id: str
    site_name: str
    schema: str
    created: str
    full: bool
    for_site: Optional[str]
    from_seq: int
    to_seq: int
    changes: int
    counts: dict[str, int]
    acks: dict[str, int]
    content_sha256: str
    format: int = FORMAT_VERSION
    #: {incarnation: highest own change number held}: peers resend the sender's own changes
    #: above it (what a restore or an undo lost), see ``store.identity``.
    own: dict = field(default_factory=dict)
    #: From the root only: {"root": its id, "sites": [[id, name, public key (base64)], ...]}, the
    #: sites it enrolled (``sync.enroll``).
    roster: dict = field(default_factory=dict)
    #: The origin-signed segments covering the change lines, in order (``sync.segments``):
    #: [origin, first_seq, last_seq, count, sha256 of the lines, signature (base64)].
    segments: list = field(default_factory=list)
    #: {origin: [name, public key (base64)]} of the origins relayed here, for sites that trust
    #: on first use (enrolled sites take keys from the root's roster only).
    keys: dict = field(default_factory=dict)
    #: The sender's X25519 public key (base64): peers encrypt their packages for it to this key.
    box_key: str = ""
    #: Enrollment certificates the sender holds, [body, signature] each (``sync.certs``):
    #: delegated enrollments and the root's revocations, checked by every site on its own.
    certs: list = field(default_factory=list)
    #: The root the sender joined: [id, name, signing key, encryption key] (base64); [] from the
    #: root itself (its roster names it) or outside an enrolled network.
    root: list = field(default_factory=list)

    def as_json(self) -> bytes:
        return json.dumps(self.__dict__, ensure_ascii=False, sort_keys=True).encode("utf-8")


@dataclass
class Header:
    format: int
    package_id: str
    site_id: str
    site_name: str
    public_key: bytes
    salt: bytes
    kdf_n: int
    kdf_r: int
    kdf_p: int
    nonce: bytes
    #: Encrypted to these sites' X25519 keys: {site id: the content key wrapped for it}.
    recipients: dict = field(default_factory=dict)
    #: The sender's ephemeral X25519 public key (the wrapping keys come from it).
    epk: bytes = b""

    @property
    def has_passphrase(self) -> bool:
        return bool(self.salt)


class ChangeWriter:
    """Compresses change lines as they come and hashes them, in origin-signed segments.

    ``add_segment`` forwards a segment as received (its lines, its origin's signature).
    ``add`` writes a line of an origin whose private key is in ``signers``: such lines are cut
    into segments and signed here (``sync.segments.SEGMENT_MAX`` lines at most, one origin each).
    """

    def __init__(self, signers: Optional[dict[str, bytes]] = None) -> None:
        self._z = zlib.compressobj(6)
        self._parts: list[bytes] = []
        self._hash = hashlib.sha256()
        self.count = 0
        self.counts: dict[str, int] = {}
        self.segments: list[list] = []
        self._signers = signers or {}
        self._open: Optional[list] = None  # [origin, first, last, count, sha256 object]

    def add(self, change: list) -> None:
        from vcadre.store import signed

        origin = str(change[0])
        run = self._open
        if run is not None and (run[0] != origin or run[3] >= signed.SEGMENT_MAX or int(change[1]) <= run[2]):
            self._close()
            run = None
        if run is None:
            run = self._open = [origin, int(change[1]), int(change[1]), 0, hashlib.sha256()]
        line = line_of(change)
        run[2] = int(change[1])
        run[3] += 1
        run[4].update(line)
        self._add_line(line, change[3])

    def _close(self) -> None:
        run, self._open = self._open, None
        if run is None:
            return
        from vcadre.store.signed import Segment

        key = self._signers.get(run[0])
        if key is None:
            return  # lines nobody here can sign: an importer refuses them (tests build such files)
        seg = Segment(run[0], run[1], run[2], run[3], run[4].hexdigest(), b"")
        self.segments.append(seg.signed(key).as_list())

    def add_segment(self, segment: list, lines: list[bytes], tables: list[str]) -> None:
        """A segment as received (``segment`` as in the manifest) with its lines, in order."""
        self._close()
        self.segments.append(segment)
        for line, table in zip(lines, tables):
            self._add_line(line, table)

    def _add_line(self, line: bytes, table: str) -> None:
        self._hash.update(line)
        self._parts.append(self._z.compress(line))
        self.count += 1
        self.counts[table] = self.counts.get(table, 0) + 1

    def finish(self) -> tuple[bytes, str]:
        self._close()
        self._parts.append(self._z.flush())
        return b"".join(self._parts), self._hash.hexdigest()


def new_box_pair() -> tuple[bytes, bytes]:
    """(private, public) raw X25519 keys: packages for a site are encrypted to its public key."""
    from cryptography.hazmat.primitives import serialization as ser

    key = X25519PrivateKey.generate()
    private = key.private_bytes(ser.Encoding.Raw, ser.PrivateFormat.Raw, ser.NoEncryption())
    return private, key.public_key().public_bytes(ser.Encoding.Raw, ser.PublicFormat.Raw)


def _wrap_key(shared: bytes, package_id: str, epk: bytes, recipient_pub: bytes) -> bytes:
    """The key that wraps the content key for one recipient (X25519 shared secret → HKDF)."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=package_id.encode("utf-8"),
                info=b"vcadre-sync wrap v1" + epk + recipient_pub).derive(shared)


def _content_key(box_key: Optional[bytes], pass_key: Optional[bytes]) -> bytes:
    """Both layers (recipients and a passphrase) must be opened to read a package that has both."""
    if box_key is not None and pass_key is not None:
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                    info=b"vcadre-sync content v2").derive(box_key + pass_key)
    key = box_key if box_key is not None else pass_key
    assert key is not None
    return key


def seal(manifest: Manifest, compressed: bytes, *, private_key: bytes, public_key: bytes,
         passphrase: Optional[str] = None, kdf_n: int = DEFAULT_KDF_N,
         recipients: Optional[dict[str, bytes]] = None) -> tuple[bytes, bytes]:
    """The package bytes, and the content key (to re-verify the written file without a 2nd KDF).

    ``recipients`` ({site id: X25519 public key}): a random content key is wrapped for each
    (ephemeral-static X25519, HKDF-SHA256, AES-256-GCM), so only those sites can read it;
    ``passphrase``: a scrypt key too (both needed when both are given; at least one)."""
    if not recipients and not passphrase:
        raise SyncError("同步包既没有接收站点也没有口令，无法加密。")
    nonce = os.urandom(12)
    header: dict[str, Any] = {
        "format": FORMAT_VERSION, "package_id": manifest.package_id, "site_id": manifest.site_id,
        "site_name": manifest.site_name, "public_key": _b64(public_key),
        "cipher": "AES-256-GCM", "nonce": _b64(nonce),
    }
    box_key = pass_key = None
    if recipients:
        box_key = os.urandom(32)
        eph = X25519PrivateKey.generate()
        from cryptography.hazmat.primitives import serialization as ser

        epk = eph.public_key().public_bytes(ser.Encoding.Raw, ser.PublicFormat.Raw)
        wrapped = {}
        for site_id, pub in sorted(recipients.items()):
            kek = _wrap_key(eph.exchange(X25519PublicKey.from_public_bytes(pub)), manifest.package_id, epk, pub)
            wrapped[site_id] = _b64(AESGCM(kek).encrypt(bytes(12), box_key, site_id.encode("utf-8")))
        header["recipients"] = {"epk": _b64(epk), "to": wrapped}
    if passphrase:
        salt = os.urandom(16)
        header["kdf"] = {"name": "scrypt", "salt": _b64(salt), "n": kdf_n, "r": 8, "p": 1}
        pass_key = derive_key(passphrase, salt, kdf_n)
    head = json.dumps(header, ensure_ascii=False, sort_keys=True).encode("utf-8")
    if len(head) > MAX_HEADER:
        raise SyncError(f"接收站点过多（{len(recipients or {})} 个），同步包头部超过上限，请分批导出。")
    prefix = MAGIC + struct.pack(">I", len(head)) + head
    key = _content_key(box_key, pass_key)
    mjson = manifest.as_json()
    plaintext = struct.pack(">I", len(mjson)) + mjson + compressed
    body = prefix + AESGCM(key).encrypt(nonce, plaintext, prefix)
    signer = Ed25519PrivateKey.from_private_bytes(private_key)
    return body + signer.sign(body), key


def unwrap(header: Header, site_id: str, box_private: Optional[bytes]) -> Optional[bytes]:
    """The content key wrapped for ``site_id`` (None: the package is not encrypted to it, or
    the key does not open it)."""
    wrapped = header.recipients.get(site_id)
    if wrapped is None or not box_private:
        return None
    try:
        me = X25519PrivateKey.from_private_bytes(bytes(box_private))
        from cryptography.hazmat.primitives import serialization as ser

        pub = me.public_key().public_bytes(ser.Encoding.Raw, ser.PublicFormat.Raw)
        kek = _wrap_key(me.exchange(X25519PublicKey.from_public_bytes(header.epk)), header.package_id,
                        header.epk, pub)
        return AESGCM(kek).decrypt(bytes(12), wrapped, site_id.encode("utf-8"))
    except (InvalidTag, ValueError):
        return None


def read_header(data: bytes) -> tuple[Header, int]:
    """Parse the public header; refuse non-packages, damage and future formats. Returns (header, end)."""
    if len(data) < len(MAGIC) or data[:len(MAGIC)] != MAGIC:
        raise NotAPackageError("该文件不是 vcadre 同步包，已拒绝导入，未作任何改动。")
    if len(data) < len(MAGIC) + 4 + SIG_LEN:
        raise DamagedPackageError("同步包不完整（文件被截断），已拒绝导入，未作任何改动。")
    (hlen,) = struct.unpack(">I", data[len(MAGIC):len(MAGIC) + 4])
    end = len(MAGIC) + 4 + hlen
    if hlen > MAX_HEADER or end + SIG_LEN > len(data):
        raise DamagedPackageError("同步包已损坏或不完整（头部长度不符），已拒绝导入，未作任何改动。")
    try:
        h = json.loads(data[len(MAGIC) + 4:end].decode("utf-8"))
        fmt = h["format"]
    except Exception:
        raise DamagedPackageError("同步包头部已损坏，已拒绝导入，未作任何改动。") from None
    if not isinstance(fmt, int) or fmt != FORMAT_VERSION:
        if fmt == 1:
            raise FormatVersionError(
                "这是旧版本 vcadre 导出的同步包（格式版本 1），其中的变更没有来源站点的签名，不能导入。"
                "请对方升级 vcadre 后重新导出；未作任何改动。")
        if isinstance(fmt, int) and fmt > FORMAT_VERSION:
            raise FormatVersionError(
                f"同步包格式版本为 {fmt}，本程序只认识版本 {FORMAT_VERSION}。请升级 vcadre 后再导入；未作任何改动。")
        raise DamagedPackageError("同步包头部已损坏（格式版本无效），已拒绝导入，未作任何改动。")
    try:
        kdf = h.get("kdf")
        rcp = h.get("recipients")
        header = Header(
            format=fmt, package_id=str(h["package_id"]), site_id=str(h["site_id"]),
            site_name=str(h["site_name"]), public_key=_unb64(h["public_key"], "公钥"),
            salt=_unb64(kdf["salt"], "盐值") if kdf is not None else b"",
            kdf_n=int(kdf["n"]) if kdf is not None else 0, kdf_r=int(kdf["r"]) if kdf is not None else 0,
            kdf_p=int(kdf["p"]) if kdf is not None else 0, nonce=_unb64(h["nonce"], "随机数"),
        )
        ok = (h["cipher"] == "AES-256-GCM" and len(header.public_key) == 32 and len(header.nonce) == 12
              and (kdf is not None or rcp is not None))
        if kdf is not None:
            ok = ok and (kdf["name"] == "scrypt"
                         and _KDF_N_RANGE[0] <= header.kdf_n <= _KDF_N_RANGE[1]
                         and header.kdf_n & (header.kdf_n - 1) == 0 and 1 <= header.kdf_r <= 16
                         and 1 <= header.kdf_p <= 4
                         and 128 * header.kdf_n * header.kdf_r * header.kdf_p <= MAX_KDF_MEMORY
                         and len(header.salt) >= 16)
        if rcp is not None:
            header.epk = _unb64(rcp["epk"], "临时公钥")
            to = rcp["to"]
            ok = ok and len(header.epk) == 32 and isinstance(to, dict) and 0 < len(to) <= 1000
            for site_id, wrapped in to.items():
                key = _unb64(wrapped, "加密密钥")
                ok = ok and ID_PATTERN.match(site_id) is not None and len(key) == 48
                header.recipients[site_id] = key
    except SyncError:
        raise
    except Exception:
        ok = False
    if not ok:
        raise DamagedPackageError("同步包头部已损坏或参数不受支持，已拒绝导入，未作任何改动。")
    return header, end


def verify_signature(data: bytes, public_key: bytes) -> None:
    body, sig = data[:-SIG_LEN], data[-SIG_LEN:]
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(sig, body)
    except (InvalidSignature, ValueError):
        raise DamagedPackageError(
            "同步包签名验证失败：文件已被改动、损坏或截断，已拒绝导入，未作任何改动。") from None


def open_package(data: bytes, header: Header, header_end: int, passphrase: Optional[str] = None,
                 key: Optional[bytes] = None, check_content: bool = True,
                 box_key: Optional[bytes] = None) -> tuple[Manifest, bytes]:
    """Decrypt (after ``verify_signature``!) and check the manifest and content hash.

    ``check_content=False``: the caller walks the lines itself (an import checks every origin
    segment's hash and the line count in one pass, ``segments.verify_stream``)."""
    if key is None:
        pass_key = None
        if header.has_passphrase:
            pass_key = derive_key(passphrase or "", header.salt, header.kdf_n, header.kdf_r, header.kdf_p)
        if header.recipients and box_key is None:
            raise WrongPassphraseError("同步包不是为本机加密的，无法解密，未作任何改动。")
        key = _content_key(box_key if header.recipients else None, pass_key)
    body = data[:-SIG_LEN]
    try:
        plaintext = AESGCM(key).decrypt(header.nonce, body[header_end:], body[:header_end])
    except InvalidTag:
        raise WrongPassphraseError("口令不正确（或同步包已损坏），无法解密，未作任何改动。") from None
    try:
        (mlen,) = struct.unpack(">I", plaintext[:4])
        m = json.loads(plaintext[4:4 + mlen].decode("utf-8"))
        manifest = Manifest(**m)
    except Exception:
        raise DamagedPackageError("同步包清单已损坏，已拒绝导入，未作任何改动。") from None
    if manifest.format != FORMAT_VERSION:
        raise FormatVersionError(f"同步包格式版本为 {manifest.format}，本程序不认识；未作任何改动。")
    if (manifest.package_id, manifest.site_id) != (header.package_id, header.site_id):
        raise DamagedPackageError("同步包清单与头部不一致（可能被重放或篡改），已拒绝导入，未作任何改动。")
    compressed = plaintext[4 + mlen:]
    if not check_content:
        return manifest, compressed
    digest = hashlib.sha256()
    count = 0
    last = b"\n"
    # The hash of the change lines is the hash of the decompressed stream: no need to split it.
    for block in _blocks(compressed):
        digest.update(block)
        count += block.count(b"\n")
        last = block[-1:]
    if last != b"\n":
        raise DamagedPackageError("同步包内容不完整，已拒绝导入，未作任何改动。")
    if digest.hexdigest() != manifest.content_sha256 or count != manifest.changes:
        raise DamagedPackageError("同步包内容与清单中的校验值不符，已拒绝导入，未作任何改动。")
    return manifest, compressed


def _blocks(compressed: bytes) -> Iterator[bytes]:
    """The decompressed change lines in blocks of at most 1 MiB (not cut at line ends); the
    total is capped (``MAX_PLAIN``), so no input inflates memory or time without bound."""
    d = zlib.decompressobj()
    total = 0
    try:
        for i in range(0, len(compressed), 1 << 16):
            data = compressed[i:i + (1 << 16)]
            while data:
                block = d.decompress(data, _STEP)
                data = d.unconsumed_tail
                if block:
                    total += len(block)
                    if total > MAX_PLAIN:
                        raise DamagedPackageError(
                            "同步包解压后过大（可能是恶意构造的压缩包），已拒绝导入，未作任何改动。")
                    yield block
        block = d.flush()
    except zlib.error:
        raise DamagedPackageError("同步包内容已损坏（无法解压），已拒绝导入，未作任何改动。") from None
    if block:
        yield block


def _texts(compressed: bytes) -> Iterator[bytes]:
    """Runs of whole lines (without the final newline of each run)."""
    rest = b""
    for block in _blocks(compressed):
        rest += block
        cut = rest.rfind(b"\n")
        if cut >= 0:
            yield rest[:cut]
            rest = rest[cut + 1:]
        if len(rest) > MAX_LINE:
            raise DamagedPackageError("同步包中有一条变更过长，已拒绝导入，未作任何改动。")
    if rest:
        raise DamagedPackageError("同步包内容不完整，已拒绝导入，未作任何改动。")


def _bad_line(n: int) -> DamagedPackageError:
    return DamagedPackageError(f"同步包第 {n} 条变更无法解析，已拒绝导入，未作任何改动。")


def iter_line_chunks(compressed: bytes, size: int = 2000) -> Iterator[list[str]]:
    """The package's change lines (decoded, without newlines) in lists of ``size``. Memory holds
    one run of lines (~64 KiB of text) and one list, never the whole package."""
    chunk: list[str] = []
    n = 0  # lines before the current run
    for raw in _texts(compressed):
        try:
            lines = raw.decode("utf-8").split("\n")
        except UnicodeDecodeError:
            for k, line in enumerate(raw.split(b"\n"), n + 1):
                try:
                    line.decode("utf-8")
                except UnicodeDecodeError:
                    raise _bad_line(k) from None
            raise _bad_line(n + 1) from None  # not reached: some line does not decode
        n += len(lines)
        chunk += lines
        while len(chunk) >= size:
            yield chunk[:size]
            chunk = chunk[size:]
    if chunk:
        yield chunk


def parse_changes(lines: list[str], first: int = 1) -> list[list]:
    """Lines → changes [origin, origin_seq, hlc, tbl, row_id, field, old, new] (``old`` None when
    there is none); ``first`` is the number of the first line in the package, for messages."""
    out = []
    for n, line in enumerate(lines, first):
        change = line.split("\t")
        if len(change) != 8:
            raise _bad_line(n)
        try:
            change[1] = int(change[1])
        except ValueError:
            raise _bad_line(n) from None
        if not change[6]:
            change[6] = None
        out.append(change)
    return out


def iter_changes(compressed: bytes) -> Iterator[list]:
    """The package's changes, one at a time: [origin, origin_seq, hlc, tbl, row_id, field, old, new]."""
    n = 1
    for lines in iter_line_chunks(compressed):
        yield from parse_changes(lines, n)
        n += len(lines)


#: Bytes written between two progress reports.
WRITE_CHUNK = 1 << 20


def write_atomically(path: Path, data: bytes, verify, progress=None) -> None:
    """Write to a temp file beside ``path``, fsync, re-verify what is on disk, then rename.

    ``progress(done, total)``: bytes written; it may raise (cancel): the temp file is removed
    and ``path`` is left as it was, so a cancel never leaves a half-written package."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as f:
            view = memoryview(data)
            for at in range(0, len(data), WRITE_CHUNK):
                f.write(view[at:at + WRITE_CHUNK])
                if progress is not None:
                    progress(min(at + WRITE_CHUNK, len(data)), len(data))
            f.flush()
            os.fsync(f.fileno())
        verify(tmp.read_bytes())
        os.replace(tmp, path)
    except OSError as exc:
        raise SyncError(f"无法写入同步包“{path}”：{ioerrors.reason(exc)}。") from exc
    finally:
        tmp.unlink(missing_ok=True)
    try:
        fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return  # Windows cannot open a directory; the rename is already durable enough there
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
