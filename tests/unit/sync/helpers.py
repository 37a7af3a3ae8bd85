from __future__ import annotations

from pathlib import Path

from vcadre.store.db import Database
from vcadre.sync.service import export_package, import_package

from tests.unit.sync.conftest import FAST_KDF, PASS

_n = [0]


def ship(src: Database, dst: Database, folder: Path, full: bool = False):
    """Export from ``src`` (delta for ``dst`` when it is known, else full) and import into ``dst``."""
    _n[0] += 1
    out = folder / f"p{_n[0]}.vcsync"
    peer = dst.site()[0]
    from vcadre.sync.service import peers

    known = any(p["site_id"] == peer for p in peers(src))
    export_package(src, out, PASS, for_peer=peer if known and not full else None, full=full,
                   kdf_n=FAST_KDF)
    return import_package(dst, out, PASS, backup=False)


def export(src: Database, folder: Path, full: bool = True, for_peer=None) -> Path:
    _n[0] += 1
    out = folder / f"p{_n[0]}.vcsync"
    export_package(src, out, PASS, full=full, for_peer=for_peer, kdf_n=FAST_KDF)
    return out


_KEYS: dict[str, tuple] = {}  # origin → its key pair (the same in every package, as a real site's)


def deliver(relay: Database, dst: Database, folder: Path, *changes: list):
    """A package from ``relay`` holding ``changes`` — hand-written, from any origins, each signing
    its own (trust on first use: their keys travel with the package) — imported into ``dst``; so
    a test chooses the order of arrival and the ids. Returns the import's result."""
    import base64
    from collections import Counter

    from vcadre.store.models import new_id
    from vcadre.sync import package as pkg
    from vcadre.sync.service import local_site_keys

    origins = list(dict.fromkeys(c[0] for c in changes))
    for o in origins:
        if o not in _KEYS:
            _KEYS[o] = pkg.new_key_pair()
    writer = pkg.ChangeWriter({o: _KEYS[o][0] for o in origins})
    for c in changes:
        writer.add(c)
    data, digest = writer.finish()
    with relay.engine.begin() as conn:
        me = local_site_keys(conn.connection.dbapi_connection)
    keys = {o: [f"站点{o[-4:]}", base64.b64encode(_KEYS[o][1]).decode("ascii")] for o in origins}
    m = pkg.Manifest(package_id=new_id(), site_id=me.id, site_name=me.name, schema="0008", created="",
                     full=True, for_site=None, from_seq=1, to_seq=1, changes=len(changes),
                     counts=dict(Counter(c[3] for c in changes)), acks={}, content_sha256=digest,
                     segments=writer.segments, keys=keys)
    blob, _ = pkg.seal(m, data, private_key=me.private_key, public_key=me.public_key, passphrase=PASS,
                       kdf_n=2**10)
    path = folder / f"{m.package_id}.vcsync"
    path.write_bytes(blob)
    return import_package(dst, path, PASS, backup=False)
