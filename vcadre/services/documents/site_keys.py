"""Site signing keys for documents (签发站点的签名密钥).

Certificates are signed with the Ed25519 key of the site (database) that prints them — the same
raw key pair sync packages are signed with (``site.private_key`` / ``public_key``), so a
certificate printed on one laptop verifies on every laptop whose database knows that site's key,
i.e. has imported one of its sync packages.

:func:`verified_signing_key` is the single function that answers "which public key does site X
sign with?". Today it reads the local ``site`` row and the ``sync_peer`` rows sync records
(trust on first use, ``confirmed`` once the fingerprint was checked). When sites are enrolled
by the county instead (issue 14), re-point this function and nothing else.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from vcadre.store.models import Site, SyncPeer


class SigningKeyMissing(RuntimeError):
    """The local site has no signing key yet: call :func:`ensure_local_key` first."""


@dataclass(frozen=True)
class SiteKey:
    site_id: str
    name: str
    public_key: bytes
    #: The key's fingerprint was checked (always true for this database's own site).
    confirmed: bool
    local: bool

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)


@dataclass(frozen=True)
class Signer:
    site_id: str
    name: str
    private_key: bytes


def fingerprint(public_key: bytes) -> str:
    """Same form as ``vcadre sync site`` prints (8 groups of 4 hex digits)."""
    digest = hashlib.sha256(public_key).hexdigest()[:32].upper()
    return " ".join(digest[i:i + 4] for i in range(0, 32, 4))


def new_key_pair() -> tuple[bytes, bytes]:
    """(private, public) raw Ed25519 keys, the format ``site`` and ``sync_peer`` store."""
    from cryptography.hazmat.primitives import serialization as ser
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(ser.Encoding.Raw, ser.PrivateFormat.Raw, ser.NoEncryption())
    public = key.public_key().public_bytes(ser.Encoding.Raw, ser.PublicFormat.Raw)
    return private, public


def verified_signing_key(session: Session, site_id: str) -> Optional[SiteKey]:
    """The public key site ``site_id`` signs with, as far as this database knows; None if unknown."""
    local = session.scalar(select(Site).where(Site.is_local.is_(True)))
    if local is not None and local.id == site_id:
        if not local.public_key:
            return None
        return SiteKey(local.id, local.name, bytes(local.public_key), True, True)
    peer = session.get(SyncPeer, site_id)
    if peer is None or not peer.public_key:
        return None
    return SiteKey(peer.site_id, peer.name or peer.site_id, bytes(peer.public_key), bool(peer.confirmed), False)


def ensure_local_key(db: Any) -> str:
    """Give this database's site a signing key pair if it has none (own transaction); returns
    the site id. Call it before printing: a key made inside a read-only session would be lost
    with its rollback, and certificates signed with it could never be verified."""
    with db.session() as s, s.begin():
        site = s.scalar(select(Site).where(Site.is_local.is_(True)))
        if not site.private_key or not site.public_key:
            site.private_key, site.public_key = new_key_pair()
        return site.id


def local_signer(session: Session) -> Signer:
    """This database's site and its private key (never creates one; see :func:`ensure_local_key`)."""
    site = session.scalar(select(Site).where(Site.is_local.is_(True)))
    if site is None or not site.private_key:
        raise SigningKeyMissing("本机站点尚无签名密钥。")
    return Signer(site.id, site.name, bytes(site.private_key))
