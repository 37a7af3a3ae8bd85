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
