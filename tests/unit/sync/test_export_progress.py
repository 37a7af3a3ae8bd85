"""An export (and the WELCOME of an enrollment) reports its steps — own changes signed, changes
looked at, changes written, bytes saved — and a cancel at any step leaves no file (not even a
half-written temporary one) and nothing in the database."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.sync.conftest import FAST_KDF, dump
from tests.unit.sync.test_enroll import _person
from vcadre.sync import package as pkg
from vcadre.sync import service
from vcadre.sync.enroll import enroll, read_request
from vcadre.sync.errors import Cancelled
from vcadre.sync.service import export_package, import_package, join_request

pytestmark = pytest.mark.both_backends  # the first site made is an office on the server (conftest.sites)


@pytest.fixture
def small_steps(monkeypatch):
    """Segments of 3 lines and writes of 1 KiB, so a few dozen changes take several reports."""
    monkeypatch.setattr("vcadre.store.signed.SEGMENT_MAX", 3)
    monkeypatch.setattr(pkg, "WRITE_CHUNK", 1024)


@pytest.fixture
def county(sites, small_steps):
    (db,) = sites("县委组织部")
    for i in range(12):
        _person(db, f"人员{i}", f"139000000{i:02d}")
    return db


class Recorder:
    def __init__(self, cancel_at: str | None = None) -> None:
        self.seen: list[tuple[str, int, int]] = []
        self.cancel_at = cancel_at

    def __call__(self, done: int, total: int, phase: str | None = None) -> bool:
        self.seen.append((phase, done, total))
        return phase != self.cancel_at

    def phase(self, name: str) -> list[tuple[int, int]]:
        return [(d, t) for p, d, t in self.seen if p == name]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.suffix in (".vcsync", ".tmp"))


def test_an_export_reports_each_step_up_to_its_total(county, tmp_path) -> None:
    rec = Recorder()
    out = tmp_path / "out" / "p.vcsync"
    out.parent.mkdir()
    res = export_package(county, out, "口令", kdf_n=FAST_KDF, progress=rec)
    phases = [p for p, _d, _t in rec.seen]
    order = [service.SIGN, service.COLLECT, service.WRITE, service.SAVE]
    assert [p for i, p in enumerate(phases) if i == 0 or phases[i - 1] != p] == order  # each step once, in order
    n = res.manifest.changes
    assert n >= 3 * 4
    sign, write, save = rec.phase(service.SIGN), rec.phase(service.WRITE), rec.phase(service.SAVE)
    assert sign[0] == (0, n) and sign[-1] == (n, n) and len(sign) >= n // 3  # every change is ours and new
    assert write[-1] == (n, n) and len(write) >= n // 3
    assert save[-1] == (out.stat().st_size, out.stat().st_size) and len(save) >= out.stat().st_size // 1024
    for steps in (sign, write, save, rec.phase(service.COLLECT)):
        assert [d for d, _t in steps] == sorted(d for d, _t in steps)  # never backwards
        assert all(d <= t for d, t in steps)
    # A second export: nothing left to sign, all to write again.
    again = Recorder()
    export_package(county, tmp_path / "out" / "q.vcsync", "口令", kdf_n=FAST_KDF, progress=again)
    assert again.phase(service.SIGN) == [(0, 0)]
    assert again.phase(service.WRITE)[-1] == (n, n)


@pytest.mark.parametrize("phase", [service.SIGN, service.COLLECT, service.WRITE, service.SAVE])
def test_a_cancel_at_any_step_leaves_no_file_and_nothing_written(county, sites, tmp_path, phase) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    out = folder / "p.vcsync"
    before = dump(county)
    with pytest.raises(Cancelled, match="导出已取消"):
        export_package(county, out, "口令", kdf_n=FAST_KDF, progress=Recorder(cancel_at=phase))
    assert leftovers(folder) == []
    if phase == service.SAVE:
        # Saving comes after the export's transaction: the signatures of this site's changes
        # (and its keys, made on first use) are kept, as the next export would make them anyway.
        kept = ('INSERT INTO "sync_segment"', 'INSERT INTO "site"')
        assert [x for x in dump(county) if not x.startswith(kept)] == [x for x in before if not x.startswith(kept)]
    else:
        assert dump(county) == before
    # Nothing is stuck: the next export is whole and a peer reads it.
    (town,) = sites("龙场镇")
    res = export_package(county, out, "口令", kdf_n=FAST_KDF)
    assert import_package(town, out, "口令", backup=False).stats.changes == res.manifest.changes


def test_a_cancelled_welcome_leaves_the_site_enrolled_without_a_file(county, sites, tmp_path) -> None:
    (town,) = sites("龙场镇")
    req = tmp_path / "req.vcjoin"
    join_request(town, req)
    welcome = tmp_path / "welcome.vcsync"
    with pytest.raises(Cancelled):
        enroll(county, read_request(req), welcome, None, kdf_n=FAST_KDF, progress=Recorder(cancel_at=service.WRITE))
    assert leftovers(tmp_path) == []
    rec = Recorder()
    enroll(county, read_request(req), welcome, None, kdf_n=FAST_KDF, progress=rec)  # enrolling again writes it
    assert rec.phase(service.SAVE)[-1] == (welcome.stat().st_size,) * 2
    assert import_package(town, welcome, None, backup=False).stats.changes > 0
