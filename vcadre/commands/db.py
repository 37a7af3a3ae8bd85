"""``vcadre db copy``: move a database between an SQLite file and a PostgreSQL server.

    vcadre db copy --from PATH_OR_URL [--backup NAME] --to PATH_OR_URL [--quiet]
    vcadre db backups --db URL [--json]


A county's file goes to the office server, or the server's database into a file for a laptop.
The target must be new (a file that does not exist, an empty server database). Every table is
copied in one transaction and checked by row counts and a content hash (``store.copy``).
A server's password comes from ``PGPASSWORD`` or libpq's password file, or is asked for.
``backups`` lists the automatic backups an office server keeps of itself before imports
(``store.server_backup``); ``copy --backup NAME`` copies one of them out instead of the live data.
"""

from __future__ import annotations

import argparse
import json
import sys


def register(sub, common) -> None:
    p = sub.add_parser("db", help="数据库：在文件与单位服务器之间复制")
    psub = p.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    c = psub.add_parser("copy", help="把整个数据库复制到新的文件或空的服务器数据库，并核对")
    from vcadre.cli import db_target

    c.add_argument("--from", dest="source", type=db_target, required=True, metavar="PATH_OR_URL",
                   help="源：数据库文件或 postgresql://用户名@主机:端口/数据库名")
    c.add_argument("--to", dest="target", type=db_target, required=True, metavar="PATH_OR_URL",
                   help="目标：不存在的新文件，或空的服务器数据库")
    c.add_argument("--backup", metavar="NAME",
                   help="源是单位服务器时：复制它在服务器上的这份自动备份（vcadre db backups 列出），而不是当前数据")
    c.add_argument("--json", action="store_true", help="结果以 JSON 输出（各表行数、内容摘要）")
    c.add_argument("--quiet", action="store_true")
    common.db_arg(c)  # --user / --password-file for a source with accounts
    c.set_defaults(func=lambda args: cmd_copy(args, common))
    b = psub.add_parser("backups", help="列出单位服务器在导入前自动做的备份（保存在服务器上）")
    b.add_argument("--json", action="store_true")
    common.db_arg(b)
    b.set_defaults(func=lambda args: cmd_backups(args, common))


def cmd_copy(args: argparse.Namespace, common) -> int:
    from vcadre.store.backend import display
    from vcadre.store.copy import CopyError, copy_database

    if str(args.source) == str(args.target):
        raise common.UserError("源和目标是同一个数据库。")
    args.db = args.source
    src = common.open_db(args)
    if args.backup:
        src = _backup_source(src, args.backup, common)
    last = [-1]

    def progress(table: str, done: int, total: int) -> bool:
        pct = done * 100 // max(total, 1)
        if not args.quiet and pct != last[0]:
            last[0] = pct
            print(f"\r复制中… {pct:3d}%（{table}）", end="", file=sys.stderr, flush=True)
        return True

    try:
        report = copy_database(src, args.target, progress=progress)
    except CopyError as exc:
        raise common.UserError(str(exc)) from None
    finally:
        src.close()
        if not args.quiet:
            print(file=sys.stderr)
    if args.json:
        print(json.dumps({"source": report.source, "target": report.target, "counts": report.counts,
                          "digest": report.digest, "seconds": round(report.seconds, 2)}, ensure_ascii=False))
    else:
        rows = sum(report.counts.values())
        print(f"已复制 {len(report.counts)} 张表、{rows} 行到 {display(args.target)}，"
              f"行数与内容摘要一致（{report.digest[:16]}…，{report.seconds:.1f} 秒）。")
    return 0


def _backup_source(db, name: str, common):
    """The server backup ``name`` of ``db`` as the copy's source (``db`` is closed)."""
    from vcadre.services.security import Permission, require
    from vcadre.store import server_backup

    try:
        if not db.is_server:
            raise common.UserError("--backup 只用于单位服务器（postgresql://…）：笔记本的备份本身就是文件，直接复制该文件即可。")
        require(db, Permission.BACKUP)
        return server_backup.open_backup(db, name)
    except server_backup.ServerBackupError as exc:
        raise common.UserError(str(exc)) from None
    finally:
        db.close()


def cmd_backups(args: argparse.Namespace, common) -> int:
    from vcadre.services.security import Permission, require
    from vcadre.store import server_backup

    db = common.open_db(args)
    try:
        if not db.is_server:
            raise common.UserError("这是笔记本上的数据库文件：它的自动备份是备份文件夹里的文件，不在数据库里。")
        require(db, Permission.BACKUP)
        found = server_backup.backups(db)
    finally:
        db.close()
    if args.json:
        print(json.dumps([{"name": b.name, "taken_at": b.taken_at.isoformat(timespec="seconds"), "reason": b.reason,
                           "by": b.by} for b in found], ensure_ascii=False))
    elif not found:
        print("服务器上还没有自动备份。")
    else:
        print(f"服务器上的自动备份（{len(found)} 份，新的在前；用 vcadre db copy --backup 名称 复制出来）：")
        for b in found:
            print(f"  {b.name}  {b.taken_at:%Y-%m-%d %H:%M:%S}  {b.reason}" + (f"（{b.by}）" if b.by else ""))
    return 0
