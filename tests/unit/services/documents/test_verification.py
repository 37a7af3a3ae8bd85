"""Verifying certificates by number, by code and from a scan; one site to another after sync."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from vcadre.services import training_certificates
from vcadre.services.documents import certificate_code as cc
from vcadre.services.documents import verification as v
from vcadre.services.documents.scan import ScanError
from vcadre.services.documents.site_keys import ensure_local_key, new_key_pair, verified_signing_key
from vcadre.services.errors import ValidationError
from tests.unit.services.documents.conftest import TITLE, build_class


def codes(db, class_id: str) -> dict[str, str]:
    with db.session() as s:
        return {c.name: c.code for c in training_certificates.certificates(s, class_id)}


def test_typed_number_valid_with_holder_and_class(db, county_class) -> None:
    number = county_class["numbers"][0]
    with db.session() as s:
        r = v.verify_number(s, number)
    assert r.verdict == v.VALID and r.label == "有效"
    assert r.class_title == TITLE and r.hours == 40 and r.issuer == "测试站点"
    assert r.name in ("杨媛雪", "王建国", "阿依古丽·买买提") and "*" in r.masked_id
    assert "核验结果：有效" in r.lines() and f"证书编号：{number}" in r.lines()


def test_number_typed_with_other_brackets_and_spaces_is_found(db, county_class) -> None:
    number = county_class["numbers"][1]  # 织金培〔2024〕001-0002号
    typed = " " + number.replace("〔", "[").replace("〕", "]").replace("号", "") + " "
    with db.session() as s:
        assert v.verify_number(s, typed).number == number
        assert v.verify_number(s, "织金培〔2024〕001-0099号").verdict == v.NOT_FOUND
        assert v.verify_number(s, "").verdict == v.NOT_FOUND


def test_revoked_says_when_and_why(db, county_class) -> None:
    number = county_class["numbers"][0]
    with db.session() as s, s.begin():
        training_certificates.revoke_number(s, number, "学员材料不实", date(2024, 6, 1))
    with db.session() as s:
        r = v.verify_number(s, number)
    assert (r.verdict, r.label, r.revoked_on, r.revoke_reason) == (v.REVOKED, "已撤销", date(2024, 6, 1), "学员材料不实")
    assert "撤销理由：学员材料不实" in r.lines()
    with pytest.raises(ValidationError, match="已撤销"):
        with db.session() as s, s.begin():
            training_certificates.revoke_number(s, number, "再来一次")


def test_code_valid_tampered_forged_unknown(db, county_class) -> None:
    text = codes(db, county_class["class"])["王建国"]
    with db.session() as s:
        good = v.verify_code(s, text)
        assert (good.verdict, good.name, good.class_title, good.hours) == (v.VALID, "王建国", TITLE, 40)
        assert good.source == "code" and good.organizer == "中共织金县委组织部"
        # Altered: one more hour, re-encoded with the original signature.
        parsed = cc.parse_code(text)
        altered_body = cc.encode_body(cc.Claim(**{**parsed.claim.__dict__, "hours": 80}))
        altered = cc.PREFIX + cc.b45encode(altered_body + parsed.signature)
        r = v.verify_code(s, altered)
        assert (r.verdict, r.label, r.hours) == (v.BAD_SIGNATURE, "签名无效", 80)
        # Forged: a new key claiming to be this site.
        forged = cc.make_code(parsed.claim, new_key_pair()[0])
        assert v.verify_code(s, forged).verdict == v.BAD_SIGNATURE
        # A site this database has never heard of.
        stranger = cc.make_code(cc.Claim(**{**parsed.claim.__dict__, "site_id": "0190f0e2-0000-7000-8000-000000000001"}),
                                new_key_pair()[0])
        r = v.verify_code(s, stranger)
        assert r.verdict == v.UNKNOWN_SIGNER and "同步包" in r.notes[0]
        with pytest.raises(cc.BadCode):
            v.verify_code(s, "http://example.org")


def test_code_of_a_revoked_certificate_says_revoked(db, county_class) -> None:
    text = codes(db, county_class["class"])["杨媛雪"]
    with db.session() as s, s.begin():
        training_certificates.revoke(s, county_class["enrolments"]["杨媛雪"], "重复颁发", date(2024, 7, 1))
    with db.session() as s:
        r = v.verify_code(s, text)
    assert (r.verdict, r.revoked_on, r.revoke_reason) == (v.REVOKED, date(2024, 7, 1), "重复颁发")


def test_later_corrections_are_reported_not_hidden(db, county_class) -> None:
    text = codes(db, county_class["class"])["王建国"]
    from vcadre.store.models import Person

    with db.session() as s, s.begin():
        s.get(Person, county_class["persons"]["王建国"]).name = "王健国"
    with db.session() as s:
        r = v.verify_code(s, text)
    assert r.verdict == v.VALID and r.name == "王建国"
    assert any("姓名" in n and "王健国" in n for n in r.notes)


def test_certificates_need_a_key_made_in_its_own_transaction(db, county_class) -> None:
    from sqlalchemy import update

    from vcadre.store.models import Site

    with db.session() as s, s.begin():
        s.execute(update(Site).values(private_key=None, public_key=None))
    with db.session() as s, pytest.raises(ValidationError, match="签名密钥"):
        training_certificates.certificates(s, county_class["class"])
    site_id = ensure_local_key(db)
    assert ensure_local_key(db) == site_id  # made once, kept
    with db.session() as s:
        key = verified_signing_key(s, site_id)
        assert key is not None and key.local and key.confirmed and len(key.public_key) == 32
        assert len(codes(db, county_class["class"])) == 3


# ------------------------------------------------------------------ scans and two sites

def _pdf_to_png(pdf: Path, dpi: int = 150) -> list[Path]:
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm (poppler-utils) is missing: dev.py setup installs it")
    prefix = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(prefix)], check=True)
    return sorted(pdf.parent.glob(prefix.name + "-*.png"))


def _zbar(png: Path) -> list[str]:
    """Decode with zbar (zbarimg), a decoder independent of the one the app uses."""
    if shutil.which("zbarimg") is None:
        pytest.fail("zbarimg (zbar-tools) is missing: dev.py setup installs it")
    out = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(png)],
                         capture_output=True, text=True)
    return [line for line in out.stdout.splitlines() if line]


def _print_class(db, class_id: str, out: Path) -> Path:
    from vcadre.reports.certificate import write_certificates

    with db.session() as s:
        write_certificates(training_certificates.certificates(s, class_id), out)
    return out


def test_printed_code_scans_with_zbar_and_verifies_from_png_and_pdf(db, county_class, tmp_path: Path) -> None:
    pdf = _print_class(db, county_class["class"], tmp_path / "证书.pdf")
    pages = _pdf_to_png(pdf)
    assert len(pages) == 3
    expected = codes(db, county_class["class"])
    by_zbar = [_zbar(p) for p in pages]
    assert sorted(t for found in by_zbar for t in found) == sorted(expected.values())
    with db.session() as s:
        results = [v.verify_scan(s, p)[0] for p in pages]
        from_pdf = v.verify_scan(s, pdf)  # a scanner's PDF: every page read
    assert {r.name for r in results} == set(expected) and {r.verdict for r in results} == {v.VALID}
    assert [r.name for r in from_pdf] == [r.name for r in results]


def test_scan_errors_are_clear(db, county_class, tmp_path: Path) -> None:
    from PIL import Image

    blank = tmp_path / "blank.png"
    Image.new("L", (400, 300), 255).save(blank)
    text = tmp_path / "note.txt"
    text.write_text("not an image", encoding="utf-8")
    with db.session() as s:
        with pytest.raises(ScanError, match="没有找到二维码"):
            v.verify_scan(s, blank)
        with pytest.raises(ScanError, match="无法识别图片"):
            v.verify_scan(s, text)
        with pytest.raises(ScanError, match="不存在"):
            v.verify_scan(s, tmp_path / "missing.png")


def test_verified_on_another_laptop_after_one_sync_and_revocation_follows(sites, tmp_path: Path) -> None:
    from tests.unit.sync.helpers import ship

    county, township = sites("县委组织部", "龙场镇组织办")
    data = build_class(county)
    pdf = _print_class(county, data["class"], tmp_path / "cert.pdf")
    scan = _pdf_to_png(pdf, dpi=200)[1]
    with township.session() as s:  # before any sync: the township cannot know the county's key
        assert v.verify_scan(s, scan)[0].verdict == v.UNKNOWN_SIGNER
    ship(county, township, tmp_path)
    with township.session() as s:
        r = v.verify_scan(s, scan)[0]
    assert (r.verdict, r.issuer, r.class_title) == (v.VALID, "县委组织部", TITLE)
    number = r.number
    with county.session() as s, s.begin():
        training_certificates.revoke_number(s, number, "培训档案核查发现冒名顶替", date(2024, 8, 1))
    ship(county, township, tmp_path)
    with township.session() as s:
        r = v.verify_scan(s, scan)[0]
        typed = v.verify_number(s, number)
    assert (r.verdict, r.revoked_on, r.revoke_reason) == (v.REVOKED, date(2024, 8, 1), "培训档案核查发现冒名顶替")
    assert typed.verdict == v.REVOKED
