"""Accounts, audit trail, recovery and backups on the command line.

    vcadre users add NAME --role 管理员|录入员|查阅员 --password-file F   (管理员; login: --user/env)
    vcadre users list
    vcadre users passwd [NAME] --password-file NEW   (own password, or an administrator resets NAME's)
    vcadre users disable NAME | enable NAME | role NAME ROLE
    vcadre audit list [--by USER] [--action A] [--since D] [--until D] [--limit N]
    vcadre audit verify                     (prints how many entries it checked; exit 1 if broken)
    vcadre audit export --out FILE.csv
    vcadre recover --db PATH --recovery-key-file F --password-file NEW [--admin NAME]
    vcadre protect --db PATH --admin NAME --password-file F   (encrypt an existing database)
    vcadre backup --out DIR                 (encrypted copy + key file; restorable with a password
                                            or the recovery key)

In ``users`` and ``protect``, ``--password-file`` is the *new* password; log in with ``--user``
(prompt), ``--login-password-file`` or ``VCADRE_USER``/``VCADRE_PASSWORD_FILE``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub, common) -> None:
    u = sub.add_parser("users", help="用户管理（管理员）")
    usub = u.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    a = usub.add_parser("add", help="新增用户")
    a.add_argument("name")
    a.add_argument("--role", required=True, help="管理员、录入员 或 查阅员")
    a.add_argument("--password-file", type=Path, required=True, metavar="F", help="新用户的密码文件（第一行）")
    common.db_arg(a, password_file=False)
    a.set_defaults(func=lambda args: cmd_users_add(args, common))
    ls = usub.add_parser("list", help="列出用户")
    common.db_arg(ls)
    ls.set_defaults(func=lambda args: cmd_users_list(args, common))
    pw = usub.add_parser("passwd", help="修改自己的密码，或（管理员）重设他人的密码")
    pw.add_argument("name", nargs="?")
    pw.add_argument("--password-file", type=Path, required=True, metavar="F", help="新密码文件（第一行）")
    common.db_arg(pw, password_file=False)
    pw.set_defaults(func=lambda args: cmd_users_passwd(args, common))
    for action, text in (("disable", "停用用户"), ("enable", "启用用户（随后请重设其密码）")):
        d = usub.add_parser(action, help=text)
        d.add_argument("name")
        common.db_arg(d)
        d.set_defaults(func=lambda args, a=action: cmd_users_disable(args, common, a == "disable"))
    r = usub.add_parser("role", help="修改角色")
    r.add_argument("name")
    r.add_argument("role")
    common.db_arg(r)
    r.set_defaults(func=lambda args: cmd_users_role(args, common))

    au = sub.add_parser("audit", help="审计日志（管理员）")
    asub = au.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    al = asub.add_parser("list", help="列出审计日志")
    common.db_arg(al)
    al.add_argument("--by", dest="filter_user", metavar="NAME", help="只看该用户的操作")
    al.add_argument("--action", metavar="ACTION", help="操作，如 login、export、record.（前缀）")
    al.add_argument("--since", metavar="DATE")
    al.add_argument("--until", metavar="DATE")
    al.add_argument("--limit", type=int, default=100)
    al.set_defaults(func=lambda args: cmd_audit_list(args, common))
    av = asub.add_parser("verify", help="检查哈希链")
    common.db_arg(av)
    av.set_defaults(func=lambda args: cmd_audit_verify(args, common))
    ae = asub.add_parser("export", help="导出为 CSV")
    common.db_arg(ae)
    ae.add_argument("--out", type=Path, required=True, metavar="FILE")
    ae.set_defaults(func=lambda args: cmd_audit_export(args, common))

    rc = sub.add_parser("recover", help="用恢复密钥重设管理员密码")
    rc.add_argument("--db", type=Path, metavar="PATH", default=argparse.SUPPRESS)
    rc.add_argument("--recovery-key-file", type=Path, required=True, metavar="F")
    rc.add_argument("--password-file", type=Path, required=True, metavar="F", help="管理员的新密码文件")
    rc.add_argument("--admin", metavar="NAME", default="", help="要重设的管理员（默认第一个）")
    rc.set_defaults(func=lambda args: cmd_recover(args, common))

    pr = sub.add_parser("protect", help="为没有用户的数据库设置管理员并加密")
    pr.add_argument("--db", type=Path, metavar="PATH", default=argparse.SUPPRESS)
    pr.add_argument("--admin", required=True, metavar="NAME")
    pr.add_argument("--password-file", type=Path, required=True, metavar="F")
    pr.add_argument("--recovery-key-out", type=Path, metavar="F")
    pr.set_defaults(func=lambda args: cmd_protect(args, common))

    b = sub.add_parser("backup", help="备份数据库（加密副本和密钥文件）到一个文件夹")
    common.db_arg(b)
    b.add_argument("--out", type=Path, required=True, metavar="DIR")
    b.set_defaults(func=lambda args: cmd_backup(args, common))


def _new_password(args, common) -> str:
    return common.read_secret_file(args.password_file, "密码")


def cmd_users_add(args, common) -> int:
    from vcadre.services.security import accounts

    password = _new_password(args, common)
    db = common.open_db(args)
    try:
        accounts.add_user(db, args.name, args.role, password)
    finally:
        db.close()
    print(f"已新增用户“{args.name}”（{args.role}）。")
    return 0


def cmd_users_list(args, common) -> int:
    from vcadre.services.security import accounts

    db = common.open_db(args)
    try:
        rows = accounts.list_users(db)
    finally:
        db.close()
    for r in rows:
        last = r.last_login_at.strftime("%Y-%m-%d %H:%M") if r.last_login_at else "从未登录"
        print(f"{r.name}\t{r.role}\t{'已停用' if r.disabled else '正常'}\t最近登录：{last}")
    print(f"共 {len(rows)} 个用户。")
    return 0


def cmd_users_passwd(args, common) -> int:
    from vcadre.services.security import accounts
    from vcadre.store.protect.context import context_of

    password = _new_password(args, common)
    db = common.open_db(args)
    try:
        me = context_of(db).actor
        if args.name and (me is None or args.name != me.name):
            accounts.reset_password(db, args.name, password)
            print(f"已重设用户“{args.name}”的密码。")
        else:
            if me is None:
                raise common.UserError("这个数据库没有设置用户。")
            accounts._set_password(db, me.name, password, "user.passwd")
            print("密码已修改。")
    finally:
        db.close()
    return 0


def cmd_users_disable(args, common, disabled: bool) -> int:
    from vcadre.services.security import accounts

    db = common.open_db(args)
    try:
        accounts.set_disabled(db, args.name, disabled)
    finally:
        db.close()
    print(f"已{'停用' if disabled else '启用'}用户“{args.name}”。")
    return 0


def cmd_users_role(args, common) -> int:
    from vcadre.services.security import accounts

    db = common.open_db(args)
    try:
        accounts.set_role(db, args.name, args.role)
    finally:
        db.close()
    print(f"用户“{args.name}”的角色已改为 {args.role}。")
    return 0


def cmd_audit_list(args, common) -> int:
    from vcadre.services.security import audit

    f = audit.AuditFilter(user=args.filter_user or "", action=args.action or "",
                          since=common.parse_date(args.since), until=common.parse_date(args.until))
    db = common.open_db(args)
    try:
        with db.session() as s:
            rows = audit.entries(s, f, limit=args.limit)
            total = audit.count(s, f)
    finally:
        db.close()
    for e in reversed(rows):
        print(f"{e.seq}\t{e.at}\t{e.user or '-'}\t{e.action_label}\t{e.kind_label}\t{e.target}\t{e.summary()}")
    print(f"显示 {len(rows)} 条，共 {total} 条。")
    return 0


def cmd_audit_verify(args, common) -> int:
    from vcadre.services.security import audit

    db = common.open_db(args)
    try:
        with db.session() as s:
            res = audit.verify(s)
    finally:
        db.close()
    print(res.message(), file=sys.stdout if res.ok else sys.stderr)
    return 0 if res.ok else 1


def cmd_audit_export(args, common) -> int:
    from vcadre.services.security import audit

    db = common.open_db(args)
    try:
        n = audit.export_csv(db, args.out)
    finally:
        db.close()
    print(f"已导出 {n} 条审计记录到 {args.out}。")
    return 0


def cmd_recover(args, common) -> int:
    from vcadre.services.security import accounts

    key = common.read_secret_file(args.recovery_key_file, "恢复密钥")
    password = _new_password(args, common)
    name = accounts.recover(common.db_path(args), key, password, admin=args.admin)
    print(f"已用恢复密钥重设管理员“{name}”的密码，请用新密码登录。")
    return 0


def cmd_protect(args, common) -> int:
    from vcadre.services.security import accounts

    password = _new_password(args, common)
    args.user = None
    args.login_password_file = None
    db = common.open_db(args)
    db, recovery = accounts.protect_database(db, args.admin, password)
    db.close()
    print(f"数据库已加密，管理员：{args.admin}。")
    print(f"恢复密钥（只显示这一次，请打印或抄写后锁进保险柜）：{recovery}")
    if args.recovery_key_out:
        import os

        fd = os.open(args.recovery_key_out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(recovery + "\n")
    return 0


def cmd_backup(args, common) -> int:
    from vcadre.store.backup import backup_database

    from vcadre.services.security import Permission, audit, require

    db = common.open_db(args)
    try:
        require(db, Permission.BACKUP)
        path = backup_database(db, "manual", dest_dir=args.out)
        audit.log(db, "backup", where=str(path), encrypted=db.key is not None)
    finally:
        db.close()
    print(f"已备份到 {path}")
    return 0
