"""Roles and permissions (角色与权限) — pure rules, no database.

Three roles, fixed by the issue of the county organization department:

- 管理员 (administrator): everything, plus user administration, settings, sync enrollment and the
  audit view;
- 录入员 (clerk): edit records, print and export, import, show ID numbers in full;
- 查阅员 (reader): read only, ID numbers and phones always masked, no export of any kind.

``PermissionDenied`` is raised by the store's write guard and by ``require``; its message is
Chinese and says what the role may not do.
"""

from __future__ import annotations

import enum


class Role(str, enum.Enum):
    ADMIN = "管理员"
    CLERK = "录入员"
    READER = "查阅员"

    @classmethod
    def parse(cls, text: str) -> "Role":
        text = (text or "").strip()
        for role in cls:
            if text in (role.value, role.name.lower(), role.name):
                return role
        raise ValueError(f"角色“{text}”无效，应为 管理员、录入员 或 查阅员。")


class Permission(str, enum.Enum):
    EDIT = "编辑档案"             #: create, change, delete records (any write of record data)
    UNMASK = "显示完整身份证号和手机号"
    EXPORT = "打印或导出"         #: PDF rosters/certificates, Excel, sync packages, audit export
    IMPORT = "导入"               #: Excel import, sync import
    BACKUP = "备份"
    RESTORE = "恢复备份"
    USERS = "管理用户"
    SETTINGS = "修改设置"
    ENROLL = "登记同步站点"       #: sync enrollment / trusting a site (issue 14)
    AUDIT = "查看审计日志"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.CLERK: frozenset({Permission.EDIT, Permission.UNMASK, Permission.EXPORT, Permission.IMPORT,
                           Permission.BACKUP}),
    Role.READER: frozenset(),
}


def permits(role: Role | None, permission: Permission) -> bool:
    return role is not None and permission in ROLE_PERMISSIONS[Role(role)]


class PermissionDenied(PermissionError):
    """The acting user's role does not allow this; nothing was written. ``str()`` is Chinese."""

    def __init__(self, permission: Permission, role: Role | None = None, user: str = "") -> None:
        self.permission = permission
        self.role = role
        if role is None:
            text = f"需要登录：“{permission.value}”只有登录的用户才能进行。"
        else:
            text = f"权限不足：{user or '当前用户'}（{Role(role).value}）不能{permission.value}。"
        super().__init__(text)

    def __str__(self) -> str:  # PermissionError would print "(errno, text)" otherwise
        return self.args[0]
