"""Roles and permissions (角色与权限): who may do what, and what a refusal says.

The rules are those of ``vcadre/domain/roles.py``'s docstring (the county organization
department's three roles); the store's write guard and every ``require`` rely on them. The
refusals as the user meets them (a reader saving, exporting…) are in ``tests/unit/security``.
"""

from __future__ import annotations

import pytest

from vcadre.domain.roles import ROLE_PERMISSIONS, Permission, PermissionDenied, Role, permits

P = Permission

#: What each role may do, written out from the rule rather than read from the table.
MAY = {
    Role.ADMIN: set(Permission),
    Role.CLERK: {P.EDIT, P.UNMASK, P.EXPORT, P.IMPORT, P.BACKUP},
    Role.READER: set(),
}


@pytest.mark.parametrize("role", list(Role))
def test_each_role_may_do_exactly_what_the_rule_says(role: Role) -> None:
    for permission in Permission:
        assert permits(role, permission) is (permission in MAY[role]), (role, permission)
    assert ROLE_PERMISSIONS[role] == MAY[role]


def test_only_the_administrator_manages_users_settings_sites_restores_and_reads_the_audit() -> None:
    for permission in (P.USERS, P.SETTINGS, P.ENROLL, P.AUDIT, P.RESTORE):
        assert [r for r in Role if permits(r, permission)] == [Role.ADMIN], permission


def test_a_reader_sees_no_full_id_numbers_and_exports_nothing() -> None:
    assert not permits(Role.READER, P.UNMASK)
    assert not permits(Role.READER, P.EXPORT)
    assert not permits(Role.READER, P.IMPORT)


def test_with_nobody_logged_in_nothing_is_permitted_and_a_role_may_be_given_by_its_name() -> None:
    assert not any(permits(None, p) for p in Permission)
    # Accounts store the role as its Chinese name; a str-valued role is read as the role.
    assert permits("录入员", P.EXPORT)  # type: ignore[arg-type]
    assert not permits("查阅员", P.EXPORT)  # type: ignore[arg-type]


@pytest.mark.parametrize("text, role", [
    ("管理员", Role.ADMIN), ("录入员", Role.CLERK), ("查阅员", Role.READER),
    ("admin", Role.ADMIN), ("clerk", Role.CLERK), ("reader", Role.READER),
    ("ADMIN", Role.ADMIN), ("CLERK", Role.CLERK), ("READER", Role.READER),
    ("  录入员\u3000", Role.CLERK), ("\treader\n", Role.READER),
])
def test_a_role_is_read_from_its_chinese_name_or_its_english_key(text: str, role: Role) -> None:
    # `users add NAME --role 录入员` (or clerk), typed with stray spaces.
    assert Role.parse(text) is role


@pytest.mark.parametrize("text, shown", [
    ("主任", "主任"), (" 超级管理员 ", "超级管理员"), ("", ""), (None, ""), ("   ", ""),
])
def test_an_unknown_role_is_refused_naming_it_and_the_three_roles(text: str | None, shown: str) -> None:
    with pytest.raises(ValueError) as info:
        Role.parse(text)  # type: ignore[arg-type]
    assert str(info.value) == f"角色“{shown}”无效，应为 管理员、录入员 或 查阅员。"


def test_a_refusal_names_the_user_the_role_and_what_is_refused() -> None:
    err = PermissionDenied(P.EXPORT, Role.READER, "查阅员丙")
    assert str(err) == "权限不足：查阅员丙（查阅员）不能打印或导出。"
    assert (err.permission, err.role) == (P.EXPORT, Role.READER)
    assert isinstance(err, PermissionError)


def test_a_refusal_without_a_user_name_says_the_current_user() -> None:
    err = PermissionDenied(P.UNMASK, Role.CLERK)
    assert str(err) == "权限不足：当前用户（录入员）不能显示完整身份证号和手机号。"
    # A role stored as its Chinese name reads the same.
    assert str(PermissionDenied(P.USERS, "录入员", "")) == "权限不足：当前用户（录入员）不能管理用户。"  # type: ignore[arg-type]


def test_a_refusal_with_nobody_logged_in_asks_to_log_in() -> None:
    err = PermissionDenied(P.EDIT)
    assert str(err) == "需要登录：“编辑档案”只有登录的用户才能进行。"
    assert (err.permission, err.role) == (P.EDIT, None)
    # Even when a user name is known (a locked window): no role, so the login message.
    assert str(PermissionDenied(P.EDIT, None, "录入员乙")) == "需要登录：“编辑档案”只有登录的用户才能进行。"
