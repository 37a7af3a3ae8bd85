"""``vcadre trash …`` (回收站) and ``vcadre undo`` / ``vcadre redo`` from the command line.

    vcadre trash list    --db PATH [--kind KIND] [--search TEXT] [--offset N] [--limit N] [--json]
    vcadre trash restore KEY [KEY …] --db PATH [--with-children | --alone] [--dry-run]
    vcadre undo          --db PATH [--list] [--force]
    vcadre redo          --db PATH [--force]

``KEY`` is the first column of ``trash list`` (``<kind>:<id>``). ``KIND`` is a table name or its
Chinese name (人员, 后备干部, 年度考核, 村干部任职, 培训班, 培训学员, 驻村干部, 走访记录 …). The CLI has no
window, so ``undo`` takes the newest action of the database, whoever made it.
"""

from __future__ import annotations

import argparse
import json


def register(sub, common) -> None:
    p = sub.add_parser("trash", help="回收站：已删除的记录，及其恢复")
    psub = p.add_subparsers(dest="trash_command", metavar="ACTION", required=True)

    ls = psub.add_parser("list", help="列出已删除的记录（最近删除的在前）")
    common.db_arg(ls)
    ls.add_argument("--kind", metavar="KIND", help="只看一类记录，如 人员、后备干部、培训学员")
    ls.add_argument("--search", metavar="TEXT", default="", help="按姓名、名称或所在地查找")
    ls.add_argument("--offset", type=int, default=0)
    ls.add_argument("--limit", type=int, default=50)
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=lambda args: cmd_list(args, common))

    rs = psub.add_parser("restore", help="恢复记录（连同已删除的上级记录）")
    common.db_arg(rs)
    rs.add_argument("keys", nargs="+", metavar="KEY", help="trash list 第一列的编号")
    group = rs.add_mutually_exclusive_group()
    group.add_argument("--with-children", action="store_true", default=None,
                       help="同时恢复与其一起删除的记录（人员默认不恢复）")
    group.add_argument("--alone", action="store_true", help="不恢复与其一起删除的记录")
    rs.add_argument("--dry-run", action="store_true", help="只显示将恢复哪些记录")
    rs.set_defaults(func=lambda args: cmd_restore(args, common))

    u = sub.add_parser("undo", help="撤销最近的一次操作（新的修改，会同步到其他电脑）")
    common.db_arg(u)
    u.add_argument("--list", action="store_true", help="只列出可以撤销的操作")
    u.add_argument("--force", action="store_true", help="即使之后又被修改（如同步导入）也撤销；被覆盖的值记入同步冲突")
    u.set_defaults(func=lambda args: cmd_undo(args, common, redo=False))

    r = sub.add_parser("redo", help="重做最近撤销的操作")
    common.db_arg(r)
    r.add_argument("--force", action="store_true")
    r.set_defaults(func=lambda args: cmd_undo(args, common, redo=True))


def _kind(text, common):
    if not text:
        return None
    from vcadre.domain.codes import RECORD_KIND, UnknownCode
    from vcadre.services.undo import TRASH_KINDS

    try:
        code = RECORD_KIND.code_for(text)
    except UnknownCode:
        code = None
    if code not in TRASH_KINDS:
        names = "、".join(RECORD_KIND.label(k) for k in TRASH_KINDS)
        raise common.UserError(f"回收站中没有“{text}”这类记录。可选：{names}")
    return code


def cmd_list(args: argparse.Namespace, common) -> int:
    from vcadre.domain.codes import RECORD_KIND
    from vcadre.services.listing import ListQuery
    from vcadre.services.undo import TrashListing

    kind = _kind(args.kind, common)
    db = common.open_db(args)
    try:
        listing = TrashListing()
        q = ListQuery(search=args.search, filters={"kind": kind} if kind else {})
        with db.session() as s:
            total = listing.count(s, q)
            rows = listing.page(s, q, max(args.offset, 0), max(args.limit, 1))
    finally:
        db.close()
    out = [{"key": r.id, "kind": r.values[0], "kind_label": RECORD_KIND.display(r.values[0]),
            "what": r.values[1], "place": r.values[2],
            "deleted_at": r.values[3].isoformat(sep=" ", timespec="seconds") if r.values[3] else None,
            "deleted_by": r.values[4]} for r in rows]
    if args.json:
        print(json.dumps({"total": total, "offset": args.offset, "rows": out}, ensure_ascii=False, indent=2))
        return 0
    print(f"回收站共 {total} 条" + (f"（{RECORD_KIND.label(kind)}）" if kind else "") +
          (f"，显示第 {args.offset + 1}–{args.offset + len(out)} 条" if out else ""))
    for r in out:
        print(f"{r['key']}\t{r['kind_label']}\t{r['what']}\t{r['place']}\t{r['deleted_at'] or ''}\t{r['deleted_by']}")
    return 0


def cmd_restore(args: argparse.Namespace, common) -> int:
    from vcadre.services.undo import parse_key, plan_restore, restore_many

    with_children = False if args.alone else args.with_children
    db = common.open_db(args)
    try:
        if args.dry_run:
            with db.session() as s:
                for key in args.keys:
                    plan = plan_restore(s, *parse_key(key))
                    print(f"恢复 {plan.record}")
                    for p in plan.parents:
                        print(f"  连同所属的 {p}")
                    children = plan.children_by_default if with_children is None else with_children
                    if plan.children:
                        verb = "连同" if children else "不恢复"
                        print(f"  {verb}一起删除的 {len(plan.children)} 条记录："
                              + "、".join(str(c) for c in plan.children[:5])
                              + ("……" if len(plan.children) > 5 else ""))
            return 0
        with db.session() as s, s.begin():
            restored = restore_many(s, args.keys, with_children)
    finally:
        db.close()
    print(f"已恢复 {len(restored)} 条记录：" + "、".join(str(r) for r in restored[:10])
          + ("……" if len(restored) > 10 else ""))
    return 0


def cmd_undo(args: argparse.Namespace, common, redo: bool) -> int:
    from vcadre.services import undo as service

    db = common.open_db(args)
    try:
        if not redo and args.list:
            with db.session() as s:
                actions = service.undoable(s, limit=50)
            for a in actions:
                when = a.created_at.isoformat(sep=" ", timespec="seconds") if a.created_at else ""
                print(f"{a.id}\t{when}\t{a.label}")
            if not actions:
                print("没有可以撤销的操作。")
            return 0
        with db.session() as s, s.begin():
            done = (service.redo if redo else service.undo)(s, force=args.force)
    finally:
        db.close()
    print(f"已{'重做' if redo else '撤销'}：{done.label}")
    return 0
