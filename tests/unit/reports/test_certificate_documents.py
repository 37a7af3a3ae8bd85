"""Certificates with codes, photos and the two layouts; the 培训设置 that choose them."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from vcadre.reports.certificate import CertificateLayout, write_certificates
from vcadre.services import training_certificates, training_settings
from vcadre.services.documents import photos
from vcadre.services.errors import ValidationError
from tests.unit.reports.test_certificate import cert
from tests.unit.services.documents.test_person_documents import picture
from tests.unit.services.documents.conftest import county_class  # noqa: F401  (fixture)


def _info(pdf: Path) -> str:
    return subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout


def test_insert_layout_is_the_set_size_and_a4_is_landscape(tmp_path: Path) -> None:
    a4 = write_certificates([cert(1)], tmp_path / "a4.pdf") and tmp_path / "a4.pdf"
    assert "841.89 x 595.2" in _info(a4)
    insert = tmp_path / "insert.pdf"
    write_certificates([cert(1)], insert, layout=CertificateLayout(255, 180, "insert"))
    assert "722.835 x 510.236" in _info(insert)  # 255 × 180 mm
    text = subprocess.run(["pdftotext", str(insert), "-"], capture_output=True, text=True).stdout
    assert "杨媛雪" in text and "特发此证" in text


def test_layout_settings_validate_and_load(db, small_county) -> None:
    with db.session() as s, s.begin():
        cfg = training_settings.save(s, {"certificate_layout": "insert", "insert_width_mm": 250,
                                         "insert_height_mm": 176, "certificate_photo": True})
    assert CertificateLayout.from_settings(cfg) == CertificateLayout(250.0, 176.0, "insert") and cfg.certificate_photo
    with pytest.raises(ValidationError, match="证书版式"):
        with db.session() as s, s.begin():
            training_settings.save(s, {"certificate_layout": "a3"})
    with pytest.raises(ValidationError, match="证书内芯宽度"):
        with db.session() as s, s.begin():
            training_settings.save(s, {"insert_width_mm": 400})
    with db.session() as s:
        assert training_settings.load(s).insert_width_mm == 250.0  # nothing of the refused saves written


def test_photos_on_certificates_when_chosen(db, county_class, tmp_path: Path) -> None:
    pid = county_class["persons"]["杨媛雪"]
    with db.session() as s, s.begin():
        photos.set_photo(s, pid, photos.prepare(picture()))
    with db.session() as s:
        plain = training_certificates.certificates(s, county_class["class"])
        with_photos = training_certificates.certificates(s, county_class["class"], photos=True)
    assert all(c.photo is None for c in plain)
    assert [c.name for c in with_photos if c.photo] == ["杨媛雪"]
    out = tmp_path / "c.pdf"
    write_certificates(with_photos, out)
    images = subprocess.run(["pdfimages", "-list", str(out)], capture_output=True, text=True).stdout
    assert len(images.splitlines()) == 3  # header, rule, one photo
