"""Verifying a certificate (证书核验): by its number, by its QR code's payload, or from a scan.

Verdicts:

- 有效 (``valid``): the number is on record and not revoked — or the code's signature is good and
  this database knows no revocation of it;
- 已撤销 (``revoked``): revoked, with the date and reason recorded (revocations sync like any
  record: ``CertificateEvent`` rows with ``action = 'revoked'``);
- 未找到 (``not_found``): no certificate with that number here;
- 签名无效 (``bad_signature``): the code was not signed by the key of the site it names — altered
  or forged;
- 无法核验 (``unknown_signer``): the code names a site whose key this database does not have yet
  (import a sync package from that site, then verify again).

A good signature proves what the certificate said when printed; the local record adds
revocations and later corrections (reported as notes, never silently).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from vcadre.domain import idnumber
from vcadre.services.documents import certificate_code as cc
from vcadre.services.documents.site_keys import verified_signing_key
from vcadre.store.models import CertificateEvent, Enrolment, Person, Site, SyncPeer, TrainingSession

VALID, REVOKED, NOT_FOUND, BAD_SIGNATURE, UNKNOWN_SIGNER = (
    "valid", "revoked", "not_found", "bad_signature", "unknown_signer")
VERDICT_LABELS = {
    VALID: "有效", REVOKED: "已撤销", NOT_FOUND: "未找到", BAD_SIGNATURE: "签名无效", UNKNOWN_SIGNER: "无法核验",
}


@dataclass
class VerifyResult:
    verdict: str
    number: str
    name: str = ""
    masked_id: str = ""
    class_title: str = ""
    start: Optional[date] = None
    end: Optional[date] = None
    hours: Optional[float] = None
    organizer: str = ""
    issuer: str = ""  #: the signing site's name (codes) or the issuing site (records)
    revoked_on: Optional[date] = None
    revoke_reason: str = ""
    #: "number" (typed) or "code" (QR payload / scan)
    source: str = "number"
    notes: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return VERDICT_LABELS[self.verdict]

    def lines(self) -> list[str]:
        """The result as the CLI prints it and the GUI shows it (Chinese)."""
        out = [f"核验结果：{self.label}", f"证书编号：{self.number}"]
        if self.name:
            out.append(f"持证人：{self.name}" + (f"（身份证号码 {self.masked_id}）" if self.masked_id else ""))
        if self.class_title:
            out.append(f"培训班：{self.class_title}")
        if self.start and self.end:
            out.append(f"培训时间：{self.start:%Y年%m月%d日} 至 {self.end:%Y年%m月%d日}"
                       + (f"，{self.hours:g} 学时" if self.hours is not None else ""))
        if self.organizer:
            out.append(f"主办单位：{self.organizer}")
        if self.issuer:
            out.append(f"签发站点：{self.issuer}")
        if self.verdict == REVOKED:
            out.append(f"撤销日期：{self.revoked_on:%Y年%m月%d日}" if self.revoked_on else "撤销日期：未记录")
            out.append(f"撤销理由：{self.revoke_reason or '未记录'}")
        out += self.notes
        return out


# ------------------------------------------------------------------ by number

_BRACKETS = str.maketrans({"[": "〔", "]": "〕", "［": "〔", "］": "〕", "【": "〔", "】": "〕",
                           "(": "〔", ")": "〕", "（": "〔", "）": "〕", "〖": "〔", "〗": "〕",
                           **{chr(0xFF10 + i): str(i) for i in range(10)}, "－": "-", "—": "-"})


def number_key(text: str) -> str:
    """A number as typed and as printed compare equal: spaces, bracket kinds, full-width digits."""
    return re.sub(r"\s+", "", text or "").translate(_BRACKETS).removesuffix("号")


def find_enrolment(session: Session, number: str) -> Optional[Enrolment]:
    number = (number or "").strip()
    if not number:
        return None
    found = session.scalars(select(Enrolment).where(Enrolment.certificate_no == number)).all()
    if not found:
        key = number_key(number)
        if not key:
            return None
        # Typed with other brackets or spaces: compare normalised (certificates are thousands).
        wanted = [n for n in session.scalars(select(Enrolment.certificate_no).where(
            Enrolment.certificate_no.is_not(None))) if number_key(n) == key]
        if len(wanted) != 1:
            return None
        found = session.scalars(select(Enrolment).where(Enrolment.certificate_no == wanted[0])).all()
    live = [e for e in found if not e.deleted]
    return (live or found)[0] if found else None


def _site_name(session: Session, site_id: str) -> str:
    local = session.scalar(select(Site).where(Site.id == site_id))
    if local is not None:
        return local.name
    peer = session.get(SyncPeer, site_id)
    return peer.name if peer is not None else ""


def _revocation(session: Session, e: Enrolment) -> tuple[bool, Optional[date], str]:
    ev = session.scalars(select(CertificateEvent).where(
        CertificateEvent.enrolment_id == e.id, CertificateEvent.action == "revoked",
        CertificateEvent.deleted.is_(False)).order_by(CertificateEvent.event_date.desc(),
                                                      CertificateEvent.hlc.desc())).first()
    if ev is not None:
        return True, ev.event_date, ev.reason or ""
    return bool(e.certificate_revoked), None, ""


def _record_result(session: Session, e: Enrolment, number: str) -> VerifyResult:
    person: Person = e.person
    t: TrainingSession = e.session
    revoked, on, reason = _revocation(session, e)
    issued = session.scalars(select(CertificateEvent).where(
        CertificateEvent.enrolment_id == e.id, CertificateEvent.action == "issued")
        .order_by(CertificateEvent.hlc)).first()
    result = VerifyResult(
        REVOKED if revoked else VALID, e.certificate_no or number, person.name,
        idnumber.mask_id_number(person.id_number), t.title, t.start_date, t.end_date,
        float(e.hours_completed or 0), t.organizer or "",
        _site_name(session, issued.site_id) if issued is not None else "", on, reason)
    if e.deleted:
        result.notes.append("注意：该学员已被移出培训班（记录已删除）。")
    return result


def verify_number(session: Session, number: str) -> VerifyResult:
    """有效 / 已撤销 / 未找到 for a typed certificate number."""
    e = find_enrolment(session, number)
    if e is None:
        return VerifyResult(NOT_FOUND, (number or "").strip(),
                            notes=["本机数据库中没有这个证书编号。请核对编号；如证书由其他单位签发，"
                                   "请先导入该单位的同步包，或扫描证书上的二维码核验。"])
    return _record_result(session, e, number)


# ------------------------------------------------------------------ by code

def verify_code(session: Session, text: str) -> VerifyResult:
    """Verify a QR payload (``VC1:…``). Raises ``certificate_code.BadCode`` for text that is not
    a certificate code at all; a code whose signature fails is a 签名无效 result."""
    parsed = cc.parse_code(text)
    c = parsed.claim
    base = dict(number=c.number, name=c.name, masked_id=c.masked_id, class_title=c.class_title, start=c.start,
                end=c.end, hours=c.hours, source="code")
    key = verified_signing_key(session, c.site_id)
    if key is None:
        return VerifyResult(UNKNOWN_SIGNER, **base, notes=[
            "签发站点的公钥不在本机，无法核验签名。请先导入该站点（或县委组织部）的同步包，再核验。"])
    if not parsed.signed_by(key.public_key):
        return VerifyResult(BAD_SIGNATURE, **base, issuer=key.name, notes=[
            f"二维码不是由“{key.name}”的密钥签发的，或内容已被改动：证书可能是伪造或涂改的。"])
    result = VerifyResult(VALID, **base, issuer=key.name)
    if not key.confirmed:
        result.notes.append(f"提示：站点“{key.name}”的密钥指纹尚未核对（vcadre sync peers / sync trust）。")
    e = find_enrolment(session, c.number)
    if e is None:
        result.notes.append("本机数据库中尚无此证书的记录（可能尚未同步），以上信息取自二维码签名，无法确认是否已撤销。")
        return result
    record = _record_result(session, e, c.number)
    result.organizer = record.organizer
    if record.verdict == REVOKED:
        result.verdict, result.revoked_on, result.revoke_reason = REVOKED, record.revoked_on, record.revoke_reason
    pairs = (("姓名", c.name, record.name), ("培训班", c.class_title, cc.short_title(record.class_title)),
             ("学时", f"{c.hours:g}", f"{record.hours:g}"))
    differs = [(label, now) for label, printed, now in pairs if printed != now]
    if differs:
        result.notes.append("注意：证书上的" + "、".join(label for label, _ in differs)
                            + "与本机现有记录不一致（记录可能在打印后更正过）："
                            + "；".join(f"记录中{label}为“{now}”" for label, now in differs) + "。")
    result.notes += record.notes
    return result


def verify_scan(session: Session, path: Path | str) -> list[VerifyResult]:
    """Every certificate code found in a scan (image or PDF), verified. Raises ``scan.ScanError``."""
    from vcadre.services.documents.scan import certificate_codes

    return [verify_code(session, text) for text in certificate_codes(path)]
