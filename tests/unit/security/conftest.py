"""A protected (encrypted, with accounts) copy of the small county: admin, clerk and reader.

argon2id is made cheap here (the costs are stored with each wrapped key, so this changes no
rule); the real cost is measured by bench/login.py.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Callable

import pytest

from vcadre.domain.idnumber import make_id_number
from vcadre.store.protect import keyring as kr

PASSWORDS = {"管理员甲": "admin-pass-1", "录入员乙": "clerk-pass-2", "查阅员丙": "reader-pass-3"}
ADMIN, CLERK, READER = "管理员甲", "录入员乙", "查阅员丙"
CANARY_NAME = "欧阳雪梅"
CANARY_ID = make_id_number("520524", date(1987, 6, 5), 22)
CANARY_PHONE = "13985556677"


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kr, "ARGON2_T", 1)
    monkeypatch.setattr(kr, "ARGON2_M", 1024)


def add_canary(db, village_id: str) -> str:
    from vcadre.services import talent

    with db.session() as s, s.begin():
        return talent.save(s, None, dict(
            name=CANARY_NAME, gender="2", id_number=CANARY_ID, phone=CANARY_PHONE, village_id=village_id,
            source="veteran", stage="reserve", status="active", entry_date="2024-01-02", political_status="01"),
            today=date(2025, 6, 1))


@pytest.fixture
def protected(db, small_county) -> dict:
    """{"path", "recovery", "entry", "login": role-name → open Database, "county": ids}."""
    from vcadre.services.security import accounts
    from vcadre.store.db import open_database
    from vcadre.store.protect.login import Login

    entry = add_canary(db, small_county["青山村"])
    admin_db, recovery = accounts.protect_database(db, ADMIN, PASSWORDS[ADMIN])
    accounts.add_user(admin_db, CLERK, "录入员", PASSWORDS[CLERK])
    accounts.add_user(admin_db, READER, "查阅员", PASSWORDS[READER])
    path = Path(admin_db.path)
    admin_db.close()
    opened: list = []

    def login(name: str):
        d = open_database(path, login=Login(name, PASSWORDS[name]))
        opened.append(d)
        return d

    yield {"path": path, "recovery": recovery, "entry": entry, "login": login, "county": small_county}
    for d in opened:
        d.close()
