"""Certificates (结业证书): numbers for completers, revocation, and what a printed certificate shows.

Numbers come from the pattern in ``training_settings`` (e.g. ``{county}培〔{year}〕{class:03d}-{seq:04d}号``)
and a per-class counter (``CertificateSeries``): the class gets a number within its year when its
first certificate is issued, and each certificate the next sequence number. The counter only grows
and an enrolment keeps its number for good — revoked or not — so a number is never given twice;
reprinting shows the number already issued. Every issue and revocation is recorded
(``CertificateEvent``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable, Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vcadre import clock
from vcadre.domain import idnumber
from vcadre.services import training_settings
from vcadre.services.errors import FieldError, ValidationError
from vcadre.services.training_enrol import get_class
from vcadre.store.models import (
    CertificateEvent,
    CertificateSeries,
    Enrolment,
    Person,
    TrainingSession,
)


def _series(session: Session, class_id: str) -> Optional[CertificateSeries]:
    return session.scalar(select(CertificateSeries).where(
        CertificateSeries.session_id == class_id, CertificateSeries.deleted.is_(False)))


def _numbers_of(session: Session, class_id: str) -> list[str]:
    return list(session.scalars(select(Enrolment.certificate_no).where(
        Enrolment.session_id == class_id, Enrolment.certificate_no.is_not(None))))


def _ensure_series(session: Session, t: TrainingSession) -> CertificateSeries:
    """The class's counter, created on first use.

    Classes of the year that already hold numbers (imported, or made before the counter existed),
    deleted ones included, get theirs first, read back from their numbers with the current pattern
    where possible, so a new class never takes a class number already printed on someone's
    certificate.
    """
    found = _series(session, t.id)
    if found is not None:
        return found
    cfg = training_settings.load(session)
    regex = training_settings.number_regex(cfg.certificate_pattern, cfg.county)
    # Deleted classes too: their certificates are still in people's hands, and the recycle bin
    # may bring them back, so their class numbers stay theirs.
    year_classes = session.scalars(select(TrainingSession).where(TrainingSession.year == t.year)
                                   .order_by(TrainingSession.start_date, TrainingSession.id)).all()
    taken = set(session.scalars(select(CertificateSeries.class_no).where(
        CertificateSeries.year == t.year, CertificateSeries.deleted.is_(False))))
    made: Optional[CertificateSeries] = None
    ordinals = {c.id: i for i, c in enumerate(year_classes, start=1)}
    # Classes already holding numbers first, this class last.
    for other in [c for c in year_classes if c.id != t.id] + [t]:
        ordinal = ordinals.get(other.id, len(year_classes) + 1)
        if other.id != t.id and (_series(session, other.id) is not None or not _numbers_of(session, other.id)):
            continue
        numbers = _numbers_of(session, other.id)
        class_no, last = None, len(numbers)
        parsed = [m for m in (regex.match(n) for n in numbers) if m]
        if parsed and len({m["klass"] for m in parsed}) == 1:
            class_no = int(parsed[0]["klass"])
            last = max(last, max(int(m["seq"]) for m in parsed))
        if class_no is None or class_no in taken:
            class_no = ordinal if numbers and ordinal not in taken else None
        if class_no is None or class_no in taken:
            class_no = max(taken | {0}) + 1
        taken.add(class_no)
        series = CertificateSeries(session_id=other.id, year=t.year, class_no=class_no, last_seq=last)
        session.add(series)
        if other.id == t.id:
            made = series
    session.flush()
    assert made is not None
    return made


def issue(session: Session, class_id: str, on: Optional[date] = None) -> list[str]:
    """Give a number to every completer of the class who has none (and no revoked certificate).

    Returns the numbers issued, in roster order. Idempotent: a second call issues nothing.
    """
    t = get_class(session, class_id)
    cfg = training_settings.load(session)
    training_settings.check_pattern(cfg.certificate_pattern)
    on = on or clock.today()
    waiting = session.scalars(
        select(Enrolment).join(Person, Person.id == Enrolment.person_id)
        .where(Enrolment.session_id == class_id, Enrolment.deleted.is_(False),
               Enrolment.result == "completed", Enrolment.certificate_no.is_(None))
        .order_by(Person.name_pinyin, Person.id)
    ).all()
    if not waiting:
        return []
    series = _ensure_series(session, t)
    used = set(session.scalars(select(Enrolment.certificate_no).where(Enrolment.certificate_no.is_not(None))))
    issued: list[str] = []
    seq = series.last_seq
    for e in waiting:
        while True:
            seq += 1
            number = training_settings.format_number(cfg.certificate_pattern, cfg.county, t.year,
                                                     series.class_no, seq)
            if number not in used:  # e.g. a number typed in by hand or imported
                break
        if len(number) > 60:
            raise ValidationError(FieldError("certificate_pattern", f"证书编号“{number}”超过 60 个字符。"))
        used.add(number)
        e.certificate_no = number
        e.certificate_revoked = False
        session.add(CertificateEvent(enrolment_id=e.id, certificate_no=number, action="issued", event_date=on))
        issued.append(number)
    series.last_seq = seq
    session.flush()
    return issued


def revoke(session: Session, enrolment_id: str, reason: str, on: Optional[date] = None) -> str:
    """Revoke a certificate (撤销): the number stays with the enrolment and is never reissued."""
    e = session.get(Enrolment, enrolment_id)
    if e is None or e.deleted:
        raise ValidationError("该学员不存在或已移出培训班。")
    if not e.certificate_no:
        raise ValidationError(f"{e.person.name}尚未颁发结业证书，无需撤销。")
    if e.certificate_revoked:
        raise ValidationError(f"{e.person.name}的证书（{e.certificate_no}）已撤销。")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(FieldError("reason", "撤销证书必须填写理由。"))
    e.certificate_revoked = True
    session.add(CertificateEvent(enrolment_id=e.id, certificate_no=e.certificate_no, action="revoked",
                                 event_date=on or clock.today(), reason=reason[:500]))
    session.flush()
    return e.certificate_no


def revoke_number(session: Session, number: str, reason: str, on: Optional[date] = None) -> str:
    """Revoke the certificate with this number (typed as printed; bracket kinds and spaces may differ)."""
    from vcadre.services.documents.verification import find_enrolment

    e = find_enrolment(session, number)
    if e is None or e.deleted:
        raise ValidationError(FieldError("number", f"没有编号为“{(number or '').strip()}”的证书。"))
    return revoke(session, e.id, reason, on)


@dataclass(frozen=True)
class CertificateEventRow:
    certificate_no: str
    action: str
    event_date: date
    reason: Optional[str]


def history(session: Session, enrolment_id: str) -> list[CertificateEventRow]:
    return [CertificateEventRow(*r) for r in session.execute(
        select(CertificateEvent.certificate_no, CertificateEvent.action, CertificateEvent.event_date,
               CertificateEvent.reason)
        .where(CertificateEvent.enrolment_id == enrolment_id, CertificateEvent.deleted.is_(False))
        .order_by(CertificateEvent.event_date, CertificateEvent.hlc))]


# ---------------------------------------------------------------- what a certificate shows

@dataclass(frozen=True)
class CertificateData:
    number: str
    name: str
    id_number: str  #: masked unless asked otherwise
    class_title: str
    start_date: date
    end_date: date
    hours: float
    organizer: str
    issue_date: date  #: the class's last day
    #: The signed QR payload (``documents.certificate_code``); "" prints no code.
    code: str = ""
    #: The holder's ID photo (JPEG) when certificates print photos.
    photo: Optional[bytes] = None


def certificates(session: Session, class_id: str, enrolment_ids: Optional[Iterable[str]] = None,
                 masked: bool = True, sign: bool = True, photos: Optional[bool] = None) -> list[CertificateData]:
    """Printable certificates of a class: valid (issued, not revoked) ones, in number order.

    Reprinting goes through here too, so it always shows the number already issued. With
    ``sign`` each carries its QR payload signed with this site's key (the ID number in it is
    always masked); the key must exist (``documents.site_keys.ensure_local_key(db)`` first).
    ``photos`` (default: the 培训设置 choice) adds the holders' ID photos.
    """
    from vcadre.services.documents import certificate_code, photos as photo_store
    from vcadre.services.documents.site_keys import SigningKeyMissing, local_signer
    from vcadre.services.security import Permission, audit, require

    require(session, Permission.EXPORT)
    if not masked:
        require(session, Permission.UNMASK)
    t = get_class(session, class_id)
    signer = None
    if sign:
        try:
            signer = local_signer(session)
        except SigningKeyMissing:
            raise ValidationError("本机站点尚无签名密钥，无法为证书生成二维码。") from None
    if photos is None:
        photos = training_settings.load(session).certificate_photo
    stmt = (
        select(Enrolment.certificate_no, Person.name, Person.id_number, Enrolment.hours_completed, Person.id)
        .join(Person, Person.id == Enrolment.person_id)
        .where(Enrolment.session_id == class_id, Enrolment.deleted.is_(False),
               Enrolment.certificate_no.is_not(None), Enrolment.certificate_revoked.is_(False))
        .order_by(func.length(Enrolment.certificate_no), Enrolment.certificate_no)
    )
    if enrolment_ids is not None:
        stmt = stmt.where(Enrolment.id.in_(list(enrolment_ids)))
    rows = session.execute(stmt).all()
    pictures = photo_store.photos_of(session, [r[4] for r in rows]) if photos else {}
    certs = CertificateList()
    for number, name, num, hours, person_id in rows:
        code = ""
        if signer is not None:
            code = certificate_code.make_code(certificate_code.Claim(
                signer.site_id, number, name, idnumber.mask_id_number(num), t.title, t.start_date, t.end_date,
                t.end_date, float(hours or 0)), signer.private_key)
        certs.append(CertificateData(number, name, idnumber.mask_id_number(num) if masked else (num or ""),
                                     t.title, t.start_date, t.end_date, float(hours or 0), t.organizer or "",
                                     t.end_date, code, pictures.get(person_id)))
    title = f"{t.title}结业证书"
    certs.on_written = lambda path: audit.exported(session, title, len(certs), path, kind="certificate",
                                                   unmasked=not masked)
    return certs


class CertificateList(list):
    """Certificates to print; ``write_certificates`` calls ``on_written(path)`` (the audit entry)."""

    on_written = None
