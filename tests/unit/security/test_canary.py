"""The canary (金丝雀): a whole working day on an encrypted database, then every file under the
data dir, the temp dir and the sync packages is searched for a known name, ID number and phone.

The day: init with an administrator; a clerk and a reader; demo county; Excel import of the
canary person; edits; masked roster and certificates; sync export to a USB folder and import at
a second site; a backup; undo of the import; the log file written all along. Only the files the
user explicitly exported (kept in ``exports/``, outside the searched folders) may hold the values
— and the masked PDFs hold no ID number or phone either.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

import pytest

from tests.unit.security.conftest import CANARY_ID, CANARY_NAME, CANARY_PHONE
from vcadre.cli import main

NEEDLES = {
    "name": [CANARY_NAME.encode("utf-8"), CANARY_NAME.encode("utf-16-le"), CANARY_NAME.encode("gb18030")],
    "id": [CANARY_ID.encode(), CANARY_ID.encode("utf-16-le")],
    "phone": [CANARY_PHONE.encode(), CANARY_PHONE.encode("utf-16-le")],
}


def _hits(folder: Path) -> list[tuple[str, str]]:
    out = []
    for f in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = f.read_bytes()
        out += [(str(f.relative_to(folder)), what) for what, ns in NEEDLES.items() if any(n in data for n in ns)]
    return out


def _pdf_text(path: Path) -> str:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        return "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


@pytest.mark.slow
def test_a_working_day_leaves_no_personal_data_in_the_clear(tmp_path, user_data_dir, monkeypatch, capsys) -> None:
    from vcadre.logsetup import setup_logging
    from vcadre.store.protect import keyring as kr

    monkeypatch.setattr(kr, "ARGON2_M", 4096)  # cheaper logins; the format is the same
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.setenv("TMPDIR", str(temp))
    usb, exports = tmp_path / "usb", tmp_path / "exports"
    usb.mkdir()
    exports.mkdir()
    data = user_data_dir
    data.mkdir(parents=True, exist_ok=True)
    setup_logging(data / "logs")
    secrets = tmp_path / "secrets"
    secrets.mkdir()

    def secret(name: str, text: str) -> str:
        (secrets / name).write_text(text + "\n", encoding="utf-8")
        return str(secrets / name)

    def run(*argv: str, user: str = "管理员甲", pw: str = "admin-pass-1") -> str:
        monkeypatch.setenv("VCADRE_USER", user)
        monkeypatch.setenv("VCADRE_PASSWORD_FILE", secret(f"{user}.pw", pw))
        code = main(list(argv))
        out = capsys.readouterr()
        assert code == 0, (argv, out.err)
        return out.out

    a, b = data / "vcadre.db", data / "乡镇站点.db"
    assert main(["init", "--db", str(a), "--site-name", "县委组织部", "--admin", "管理员甲",
                 "--password-file", secret("a.pw", "admin-pass-1")]) == 0
    run("users", "add", "录入员乙", "--role", "录入员", "--password-file", secret("c.pw", "clerk-pass-2"), "--db", str(a))
    run("users", "add", "查阅员丙", "--role", "查阅员", "--password-file", secret("r.pw", "reader-pass-3"), "--db", str(a))
    run("demo", "--db", str(a), "--quiet")

    # The clerk imports the canary from Excel (the file comes from outside: it is not searched).
    from openpyxl import Workbook
    from sqlalchemy import select

    from vcadre.services.talent_excel import HEADERS
    from vcadre.store.db import open_database
    from vcadre.store.models import Person, Region, TrainingSession
    from vcadre.store.protect.login import Login

    db = open_database(a, login=Login("录入员乙", "clerk-pass-2"))
    with db.session() as s:
        village = s.scalars(select(Region).where(Region.level == "village").order_by(Region.code)).first()
        township = s.get(Region, village.parent_id).name
        klass = s.scalars(select(TrainingSession).order_by(TrainingSession.start_date)).first().id
    db.close()
    row = {"姓名": CANARY_NAME, "性别": "女", "身份证号码": CANARY_ID, "联系电话": CANARY_PHONE, "政治面貌": "中共党员",
           "乡镇（街道）": township, "村（社区）": village.name, "来源": "复退军人", "当前阶段": "村后备干部",
           "状态": "在库", "入库时间": "2024-03-01"}
    wb = Workbook()
    wb.active.append(HEADERS)
    wb.active.append([row.get(h) for h in HEADERS])
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    wb.save(inbox / "后备干部.xlsx")
    run("talent", "import", str(inbox / "后备干部.xlsx"), "--db", str(a), user="录入员乙", pw="clerk-pass-2")

    db = open_database(a, login=Login("录入员乙", "clerk-pass-2"))
    with db.session() as s, s.begin():
        p = s.scalars(select(Person).where(Person.id_number == CANARY_ID)).one()
        p.notes = "下午谈话"
        p.phone = CANARY_PHONE  # unchanged value written again
    logging.getLogger("vcadre.canary").info("edited a person record")
    db.close()

    run("roster", "talent", "--db", str(a), "--out", str(exports / "名册.pdf"), user="录入员乙", pw="clerk-pass-2")
    run("certificates", "--db", str(a), "--class", klass, "--out", str(exports / "证书.pdf"),
        user="录入员乙", pw="clerk-pass-2")
    roster_text = _pdf_text(exports / "名册.pdf")
    assert CANARY_NAME in roster_text  # the roster lists the person …
    for f in ("名册.pdf", "证书.pdf"):  # … with the ID masked, and no phone
        text = _pdf_text(exports / f)
        assert CANARY_ID not in text and CANARY_PHONE not in text
    assert CANARY_ID[:6] + "********" + CANARY_ID[-4:] in roster_text

    # Sync: export to the USB stick, import at a second site, then undo that import.
    assert main(["init", "--db", str(b), "--site-name", "龙场镇组织办", "--admin", "镇管理员",
                 "--password-file", secret("b.pw", "town-admin-1")]) == 0
    capsys.readouterr()
    phrase = secret("phrase", "口令 correct horse battery")
    run("sync", "export", "--db", str(a), "--out", str(usb / "县.vcsync"), "--full", "--passphrase-file", phrase,
        user="录入员乙", pw="clerk-pass-2")
    run("sync", "import", str(usb / "县.vcsync"), "--db", str(b), "--passphrase-file", phrase,
        user="镇管理员", pw="town-admin-1")
    run("backup", "--db", str(a), "--out", str(data / "backups"))
    run("sync", "undo", "--db", str(b), user="镇管理员", pw="town-admin-1")
    run("audit", "verify", "--db", str(a))

    assert (data / "logs").is_dir() and any((data / "logs").iterdir())
    assert any((data / "backups").iterdir())
    hits = _hits(data) + _hits(temp) + _hits(usb)
    assert hits == []
    # The canary is really in there: the clerk's database finds it (so the search above was no vacuous pass).
    db = open_database(a, login=Login("查阅员丙", "reader-pass-3"))
    with db.session() as s:
        assert s.scalar(select(Person.name).where(Person.id_number == CANARY_ID)) == CANARY_NAME
    db.close()
