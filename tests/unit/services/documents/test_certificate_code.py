"""The signed certificate payload: base45, compact binary body, Ed25519 signature, QR size."""

from __future__ import annotations

from datetime import date

import pytest

from vcadre.services.documents import certificate_code as cc
from vcadre.services.documents.site_keys import new_key_pair

SITE = "0190f0e2-7c1a-7d5e-8b3a-1234567890ab"


def claim(**over) -> cc.Claim:
    values = dict(site_id=SITE, number="织培〔2021〕004-0001号", name="阿依古丽·买买提",
                  masked_id="520524********123X", class_title="2021年织金县村（社区）党组织书记培训班",
                  start=date(2021, 9, 13), end=date(2021, 9, 17), issued=date(2021, 9, 17), hours=37.5)
    values.update(over)
    return cc.Claim(**values)


@pytest.mark.parametrize("raw, text", [(b"AB", "BB8"), (b"Hello!!", "%69 VD92EX0"), (b"ietf!", "QED8WEX0"),
                                       (b"", "")])
def test_base45_matches_rfc_9285_examples(raw: bytes, text: str) -> None:
    assert cc.b45encode(raw) == text
    assert cc.b45decode(text) == raw


def test_base45_refuses_garbage() -> None:
    for bad in ("GGW", "abc", "A"):  # 65536 is out of range; lower case; a lone character
        with pytest.raises(cc.BadCode):
            cc.b45decode(bad)


def test_code_round_trip_and_signature() -> None:
    private, public = new_key_pair()
    text = cc.make_code(claim(), private)
    assert text.startswith("VC1:") and set(text[4:]) <= set(cc._B45)
    parsed = cc.parse_code(text)
    assert parsed.claim == claim()
    assert parsed.signed_by(public)
    assert not parsed.signed_by(new_key_pair()[1])


def test_every_changed_byte_breaks_the_signature() -> None:
    private, public = new_key_pair()
    parsed = cc.parse_code(cc.make_code(claim(), private))
    raw = bytearray(parsed.body + parsed.signature)
    for i in range(len(raw)):
        tampered = bytearray(raw)
        tampered[i] ^= 0x01
        try:
            again = cc.parse_code(cc.PREFIX + cc.b45encode(bytes(tampered)))
        except cc.BadCode:
            continue  # damaged beyond reading: refused as well
        assert not again.signed_by(public), i


def test_a_forged_claim_signed_by_another_key_fails() -> None:
    _, public = new_key_pair()
    forger, _ = new_key_pair()
    forged = cc.parse_code(cc.make_code(claim(name="王伪造", hours=80), forger))
    assert forged.claim.name == "王伪造" and not forged.signed_by(public)


def test_only_the_mask_of_the_id_travels() -> None:
    private, _ = new_key_pair()
    parsed = cc.parse_code(cc.make_code(claim(masked_id="520524********123X"), private))
    assert b"520524" in parsed.body and b"123X" in parsed.body and b"*" not in parsed.body
    assert parsed.claim.masked_id == "520524********123X"
    assert cc.parse_code(cc.make_code(claim(masked_id=""), private)).claim.masked_id == ""


def test_long_titles_are_shortened_and_still_signed() -> None:
    private, public = new_key_pair()
    long = "2021年织金县村（社区）党组织书记暨村级后备力量“乡村振兴”能力提升专题示范培训班（第一期）"
    parsed = cc.parse_code(cc.make_code(claim(class_title=long), private))
    assert len(parsed.claim.class_title) == cc.MAX_TITLE and parsed.claim.class_title.endswith("…")
    assert long.startswith(parsed.claim.class_title[:-1]) and parsed.signed_by(public)


@pytest.mark.parametrize("text, message", [
    ("https://example.org/x", "不是本系统"), ("VC1:", "不完整"), ("VC1:abc", "无效字符"),
])
def test_not_our_code(text: str, message: str) -> None:
    with pytest.raises(cc.BadCode, match=message):
        cc.parse_code(text)


def test_future_format_version_says_upgrade() -> None:
    private, _ = new_key_pair()
    raw = bytearray(cc.b45decode(cc.make_code(claim(), private)[4:]))
    raw[0] = 2
    with pytest.raises(cc.BadCode, match="请升级程序"):
        cc.parse_code(cc.PREFIX + cc.b45encode(bytes(raw)))


def test_qr_version_fits_a_printed_page() -> None:
    """A typical certificate needs a version-10 code (57 modules: 0.53 mm each at 30 mm); the
    longest we allow (40-character title, 20-character name) stays at version 13 or below."""
    from vcadre.reports.qr import qr_matrix

    private, _ = new_key_pair()
    typical = len(qr_matrix(cc.make_code(claim(), private)))
    worst = len(qr_matrix(cc.make_code(claim(name="某" * 20, class_title="培" * 60,
                                             number="织金县委组织部培〔2021〕004-0001号"), private)))
    assert typical <= 57, typical  # version = (size - 17) / 4
    assert worst <= 69, worst
