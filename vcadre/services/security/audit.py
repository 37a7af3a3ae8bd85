"""The audit trail (审计日志): record, list, verify, export.

``record`` adds an entry to the caller's Session, so it commits or rolls back with the action it
describes. ``log`` records in its own transaction (for actions done outside a Session, such as
an export written from a read-only Session or a sync import over a raw connection).

Entries hold names, counts, record ids and file paths: never an ID number's or a phone's value
(``_clean`` masks anything that looks like one, in case a caller passes one by mistake).
The chain: each entry's hash covers its fields and the previous entry's hash; ``audit_head``
holds the newest number and hash. ``verify`` recomputes every hash and finds a changed entry, a
removed one (also the last), or two swapped. Audit entries are local: they never sync.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Iterable, Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vcadre.domain.roles import Permission
from vcadre.store.protect import chain
from vcadre.store.protect.context import context_of, require
from vcadre.store.protect.hooks import new_entry
from vcadre.store.protect.models import AuditEntry, AuditHead

#: Actions and their Chinese labels (the admin view and ``vcadre audit list`` show these).
ACTIONS = {
    "login": "登录", "login.failed": "登录失败", "login.recovery": "用恢复密钥登录", "logout": "退出登录",
    "lock": "锁定窗口", "unlock": "解除锁定", "unlock.failed": "解锁失败",
    "record.create": "新增记录", "record.edit": "修改记录", "record.delete": "删除记录",
    "record.bulk_create": "批量新增", "record.bulk_edit": "批量修改", "record.bulk_delete": "批量删除",
    "unmask": "显示完整证件号", "export": "导出", "import": "导入", "sync.export": "导出同步包",
    "sync.import": "导入同步包", "sync.conflict": "处理同步冲突", "sync.enroll": "登记同步站点",
    "backup": "备份", "restore": "恢复备份",
    "user.create": "新增用户", "user.passwd": "修改密码", "user.reset": "重设密码", "user.disable": "停用用户",
    "user.enable": "启用用户", "user.role": "修改角色", "database.protect": "加密数据库",
    "settings": "修改设置", "audit.export": "导出审计日志",
}

#: Record kinds (tables) as the admin view shows them.
KINDS = {
    "person": "人员", "reserve_entry": "后备干部", "stage_change": "培养阶段", "assessment": "年度考核",
    "village_post": "村级任职", "one_shoulder_plan": "一肩挑计划", "training_session": "培训班", "enrolment": "学员",
    "attendance": "签到", "certificate_series": "证书编号", "certificate_event": "证书", "certificate": "证书",
    "training_setting": "培训设置", "rotation_batch": "轮换批次", "dispatch": "驻村", "dispatch_month": "驻村天数",
    "visit": "走访", "region": "行政区划", "package": "同步包", "site": "站点",
}

_ID_LIKE = re.compile(r"(?<!\d)(\d{6})(\d{8})(\d{3}[\dXx])(?!\d)")
_PHONE_LIKE = re.compile(r"(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)")


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = _ID_LIKE.sub(lambda m: m.group(1) + "*" * 8 + m.group(3), value)
        return _PHONE_LIKE.sub(lambda m: m.group(1) + "****" + m.group(3), value)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


def record(session: Session, action: str, *, kind: str = "", target: str = "", **detail: Any) -> None:
    """Add an audit entry by the acting user to ``session`` (written with its transaction)."""
    session.add(new_entry(context_of(session), action, kind=kind, target=_clean(str(target)),
                          detail=_clean({k: v for k, v in detail.items() if v is not None})))


def log(db: Any, action: str, *, kind: str = "", target: str = "", **detail: Any) -> None:
    """``record`` in a transaction of its own on ``db`` (a ``Database``, or a Session whose
    transaction only reads: the entry is written beside it, on the same engine, by the same user)."""
    if hasattr(db, "session_factory"):
        with db.session() as s, s.begin():
            record(s, action, kind=kind, target=target, **detail)
        return
    from vcadre.store.db import StampingSession

    with StampingSession(bind=db.get_bind(), info={"auth": context_of(db)}) as s, s.begin():
        record(s, action, kind=kind, target=target, **detail)


def exported(target: Any, what: str, rows: int, where: Any, *, kind: str = "", unmasked: bool = False) -> None:
    """An export of personal data (PDF, Excel, package): what, how many rows, where to."""
    log(target, "export", kind=kind, target=what, what=what, rows=rows, where=str(where), unmasked=unmasked)
    if unmasked:
        log(target, "unmask", kind=kind, target=what, what=f"{what}（完整证件号）", rows=rows, where=str(where))


# ---------------------------------------------------------------- reading

@dataclass(frozen=True)
class Entry:
    seq: int
    at: str
    user: str
    role: str
    action: str
    kind: str
    target: str
    detail: dict

    @property
    def action_label(self) -> str:
        return ACTIONS.get(self.action, self.action)

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)

    def summary(self) -> str:
        """The detail in a short Chinese line (what, how many, where)."""
        d = self.detail
        parts = []
        for key, label in (("what", ""), ("rows", "行数"), ("count", "条数"), ("fields", "字段"),
                           ("where", "位置"), ("file", "文件"), ("role", "角色"), ("failures", "失败次数")):
            if key in d and d[key] not in ("", None, []):
                v = d[key]
                v = "、".join(map(str, v)) if isinstance(v, list) else v
                parts.append(f"{label}：{v}" if label else str(v))
        if d.get("unmasked"):
            parts.append("含完整证件号")
        return "；".join(parts)


@dataclass(frozen=True)
class AuditFilter:
    user: str = ""
    action: str = ""  #: an action or a prefix ending in "." (e.g. "record.")
    since: Optional[date] = None
    until: Optional[date] = None  #: inclusive


def _where(q, f: AuditFilter):
    if f.user:
        q = q.where(AuditEntry.user_name == f.user)
    if f.action:
        q = q.where(AuditEntry.action.startswith(f.action) if f.action.endswith(".")
                    else AuditEntry.action == f.action)
    if f.since:
        q = q.where(AuditEntry.at >= f.since.isoformat())
    if f.until:
        q = q.where(AuditEntry.at < (f.until + timedelta(days=1)).isoformat())
    return q


def _entry(r: AuditEntry) -> Entry:
    try:
        detail = json.loads(r.detail or "{}")
    except ValueError:
        detail = {}
    return Entry(r.seq, r.at, r.user_name, r.role, r.action, r.kind, r.target, detail)


def count(session: Session, f: AuditFilter = AuditFilter()) -> int:
    require(session, Permission.AUDIT)
    return int(session.scalar(_where(select(func.count()).select_from(AuditEntry), f)) or 0)


def entries(session: Session, f: AuditFilter = AuditFilter(), *, offset: int = 0, limit: int = 200,
            newest_first: bool = True) -> list[Entry]:
    """A page of entries (administrators only)."""
    require(session, Permission.AUDIT)
    order = AuditEntry.seq.desc() if newest_first else AuditEntry.seq
    q = _where(select(AuditEntry), f).order_by(order).offset(offset).limit(limit)
    return [_entry(r) for r in session.scalars(q)]


def users(session: Session) -> list[str]:
    require(session, Permission.AUDIT)
    return [u for u in session.scalars(select(AuditEntry.user_name).distinct().order_by(AuditEntry.user_name)) if u]


# ---------------------------------------------------------------- verifying

@dataclass(frozen=True)
class VerifyResult:
    checked: int
    ok: bool
    problem: str = ""
    seq: Optional[int] = None  #: the first entry found wrong

    def message(self) -> str:
        if self.ok:
            return f"审计日志完好：已检查 {self.checked} 条记录，哈希链一致。"
        return f"审计日志被改动：{self.problem}（已检查 {self.checked} 条）。"


def verify(session: Session) -> VerifyResult:
    """Recompute the chain from the first entry; compare with ``audit_head``."""
    require(session, Permission.AUDIT)
    prev = chain.GENESIS
    expected = 1
    checked = 0
    rows = session.execute(select(AuditEntry.seq, AuditEntry.at, AuditEntry.user_name, AuditEntry.role,
                                  AuditEntry.action, AuditEntry.kind, AuditEntry.target, AuditEntry.detail,
                                  AuditEntry.prev_hash, AuditEntry.hash).order_by(AuditEntry.seq))
    for r in rows:
        seq = int(r[0])
        if seq != expected:
            return VerifyResult(checked, False, f"第 {expected} 条记录缺失" if seq > expected
                                else f"第 {seq} 条记录重复", expected)
        if r[8] != prev:
            return VerifyResult(checked, False, f"第 {seq} 条记录与前一条不衔接（记录被删除或调换了顺序）", seq)
        if chain.entry_hash([seq, r[1], r[2] or "", r[3] or "", r[4], r[5] or "", r[6] or "", r[7] or "{}"],
                            prev) != r[9]:
            return VerifyResult(checked, False, f"第 {seq} 条记录的内容被修改", seq)
        prev = r[9]
        expected += 1
        checked += 1
    head = session.get(AuditHead, 1)
    head_seq, head_hash = (head.seq, head.hash) if head else (0, chain.GENESIS)
    if head_seq != checked or (checked and head_hash != prev):
        return VerifyResult(checked, False, f"最新记录应为第 {head_seq} 条，实际只有 {checked} 条（末尾的记录被删除）"
                            if head_seq > checked else "日志末尾与记录头不一致", checked + 1)
    return VerifyResult(checked, True)


# ---------------------------------------------------------------- export

HEADER = ["序号", "时间", "用户", "角色", "操作", "对象类别", "对象", "详情"]


def export_csv(db: Any, out: Path, f: AuditFilter = AuditFilter()) -> int:
    """Write the filtered entries to a CSV file (UTF-8 with BOM, opens in Excel); returns rows."""
    out = Path(out)
    n = 0
    with db.session() as s:
        require(s, Permission.AUDIT)
        rows: Iterable[Entry] = entries(s, f, limit=10_000_000, newest_first=False)
        with open(out, "w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(HEADER)
            for e in rows:
                w.writerow([e.seq, e.at, e.user, e.role, e.action_label, e.kind_label, e.target, e.summary()])
                n += 1
    log(db, "audit.export", what="审计日志", rows=n, where=str(out))
    return n
