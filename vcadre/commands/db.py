"""``vcadre db copy``: move a database between an SQLite file and a PostgreSQL server.

    vcadre db copy --from PATH_OR_URL --to PATH_OR_URL [--quiet]

A county's file goes to the office server, or the server's database into a file for a laptop.
The target must be new (a file that does not exist, an empty server database). Every table is
copied in one transaction and checked by row counts and a content hash (``store.copy``).
A server's password comes from ``PGPASSWORD`` or libpq's password file, or is asked for.
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
    c.add_argument("--json", action="store_true", help="结果以 JSON 输出（各表行数、内容摘要）")
    c.add_argument("--quiet", action="store_true")
    common.db_arg(c)  # --user / --password-file for a source with accounts
    c.set_defaults(func=lambda args: cmd_copy(args, common))


def cmd_copy(args: argparse.Namespace, common) -> int:
    from vcadre.store.backend import display
    from vcadre.store.copy import CopyError, copy_database

    if str(args.source) == str(args.target):
        raise common.UserError("源和目标是同一个数据库。")
    args.db = args.source
    src = common.open_db(args)
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
