"""``vcadre sync …``: exchange encrypted, signed change packages between offline laptops.

    vcadre sync export --db PATH --out FILE [--for PEER] [--full] [--to PEER ...] [--passphrase-file F]
                    encrypted to the sites' keys: --to PEER (repeatable); by default the --for PEER,
                    else every enrolled (known) site not revoked; the passphrase is an extra layer
    vcadre sync import FILE --db PATH [--passphrase-file F]
    vcadre sync site      --db PATH            this site's id, name and key fingerprint
    vcadre sync join --db PATH --out REQ.vcjoin [--site-name NAME]   ask the county to enroll this site
    vcadre sync enroll REQ.vcjoin --db COUNTY --out WELCOME.vcsync [--may-enroll] [--passphrase-file F] [--yes]
                                               (the county, or a site it allowed to enroll) enroll a site
                                               after checking its fingerprint; --may-enroll (the county
                                               only): the new site may enroll others
    vcadre sync grant PEER --db COUNTY [--yes] (the county) allow an enrolled site to enroll others
    vcadre sync revoke PEER --db COUNTY [--yes] (the county) revoke a site (a lost laptop)
    vcadre sync peers     --db PATH            known sites and their key fingerprints
    vcadre sync trust PEER --db PATH           mark a peer's fingerprint as checked
    vcadre sync conflicts --db PATH [--all]    open conflicts
    vcadre sync resolve ID --keep winner|loser --db PATH
    vcadre sync duplicates --db PATH           possible same person (same ID number)
    vcadre sync merge-persons KEEP_ID DROP_ID --db PATH
    vcadre sync undo --db PATH                 restore the backup taken before the last import
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Optional

from vcadre.store import ioerrors


def _passphrase(common, args) -> Optional[str]:
    """The passphrase from ``--passphrase-file``, or None when none was given (packages are
    encrypted to the recipients' keys; a passphrase is an optional extra layer)."""
    if not getattr(args, "passphrase_file", None):
        return None
    try:
        text = Path(args.passphrase_file).read_text(encoding="utf-8-sig")  # Notepad writes a BOM
    except OSError as exc:
        raise common.UserError(f"无法读取口令文件“{args.passphrase_file}”：{ioerrors.reason(exc)}。") from None
    text = text.rstrip("\r\n")
    if not text:
        raise common.UserError(f"口令文件“{args.passphrase_file}”是空的。")
    return text


def register(sub, common) -> None:
    p = sub.add_parser("sync", help="同步包：导出、导入、冲突、撤销导入")
    ssub = p.add_subparsers(dest="sync_command", metavar="ACTION", required=True)

    e = ssub.add_parser("export", help="导出同步包")
    common.db_arg(e)
    e.add_argument("--out", type=Path, required=True, metavar="FILE")
    e.add_argument("--for", dest="peer", metavar="PEER", help="对方站点名称或编号：只导出对方尚未确认收到的变更")
    e.add_argument("--full", action="store_true", help="导出全部变更（总是安全的）")
    e.add_argument("--to", dest="to", action="append", metavar="PEER",
                   help="只为这些站点加密（可重复）；默认：--for 的站点，否则所有已登记（已知）且未吊销的站点")
    e.add_argument("--passphrase-file", metavar="F", help="另加一层口令（可选；对方尚无加密公钥时必需）")
    e.set_defaults(func=lambda a: _export(common, a))

    i = ssub.add_parser("import", help="导入同步包")
    i.add_argument("file", type=Path)
    common.db_arg(i)
    i.add_argument("--passphrase-file", metavar="F", help="同步包另设了口令时需要")
    i.set_defaults(func=lambda a: _import(common, a))

    for name, helptext, fn in (
        ("site", "本机站点编号、名称和密钥指纹", _site),
        ("peers", "已知站点及其密钥指纹", _peers),
        ("duplicates", "可能是同一人（身份证号码相同）的人员", _duplicates),
        ("undo", "撤销最近一次导入（恢复导入前的备份）", _undo),
    ):
        q = ssub.add_parser(name, help=helptext)
        common.db_arg(q)
        if name == "undo":
            q.add_argument("--yes", action="store_true", help="不再询问：导入后在本机所做的修改也一并撤销")
        q.set_defaults(func=(lambda f: lambda a: f(common, a))(fn))

    j = ssub.add_parser("join", help="申请加入（复制来的数据库须以新的站点名称加入）")
    common.db_arg(j)
    j.add_argument("--out", type=Path, required=True, metavar="REQ.vcjoin")
    j.add_argument("--site-name", metavar="NAME", help="本站点名称（复制件须使用新名称）")
    j.set_defaults(func=lambda a: _join(common, a))

    n = ssub.add_parser("enroll", help="登记新站点（县委组织部或经其授权的站点）：核对加入申请的密钥指纹后写出欢迎包")
    n.add_argument("request", type=Path, metavar="REQ.vcjoin")
    common.db_arg(n)
    n.add_argument("--out", type=Path, required=True, metavar="WELCOME.vcsync")
    n.add_argument("--may-enroll", action="store_true",
                   help="允许该站点登记其他站点（例如乡镇组织办登记村里的电脑；仅县委组织部可授权）")
    n.add_argument("--passphrase-file", metavar="F", help="另加一层口令（可选）")
    n.add_argument("--yes", action="store_true", help="不再询问：已与对方核对密钥指纹")
    n.set_defaults(func=lambda a: _enroll(common, a))

    g = ssub.add_parser("grant", help="授权已登记的站点登记其他站点（县委组织部）")
    g.add_argument("peer")
    common.db_arg(g)
    g.add_argument("--yes", action="store_true", help="不再询问")
    g.set_defaults(func=lambda a: _grant(common, a))

    v = ssub.add_parser("revoke", help="吊销站点（县委组织部）：例如电脑丢失，此后拒绝其同步包")
    v.add_argument("peer")
    common.db_arg(v)
    v.add_argument("--yes", action="store_true", help="不再询问")
    v.set_defaults(func=lambda a: _revoke(common, a))

    t = ssub.add_parser("trust", help="确认已核对对方的密钥指纹")
    t.add_argument("peer")
    common.db_arg(t)
    t.set_defaults(func=lambda a: _trust(common, a))

    c = ssub.add_parser("conflicts", help="列出冲突")
    common.db_arg(c)
    c.add_argument("--all", action="store_true", help="包括已解决的")
    c.set_defaults(func=lambda a: _conflicts(common, a))

    r = ssub.add_parser("resolve", help="解决冲突：保留暂定胜出值（winner）或另一值（loser）")
    r.add_argument("conflict_id", type=int)
    r.add_argument("--keep", choices=("winner", "loser"), required=True)
    common.db_arg(r)
    r.set_defaults(func=lambda a: _resolve(common, a))

    m = ssub.add_parser("merge-persons", help="合并两条人员记录（保留第一条）")
    m.add_argument("keep_id")
    m.add_argument("drop_id")
    common.db_arg(m)
    m.set_defaults(func=lambda a: _merge(common, a))


def _export(common, args) -> int:
    from vcadre.sync.service import export_package

    passphrase = _passphrase(common, args)
    db = common.open_db(args)
    try:
        res = export_package(db, args.out, passphrase, for_peer=args.peer, full=args.full, to=args.to)
    finally:
        db.close()
    m = res.manifest
    counts = "，".join(f"{k} {v}" for k, v in sorted(m.counts.items())) or "无"
    print(f"已导出同步包：{res.path}（{'完整' if m.full else '增量'}，{m.changes} 条变更：{counts}）")
    if res.recipients:
        print(f"已加密给：{'、'.join(res.recipients)}" + ("（另加口令）" if passphrase else "") + "。只有这些站点能导入。")
    else:
        print("只用口令加密（还不知道任何接收站点的加密公钥）：口令须另行告知对方。")
    if res.left_out.get("revoked"):
        print(f"注意：{res.left_out['revoked']} 条来自已吊销站点的变更未导出（其他站点不会接受）。")
    if res.left_out.get("unsigned"):
        print(f"注意：{res.left_out['unsigned']} 条其他站点的变更没有来源站点的签名（升级前收到的），未导出；"
              "来源站点用新版本导出一次后即可转发。")
    return 0


def _import(common, args) -> int:
    from vcadre.sync.service import import_package

    passphrase = _passphrase(common, args)
    db = common.open_db(args)
    try:
        res = import_package(db, args.file, passphrase)
    finally:
        db.close()
    m, s = res.manifest, res.stats
    if res.already_imported:
        print(f"此同步包（来自“{m.site_name}”）以前已导入过，未作任何改动。")
        return 0
    if res.new_peer:
        print(f"首次收到站点“{m.site_name}”的同步包。其密钥指纹为：{res.fingerprint}\n"
              f"请与对方核对后执行：vcadre sync trust {m.site_id}")
    print(f"导入完成（来自“{m.site_name}”，{m.changes} 条变更）：新增 {s.added} 条记录，更新 {s.updated} 条，"
          f"未变 {s.unchanged} 条变更，冲突 {s.conflicts} 个。"
          + (f"导入前的备份：{res.backup}" if res.backup else "没有新的变更，未备份。"))
    return 0


def _site(common, args) -> int:
    from vcadre.sync.service import site_info

    db = common.open_db(args)
    try:
        me = site_info(db)
    finally:
        db.close()
    print(f"站点：{me.name}\n编号：{me.id}\n密钥指纹：{me.fingerprint}")
    return 0


def _confirmed(common, question: str, no_terminal: str, declined: str) -> bool:
    """Ask ``question`` (y/yes/是 confirms). Without a terminal there is nobody to ask: stop with
    ``no_terminal`` (the message names ``--yes``); an answer other than yes prints ``declined``."""
    if not sys.stdin.isatty():
        raise common.UserError(no_terminal)
    if input(question).strip().lower() in ("y", "yes", "是"):
        return True
    print(declined)
    return False


def _join(common, args) -> int:
    from vcadre.sync.service import join_request

    db = common.open_db(args)
    try:
        me = join_request(db, args.out, args.site_name)
    finally:
        db.close()
    print(f"已写出加入申请：{args.out}\n站点：{me.name}\n编号：{me.id}\n密钥指纹：{me.fingerprint}\n"
          "请把申请文件交给县委组织部，并在电话中向对方念出上面的密钥指纹以便核对。")
    return 0


def _enroll(common, args) -> int:
    from vcadre.sync.enroll import enroll, read_request

    passphrase = _passphrase(common, args)
    req = read_request(args.request)
    print(f"加入申请：站点“{req.name.strip()}”\n编号：{req.site_id}\n密钥指纹：{req.fingerprint}")
    if not args.yes and not _confirmed(
            common, "对方念出的密钥指纹与上面完全一致吗？输入 y 确认：",
            "未登记。请先在电话中核对对方念出的密钥指纹，确认一致后加 --yes 再执行。", "未登记，未作任何改动。"):
        return 1
    db = common.open_db(args)
    try:
        res = enroll(db, req, args.out, passphrase, may_enroll=args.may_enroll)
    finally:
        db.close()
    if res.grandfathered:
        print(f"本机现为根站点；此前已交换过同步包的站点一并登记：{'、'.join(res.grandfathered)}。")
    print(f"已登记站点“{res.name}”" + ("，并允许它登记其他站点" if args.may_enroll else "")
          + f"，欢迎包：{args.out}（{res.welcome.manifest.changes} 条变更）。\n"
          "请把欢迎包交给对方导入" + ("（口令另行告知）" if passphrase else "") + "；此后本机只接受已登记站点的同步包。")
    return 0


def _grant(common, args) -> int:
    from vcadre.sync.enroll import grant

    if not args.yes and not _confirmed(
            common, f"允许站点“{args.peer}”登记其他站点？此权限只能随吊销该站点一并收回。输入 y 确认：",
            f"未授权。确认要允许站点“{args.peer}”登记其他站点时请加 --yes。", "未授权，未作任何改动。"):
        return 1
    db = common.open_db(args)
    try:
        p = grant(db, args.peer)
    finally:
        db.close()
    print(f"已允许站点“{p['name']}”登记其他站点。本机此后导出的同步包带着这一授权；它登记的站点经各站点"
          "核对签名链（县委组织部 → 该站点 → 新站点）后即被接受。")
    return 0


def _revoke(common, args) -> int:
    from vcadre.sync.enroll import revoke

    if not args.yes and not _confirmed(
            common, f"吊销后不再接受站点“{args.peer}”的同步包，且不能恢复。输入 y 确认：",
            f"未吊销。确认要吊销站点“{args.peer}”时请加 --yes。", "未吊销，未作任何改动。"):
        return 1
    db = common.open_db(args)
    try:
        p = revoke(db, args.peer)
    finally:
        db.close()
    print(f"已吊销站点“{p['name']}”（密钥指纹 {p['fingerprint']}）。本机此后导出的每个同步包都带着这一吊销，"
          "各站点导入后即拒绝该站点的同步包。")
    return 0


def _peers(common, args) -> int:
    from vcadre.sync.service import peers

    db = common.open_db(args)
    try:
        rows = peers(db)
    finally:
        db.close()
    if not rows:
        print("尚未与任何站点交换过同步包。")
    for p in rows:
        state = "已核对" if p["confirmed"] else "未核对"
        state += "，已吊销" if p["revoked"] else "，根站点" if p["is_root"] else "，已登记" if p["enrolled"] else ""
        state += "，可登记其他站点" if p["may_enroll"] and not p["revoked"] else ""
        if p["enrolled_by_name"] and not p["is_root"]:
            state += f"，由“{p['enrolled_by_name']}”登记"
        print(f"{p['name']}\t{p['site_id']}\t{p['fingerprint']}\t{state}")
    return 0


def _trust(common, args) -> int:
    from vcadre.sync.service import confirm_peer

    db = common.open_db(args)
    try:
        p = confirm_peer(db, args.peer)
    finally:
        db.close()
    print(f"已确认站点“{p['name']}”的密钥指纹：{p['fingerprint']}")
    return 0


def _conflicts(common, args) -> int:
    from vcadre.sync import conflicts

    db = common.open_db(args)
    try:
        with db.session() as s:
            rows = conflicts.list_conflicts(s, open_only=not args.all)
    finally:
        db.close()
    if not rows:
        print("没有冲突。")
    for c in rows:
        print(f"#{c.id}\t{c.status}\t{c.kind}\t{c.table}.{c.field}\t{c.record}\t"
              f"原值={c.base}\t暂定胜出={c.winner}（{c.winner_site}）\t另一值={c.loser}（{c.loser_site}）")
    return 0


def _resolve(common, args) -> int:
    from vcadre.sync import conflicts

    db = common.open_db(args)
    try:
        with db.session() as s, s.begin():
            conflicts.resolve(s, args.conflict_id, keep=args.keep)
    finally:
        db.close()
    print(f"冲突 #{args.conflict_id} 已解决（保留{'暂定胜出值' if args.keep == 'winner' else '另一值'}），"
          "该决定会随下一个同步包同步到其他站点。")
    return 0


def _duplicates(common, args) -> int:
    from vcadre.domain.idnumber import mask_id_number
    from vcadre.sync import conflicts

    db = common.open_db(args)
    try:
        with db.session() as s:
            groups = conflicts.possible_same_persons(s)
    finally:
        db.close()
    if not groups:
        print("没有身份证号码相同的人员。")
    for g in groups:
        print(f"{mask_id_number(g.id_number)}：" + "；".join(f"{p.name}（{p.id}，{p.site}）" for p in g.persons))
    return 0


def _merge(common, args) -> int:
    from vcadre.sync import conflicts

    db = common.open_db(args)
    try:
        with db.session() as s, s.begin():
            moved = conflicts.merge_persons(s, args.keep_id, args.drop_id)
    finally:
        db.close()
    print(f"已合并：保留 {args.keep_id}，转移 {moved} 条相关记录，另一条已标记删除；合并会同步到其他站点。")
    return 0


def _undo(common, args) -> int:
    from vcadre.sync.service import edits_since_last_import, undo_last_import

    db = common.open_db(args)
    try:
        lost = edits_since_last_import(db)
        if lost and not args.yes:
            print(f"注意：这次导入之后，本机又做了 {lost} 处修改；撤销导入会把数据库恢复到导入前的备份，"
                  "这些修改也会一并丢失。", file=sys.stderr)
            if not _confirmed(common, "确定要撤销吗？输入 y 确认：", "未撤销。确认要撤销时请加 --yes。",
                              "未撤销，未作任何改动。"):
                return 1
        pid, backup = undo_last_import(db)
    finally:
        db.close()
    print(f"已撤销同步包 {pid} 的导入：数据库已恢复为导入前的备份（{backup}）。", file=sys.stdout)
    return 0
