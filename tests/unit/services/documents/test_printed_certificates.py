"""What a printed certificate shows (``training_certificates.certificates``), written from what an
officer expects on paper: the holder, the class, the number issued, the ID number masked unless
asked, a signed code that says the same; only the class's valid certificates, in number order;
only for users who may print, and every print in the audit trail."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.unit.services.documents.conftest import DAYS, PEOPLE, TITLE, county_class  # noqa: F401  (fixture)
from vcadre.domain.idnumber import make_id_number
from vcadre.domain.roles import PermissionDenied, Role
from vcadre.services import training, training_attendance, training_certificates as certs, training_enrol
from vcadre.services import training_settings
from vcadre.services.documents import certificate_code as cc, photos
from vcadre.services.errors import ValidationError
from vcadre.store.models import Enrolment, TrainingSession
from vcadre.store.protect.models import AuditEntry
from vcadre.store.protect.context import Actor
from tests.unit.services.documents.test_person_documents import picture

#: The ID numbers the fixture gives its three people, and how a certificate shows them masked:
#: the first six and the last four digits, eight stars between.
FULL = {name: make_id_number("520524", birth, 11 + 2 * i + (gender == "2"))
        for i, (name, gender, birth) in enumerate(PEOPLE)}
MASKED = {name: full[:6] + "********" + full[-4:] for name, full in FULL.items()}


def _printed(db, class_id: str, **kw) -> list[certs.CertificateData]:
    with db.session() as s:
        return certs.certificates(s, class_id, **kw)


def test_a_certificate_shows_the_holder_the_class_and_the_id_number_masked(db, county_class) -> None:
    numbers = county_class["numbers"]
    printed = _printed(db, county_class["class"])
    assert [c.number for c in printed] == numbers == ["织金培〔2024〕001-0001号", "织金培〔2024〕001-0002号",
                                                      "织金培〔2024〕001-0003号"]
    by_name = {c.name: c for c in printed}
    assert set(by_name) == set(FULL)
    site_id = db.site()[0]
    for name, c in by_name.items():
        assert c.id_number == MASKED[name] and FULL[name] not in repr(c)
        assert (c.class_title, c.start_date, c.end_date, c.hours, c.organizer, c.issue_date, c.photo) == \
            (TITLE, DAYS[0], DAYS[-1], 40.0, "中共织金县委组织部", DAYS[-1], None)
        # The code carries the same facts, the ID number masked even on an unmasked print.
        assert cc.parse_code(c.code).claim == cc.Claim(site_id, c.number, name, MASKED[name], TITLE,
                                                       DAYS[0], DAYS[-1], DAYS[-1], 40.0)
    unmasked = _printed(db, county_class["class"], masked=False)
    assert {c.name: c.id_number for c in unmasked} == FULL
    assert {c.name: cc.parse_code(c.code).claim.masked_id for c in unmasked} == MASKED
    # Without signing: the same certificates, no code.
    plain = _printed(db, county_class["class"], sign=False)
    assert [(c.number, c.code) for c in plain] == [(n, "") for n in numbers]


def test_a_class_without_an_organizer_prints_none(db, county_class) -> None:
    with db.session() as s, s.begin():
        s.get(TrainingSession, county_class["class"]).organizer = None
    assert {c.organizer for c in _printed(db, county_class["class"], sign=False)} == {""}


def test_only_the_valid_certificates_of_the_class_print_in_number_order(db, county_class) -> None:
    """Revoked certificates, trainees without one and trainees no longer in the class do not
    print; another class's certificates neither. Numbers print in their order as numbers (旧证-9 before 旧证-10), whatever
    order they were entered in."""
    cid, e = county_class["class"], county_class["enrolments"]
    with db.session() as s, s.begin():
        other = training.save(s, None, {"title": "第二期", "kind": "other", "start_date": DAYS[0],
                                        "end_date": DAYS[0], "planned_hours": 8})
        # 王建国 enrolled too, but absent: no certificate.
        training_enrol.enrol(s, other, [county_class["persons"]["杨媛雪"], county_class["persons"]["王建国"]])
    with db.session() as s, s.begin():
        present = [r.id for r in training_enrol.roster(s, other) if r.name == "杨媛雪"]
        training_attendance.mark(s, other, present, DAYS[:1], "present")
        assert certs.issue(s, other) == ["织金培〔2024〕002-0001号"]
    # Numbers typed in by hand, out of order: 杨媛雪 (entered first) holds the later number.
    with db.session() as s, s.begin():
        s.get(Enrolment, e["杨媛雪"]).certificate_no = "旧证-10"
        s.get(Enrolment, e["王建国"]).certificate_no = "旧证-9"
        s.get(Enrolment, e["阿依古丽·买买提"]).certificate_no = "旧证-8"
    assert [c.number for c in _printed(db, cid, sign=False)] == ["旧证-8", "旧证-9", "旧证-10"]
    with db.session() as s, s.begin():
        s.get(Enrolment, e["杨媛雪"]).certificate_no = "旧证-12"
        s.get(Enrolment, e["王建国"]).certificate_no = "旧证-11"
        s.get(Enrolment, e["阿依古丽·买买提"]).certificate_no = "旧证-10"
    assert [c.number for c in _printed(db, cid, sign=False)] == ["旧证-10", "旧证-11", "旧证-12"]
    with db.session() as s, s.begin():
        certs.revoke(s, e["王建国"], "学员材料不实")
        # Taken out of the class at another site (arrived by sync): no longer a trainee here.
        s.get(Enrolment, e["阿依古丽·买买提"]).deleted = True
    assert [(c.name, c.number) for c in _printed(db, cid, sign=False)] == [("杨媛雪", "旧证-12")]
    assert [(c.name, c.number) for c in _printed(db, other, sign=False)] == [("杨媛雪", "织金培〔2024〕002-0001号")]


def test_reprinting_some_certificates_prints_only_those(db, county_class) -> None:
    cid, e = county_class["class"], county_class["enrolments"]
    some = _printed(db, cid, enrolment_ids=[e["王建国"], e["阿依古丽·买买提"]], sign=False)
    assert sorted(c.name for c in some) == ["王建国", "阿依古丽·买买提"]
    assert _printed(db, cid, enrolment_ids=[], sign=False) == []
    assert len(_printed(db, cid, enrolment_ids=None, sign=False)) == 3


def test_photos_print_when_the_training_settings_say_so(db, county_class) -> None:
    cid, pid = county_class["class"], county_class["persons"]["杨媛雪"]
    with db.session() as s, s.begin():
        photos.set_photo(s, pid, photos.prepare(picture()))
        training_settings.save(s, {"certificate_photo": True})
    with db.session() as s:
        stored = photos.photos_of(s, [pid])[pid]
    assert {c.name: c.photo for c in _printed(db, cid, sign=False)} == \
        {"杨媛雪": stored, "王建国": None, "阿依古丽·买买提": None}
    assert all(c.photo is None for c in _printed(db, cid, sign=False, photos=False))
    with db.session() as s, s.begin():
        training_settings.save(s, {"certificate_photo": False})
    assert all(c.photo is None for c in _printed(db, cid, sign=False))


def test_no_signing_key_is_refused_saying_so(db, county_class) -> None:
    from sqlalchemy import update

    from vcadre.store.models import Site

    with db.session() as s, s.begin():
        s.execute(update(Site).values(private_key=None, public_key=None))
    with pytest.raises(ValidationError) as err:
        _printed(db, county_class["class"])
    assert str(err.value) == "本机站点尚无签名密钥，无法为证书生成二维码。"
    assert len(_printed(db, county_class["class"], sign=False)) == 3


def _act_as(db, role: Role) -> None:
    """A login of this role on the database (what ``open_database(login=…)`` sets up)."""
    db.auth.accounts = True
    db.auth.actor = Actor("u-" + role.name, {Role.READER: "查阅员丙", Role.CLERK: "录入员乙"}[role], role)


def _audit(db) -> list[tuple]:
    with db.session() as s:
        rows = s.scalars(select(AuditEntry).where(AuditEntry.action.in_(("export", "unmask")))
                         .order_by(AuditEntry.seq)).all()
        return [(r.action, r.user_name, r.kind, r.target, json.loads(r.detail)) for r in rows]


def test_a_reader_may_not_print_certificates_a_clerk_may_also_unmasked(db, county_class) -> None:
    cid = county_class["class"]
    _act_as(db, Role.READER)
    for masked in (True, False):
        with pytest.raises(PermissionDenied):
            _printed(db, cid, masked=masked, sign=False)
    _act_as(db, Role.CLERK)
    assert {c.name: c.id_number for c in _printed(db, cid, masked=False, sign=False)} == FULL
    assert {c.name: c.id_number for c in _printed(db, cid, sign=False)} == MASKED


def test_every_print_is_in_the_audit_trail_saying_what_how_many_where_and_if_unmasked(
        db, county_class, tmp_path: Path) -> None:
    from vcadre.reports.certificate import write_certificates

    cid = county_class["class"]
    _act_as(db, Role.CLERK)
    with db.session() as s:
        masked = certs.certificates(s, cid, sign=False)
        write_certificates(masked, tmp_path / "a.pdf")
        full = certs.certificates(s, cid, masked=False, sign=False, enrolment_ids=[county_class["enrolments"]["王建国"]])
        write_certificates(full, tmp_path / "b.pdf")
    what = f"{TITLE}结业证书"
    got = [(a, u, k, t, {f: d.get(f) for f in ("what", "rows", "where", "unmasked")}) for a, u, k, t, d in _audit(db)]
    assert got == [
        ("export", "录入员乙", "certificate", what, {"what": what, "rows": 3, "where": str(tmp_path / "a.pdf"),
                                                    "unmasked": False}),
        ("export", "录入员乙", "certificate", what, {"what": what, "rows": 1, "where": str(tmp_path / "b.pdf"),
                                                    "unmasked": True}),
        ("unmask", "录入员乙", "certificate", what, {"what": f"{what}（完整证件号）", "rows": 1,
                                                    "where": str(tmp_path / "b.pdf"), "unmasked": None}),
    ]


def test_no_hours_print_as_zero_and_no_id_number_as_a_blank(db, county_class) -> None:
    """A trainee passed by hand (因公请假, no day attended) holds a certificate of 0 hours, on paper
    and in the code; a holder whose ID number is not on record gets a blank, masked or not."""
    from vcadre.store.models import Person

    with db.session() as s, s.begin():
        other = training.save(s, None, {"title": "补学班", "kind": "other", "start_date": DAYS[0],
                                        "end_date": DAYS[0], "planned_hours": 8})
        training_enrol.enrol(s, other, [county_class["persons"]["王建国"]])
    with db.session() as s, s.begin():
        training_attendance.override(s, training_enrol.roster(s, other)[0].id, "completed", "因公请假，补学后视为结业")
        assert certs.issue(s, other) == ["织金培〔2024〕002-0001号"]
        s.get(Person, county_class["persons"]["王建国"]).id_number = None
    for masked in (True, False):
        (c,) = _printed(db, other, masked=masked)
        assert (c.name, c.hours, c.id_number) == ("王建国", 0.0, "")
        assert (cc.parse_code(c.code).claim.hours, cc.parse_code(c.code).claim.masked_id) == (0.0, "")
