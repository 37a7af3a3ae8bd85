#!/usr/bin/env python3
"""Screenshots of the accounts and audit windows, offscreen (for reviewing the layout).

    python tools/screenshots_security.py --db COPY_OF_A_DEMO_COUNTY.db [--out out/screenshots/security]

The copy is encrypted with an administrator (管理员甲 / admin-pass-1) and a reader; saves the login
dialog, the administrator and recovery-key dialogs, user management, the audit view, the lock
dialog, and the main window as the reader sees it (person card with masked ID and phone).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from shots import settle, start_app  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "screenshots" / "security")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    app = start_app("zh_CN")

    from vcadre.services.security import accounts, audit
    from vcadre.store.db import open_database
    from vcadre.store.protect import is_protected
    from vcadre.store.protect.login import Login
    from vcadre.ui.main_window import MainWindow
    from vcadre.ui.security.audit_view import AuditDialog
    from vcadre.ui.security.dialogs import CreateAdminDialog, LoginDialog, RecoveryKeyDialog
    from vcadre.ui.security.idle import LockDialog
    from vcadre.ui.security.users import UsersDialog
    from vcadre.ui.settings import Settings

    if not is_protected(args.db):
        db, key = accounts.protect_database(open_database(args.db), "管理员甲", "admin-pass-1")
        accounts.add_user(db, "查阅员丙", "查阅员", "reader-pass-3")
        accounts.add_user(db, "录入员乙", "录入员", "clerk-pass-2")
        audit.log(db, "export", kind="reserve_entry", target="后备干部名单（Excel）", what="后备干部名单（Excel）",
                  rows=4500, where="D:/导出/后备干部名单.xlsx", unmasked=True)
        db.close()
    else:
        key = "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567"

    def grab(widget, name: str) -> None:
        widget.show()
        settle(120)
        widget.grab().save(str(args.out / f"{name}.png"))
        print(args.out / f"{name}.png")

    grab(LoginDialog(None, args.db, "用户名或密码不正确。", "管理员甲"), "login")
    grab(CreateAdminDialog(None), "create-admin")
    grab(CreateAdminDialog(None, converting=True), "protect-existing")
    rk = RecoveryKeyDialog(None, key, args.db.name)
    grab(rk, "recovery-key")
    rk.kept.setChecked(True)
    rk.accept()
    admin = open_database(args.db, login=Login("管理员甲", "admin-pass-1"))
    users = UsersDialog(None, admin)
    grab(users, "users")
    au = AuditDialog(None, admin)
    grab(au, "audit")
    grab(LockDialog(admin, "管理员甲"), "lock")
    admin.close()
    reader = open_database(args.db, login=Login("查阅员丙", "reader-pass-3"))
    w = MainWindow(Settings(), "zh_CN")
    w.set_database(reader)
    w.resize(1280, 800)
    grab(w, "main-reader")
    from PySide6.QtWidgets import QMenu

    menu = w.security.menu
    menu.popup(w.mapToGlobal(w.rect().topLeft()))
    settle(120)
    menu.grab().save(str(args.out / "account-menu-reader.png"))
    menu.hide()
    from sqlalchemy import select

    from vcadre.store.models import Person
    from vcadre.ui.person_card import PersonCardDialog

    with reader.session() as s:
        pid = s.scalar(select(Person.id).where(Person.phone.is_not(None)).limit(1))
    try:
        card = PersonCardDialog(reader, pid, False, w)
        grab(card, "person-card-reader")
    except TypeError as exc:  # the card's signature: report, the other shots stand
        print("person card:", exc)
    w.db = None
    reader.close()
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
