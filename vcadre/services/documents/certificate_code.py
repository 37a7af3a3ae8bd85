"""The signed payload a certificate's QR code carries (证书二维码).

Compact enough for a QR code that scans from a printed A4 page (measured: version 10, 57×57
modules, error correction M for a typical certificate; ≈ 0.5 mm per module at 30 mm), and
verifiable offline with the issuing site's public key:

    "VC1:" + base45( body + Ed25519 signature (64 bytes) )

``body`` is binary, big-endian::

    version (1)  site id (16, the UUID's bytes)
    number, name, masked ID (first 6 + last 4 characters only), class title   — each a length
        byte and GB 18030 text (two bytes per common Chinese character instead of UTF-8's three)
    class start, class end, issue date (2 each: days since 2000-01-01)   hours × 10 (2)

Base45 (RFC 9285) keeps the text inside the QR alphanumeric alphabet, so the code stores 5.5
bits per character; raw binary in byte mode is no smaller, and scanners turn arbitrary bytes
into text in ways that break a signature. The signature covers the body exactly; any change to
a printed code (a forged name, other hours) fails verification.
"""

from __future__ import annotations

import struct
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

PREFIX = "VC1:"
VERSION = 1
SIG_LEN = 64
_EPOCH = date(2000, 1, 1)
_B45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_B45_INDEX = {c: i for i, c in enumerate(_B45)}
#: Longest class title kept in the code (characters); longer titles end in "…".
MAX_TITLE = 40


class BadCode(ValueError):
    """Not a vcadre certificate code, or a damaged one (``str()`` is a Chinese message)."""


@dataclass(frozen=True)
class Claim:
    """What a certificate says about itself, as signed (证书要素)."""

    site_id: str
    number: str
    name: str
    masked_id: str  #: ``520524********123X`` (or "" when the person has no ID number)
    class_title: str
    start: date
    end: date
    issued: date
    hours: float


# ------------------------------------------------------------------ base45 (RFC 9285)

def b45encode(data: bytes) -> str:
    out = []
    for i in range(0, len(data) - 1, 2):
        n = data[i] * 256 + data[i + 1]
        c, n = divmod(n, 45 * 45)
        b, a = divmod(n, 45)
        out += (_B45[a], _B45[b], _B45[c])
    if len(data) % 2:
        b, a = divmod(data[-1], 45)
        out += (_B45[a], _B45[b])
    return "".join(out)


def b45decode(text: str) -> bytes:
    try:
        values = [_B45_INDEX[c] for c in text]
    except KeyError:
        raise BadCode("二维码内容含有无效字符。") from None
    out = bytearray()
    for i in range(0, len(values), 3):
        chunk = values[i:i + 3]
        if len(chunk) == 3:
            n = chunk[0] + chunk[1] * 45 + chunk[2] * 45 * 45
            if n > 0xFFFF:
                raise BadCode("二维码内容已损坏。")
            out += n.to_bytes(2, "big")
        elif len(chunk) == 2:
            n = chunk[0] + chunk[1] * 45
            if n > 0xFF:
                raise BadCode("二维码内容已损坏。")
            out.append(n)
        else:
            raise BadCode("二维码内容长度不对。")
    return bytes(out)


# ------------------------------------------------------------------ body

def _compact_id(masked: str) -> str:
    masked = (masked or "").strip()
    if not masked:
        return ""
    return masked[:6] + masked[-4:] if len(masked) >= 10 else masked


def _expand_id(compact: str) -> str:
    return compact[:6] + "*" * 8 + compact[6:] if len(compact) == 10 else compact


def _text(value: str) -> bytes:
    raw = value.encode("gb18030")
    if len(raw) > 255:
        raise ValueError("field too long for a certificate code")
    return bytes([len(raw)]) + raw


def _days(d: date) -> int:
    n = (d - _EPOCH).days
    if not 0 <= n <= 0xFFFF:
        raise ValueError(f"date out of range: {d}")
    return n


def short_title(title: str) -> str:
    """The class title as a code keeps it."""
    title = " ".join(title.split())
    return title if len(title) <= MAX_TITLE else title[:MAX_TITLE - 1] + "…"


def normalised(claim: Claim) -> Claim:
    """The claim as the code stores it (title shortened, ID reduced to what a mask shows)."""
    return Claim(claim.site_id, claim.number.strip(), claim.name.strip(), _expand_id(_compact_id(claim.masked_id)),
                 short_title(claim.class_title), claim.start, claim.end, claim.issued, round(claim.hours * 10) / 10)


def encode_body(claim: Claim) -> bytes:
    c = normalised(claim)
    hours = round(c.hours * 10)
    if not 0 <= hours <= 0xFFFF:
        raise ValueError("hours out of range")
    return (bytes([VERSION]) + uuid.UUID(c.site_id).bytes + _text(c.number) + _text(c.name)
            + _text(_compact_id(c.masked_id)) + _text(c.class_title)
            + struct.pack(">HHHH", _days(c.start), _days(c.end), _days(c.issued), hours))


def decode_body(body: bytes) -> Claim:
    try:
        if body[0] != VERSION:
            raise BadCode(f"二维码格式版本 {body[0]} 不受支持（本程序只认识版本 {VERSION}），请升级程序。")
        site_id = str(uuid.UUID(bytes=body[1:17]))
        pos = 17
        texts = []
        for _ in range(4):
            n = body[pos]
            texts.append(body[pos + 1:pos + 1 + n].decode("gb18030"))
            pos += 1 + n
        start, end, issued, hours = struct.unpack(">HHHH", body[pos:pos + 8])
        if pos + 8 != len(body):
            raise BadCode("二维码内容长度不对。")
    except (IndexError, struct.error, UnicodeDecodeError, ValueError) as exc:
        if isinstance(exc, BadCode):
            raise
        raise BadCode("二维码内容已损坏，无法读出证书信息。") from None
    number, name, compact, title = texts
    return Claim(site_id, number, name, _expand_id(compact), title, _EPOCH + timedelta(days=start),
                 _EPOCH + timedelta(days=end), _EPOCH + timedelta(days=issued), hours / 10)


# ------------------------------------------------------------------ signed code

def make_code(claim: Claim, private_key: bytes) -> str:
    """The text to put in the QR code: the claim signed with ``private_key`` (raw Ed25519)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    body = encode_body(claim)
    signature = Ed25519PrivateKey.from_private_bytes(private_key).sign(body)
    return PREFIX + b45encode(body + signature)


@dataclass(frozen=True)
class ParsedCode:
    claim: Claim
    body: bytes
    signature: bytes

    def signed_by(self, public_key: bytes) -> bool:
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

        try:
            Ed25519PublicKey.from_public_bytes(public_key).verify(self.signature, self.body)
            return True
        except (InvalidSignature, ValueError):
            return False


def parse_code(text: str) -> ParsedCode:
    """Read a code's claim and signature (not yet verified). Raises :class:`BadCode`."""
    text = (text or "").strip()
    if not text.startswith(PREFIX):
        raise BadCode("这不是本系统签发的证书二维码。")
    raw = b45decode(text[len(PREFIX):])
    if len(raw) <= SIG_LEN + 17:
        raise BadCode("二维码内容不完整。")
    body, signature = raw[:-SIG_LEN], raw[-SIG_LEN:]
    return ParsedCode(decode_body(body), body, signature)
