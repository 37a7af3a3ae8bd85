"""Bad packages are refused with a Chinese message before anything is written."""

from __future__ import annotations

from tests.today import wall_stamp
import json
import random
import struct

import pytest

from vcadre.store.models import Person
from vcadre.sync import package as pkg
from vcadre.sync.errors import (
    DamagedPackageError,
    FormatVersionError,
    NotAPackageError,
    SiteKeyError,
    SyncError,
    WrongPassphraseError,
)
from vcadre.sync.service import import_package

from tests.unit.sync.conftest import PASS, dump
from tests.unit.sync.helpers import export

pytestmark = pytest.mark.both_backends  # the first site made is an office on the server (conftest.sites)


@pytest.fixture
def pair(sites, tmp_path):
    a, b = sites("A", "B")
    with a.session() as s, s.begin():
        for i in range(20):
            s.add(Person(name=f"人员{i}", gender="1", notes="备注" * i))
    good = export(a, tmp_path)
    return a, b, good


def _refused(db, path, exc=SyncError, passphrase=PASS) -> str:
    before = dump(db)
    with pytest.raises(exc) as info:
        import_package(db, path, passphrase, backup=False)
    assert dump(db) == before
    msg = str(info.value)
    assert "未作任何改动" in msg
    return msg


def test_wrong_passphrase(pair) -> None:
    _a, b, good = pair
    assert "口令不正确" in _refused(b, good, WrongPassphraseError, passphrase="wrong")


def test_not_a_package(pair, tmp_path) -> None:
    _a, b, _good = pair
    other = tmp_path / "名单.xlsx"
    other.write_bytes(b"PK\x03\x04" + b"x" * 500)
    assert "不是 vcadre 同步包" in _refused(b, other, NotAPackageError)
    empty = tmp_path / "empty.vcsync"
    empty.write_bytes(b"")
    _refused(b, empty, NotAPackageError)


def test_every_truncation_is_refused(pair, tmp_path) -> None:
    _a, b, good = pair
    data = good.read_bytes()
    rng = random.Random(8)
    cuts = sorted({0, 1, len(pkg.MAGIC), len(pkg.MAGIC) + 4, len(data) - 1,
                   *(rng.randrange(len(data)) for _ in range(95))})
    assert len(cuts) >= 60
    before = dump(b)
    bad = tmp_path / "cut.vcsync"
    for n in cuts + [len(data) // 2 + k for k in range(100 - len(cuts))]:
        bad.write_bytes(data[:n])
        with pytest.raises(SyncError):
            import_package(b, bad, PASS, backup=False)
    assert dump(b) == before


def test_a_thousand_flipped_bits_are_refused(pair, tmp_path) -> None:
    _a, b, good = pair
    data = good.read_bytes()
    rng = random.Random(1)
    before = dump(b)
    bad = tmp_path / "flip.vcsync"
    for _ in range(1000):
        bit = rng.randrange(len(data) * 8)
        flipped = bytearray(data)
        flipped[bit // 8] ^= 1 << (bit % 8)
        bad.write_bytes(bytes(flipped))
        with pytest.raises(SyncError):
            import_package(b, bad, PASS, backup=False)
    assert dump(b) == before
    import_package(b, good, PASS, backup=False)  # the untouched package still imports


def _resign(data: bytes, header_edit=None) -> bytes:
    """The package re-signed with another key (and optionally a changed header)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    header, end = pkg.read_header(data)
    private, public = pkg.new_key_pair()
    h = json.loads(data[len(pkg.MAGIC) + 4:end])
    h["public_key"] = pkg._b64(public)
    if header_edit:
        header_edit(h)
    head = json.dumps(h, ensure_ascii=False, sort_keys=True).encode("utf-8")
    body = pkg.MAGIC + struct.pack(">I", len(head)) + head + data[end:-pkg.SIG_LEN]
    return body + Ed25519PrivateKey.from_private_bytes(private).sign(body)


def test_resigned_with_another_key_is_refused(pair, tmp_path) -> None:
    a, b, good = pair
    data = good.read_bytes()
    bad = tmp_path / "resigned.vcsync"
    bad.write_bytes(_resign(data))
    # First contact: the key is new, but the header is bound to the ciphertext (GCM).
    _refused(b, bad)
    import_package(b, good, PASS, backup=False)  # now B knows A's key
    again = export(a, tmp_path)
    bad.write_bytes(_resign(again.read_bytes()))
    assert "签名密钥与以前不同" in _refused(b, bad, SiteKeyError)
    # Claiming to be another site does not help either.
    bad.write_bytes(_resign(again.read_bytes(), lambda h: h.update(site_id="0190a0a0-0000-7000-8000-00000000beef")))
    _refused(b, bad)
    # Signature kept but key swapped: the signature no longer verifies.
    raw = bytearray(again.read_bytes())
    header, end = pkg.read_header(bytes(raw))
    bad.write_bytes(_resign(bytes(raw))[:-pkg.SIG_LEN] + bytes(raw[-pkg.SIG_LEN:]))
    _refused(b, bad, SiteKeyError)


def test_future_format_is_refused(pair, tmp_path) -> None:
    _a, b, good = pair
    data = good.read_bytes()
    _h, end = pkg.read_header(data)
    h = json.loads(data[len(pkg.MAGIC) + 4:end])
    h["format"] = 99
    head = json.dumps(h).encode()
    bad = tmp_path / "future.vcsync"
    bad.write_bytes(pkg.MAGIC + struct.pack(">I", len(head)) + head + data[end:])
    assert "升级 vcadre" in _refused(b, bad, FormatVersionError)


def test_own_package_and_package_for_another_site_are_refused(sites, pair, tmp_path) -> None:
    a, b, good = pair
    (c,) = sites("C")
    assert "本机导出" in _refused(a, good, SiteKeyError)
    import_package(b, good, PASS, backup=False)
    import_package(c, good, PASS, backup=False)
    from tests.unit.sync.helpers import ship

    ship(b, a, tmp_path)
    for_b = export(a, tmp_path, full=False, for_peer=b.site()[0])
    assert "发给另一站点" in _refused(c, for_b, SiteKeyError)


def test_invalid_change_is_refused(pair, tmp_path) -> None:
    """A package signed by a real site but holding a change vcadre could not make."""
    a, b, _good = pair
    from vcadre.sync.service import local_site_keys

    with a.engine.begin() as conn:
        me = local_site_keys(conn.connection.dbapi_connection)
    w = pkg.ChangeWriter({me.id: me.private_key})
    w.add([me.id, 1, wall_stamp(-10**6), "person", "0190a0a0-0000-7000-8000-000000000001",
           "*", None, json.dumps({"name": "x"})])
    data, digest = w.finish()
    m = pkg.Manifest(package_id="0190a0a0-0000-7000-8000-0000000000aa", site_id=me.id, site_name="A",
                     schema="0008", created="", full=True, for_site=None, from_seq=1, to_seq=1,
                     changes=1, counts={"person": 1}, acks={}, content_sha256=digest,
                     segments=w.segments)
    blob, _key = pkg.seal(m, data, private_key=me.private_key, public_key=me.public_key,
                          passphrase=PASS, kdf_n=2**10)
    bad = tmp_path / "invalid.vcsync"
    bad.write_bytes(blob)
    assert "第 1 条变更无效" in _refused(b, bad)
