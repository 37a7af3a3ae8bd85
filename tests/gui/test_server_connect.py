"""文件 → 连接到单位服务器…: the form against a throw-away PostgreSQL cluster (issue 16)."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from vcadre.ui import settings as ui_settings
from vcadre.ui.server_connect import ServerConnectDialog

PASSWORD = "办公室 secret-42"
USER = "officer"


@pytest.fixture(scope="module")
def officer_cluster(pg_cluster, pg_template):
    """The session's cluster with a role that must give its password, and an office database."""
    pg_cluster.password_user(USER, PASSWORD)
    url = pg_cluster.create(template=pg_template, name="office_gui")
    yield pg_cluster
    pg_cluster.drop(url.rsplit("/", 1)[1])


def _fill(dlg: ServerConnectDialog, cluster, *, password: str = PASSWORD, database: str = "office_gui",
          port: int | None = None) -> None:
    dlg.host.setText("127.0.0.1")
    dlg.port.setValue(port or cluster.port)
    dlg.database.setText(database)
    dlg.user.setText(USER)
    dlg.password.setText(password)


def test_connects_and_remembers_all_but_the_password(qtbot, chinese, officer_cluster, user_data_dir) -> None:
    dlg = ServerConnectDialog()
    qtbot.addWidget(dlg)
    assert dlg.password.echoMode() == dlg.password.EchoMode.Password
    _fill(dlg, officer_cluster)
    dlg.start()
    assert dlg.result() == dlg.DialogCode.Accepted and dlg.error.isHidden()
    db = dlg.db
    try:
        assert db.is_server and db.location.endswith("/office_gui") and PASSWORD not in db.location
        assert db.site()[1] == "测试站点"
    finally:
        db.close()
    assert dlg.password.text() == ""
    # Remembered for next time: host, port, database, user; the password nowhere on disk.
    again = ServerConnectDialog()
    qtbot.addWidget(again)
    assert (again.host.text(), again.port.value(), again.database.text(), again.user.text()) == (
        "127.0.0.1", officer_cluster.port, "office_gui", USER)
    assert again.password.text() == ""
    stored = ui_settings.settings_path().read_bytes()
    assert b"officer" in stored and PASSWORD.encode() not in stored and b"secret-42" not in stored
    assert "加密" in " ".join(label.text() for label in dlg.findChildren(type(dlg.error)))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("case, expected", [
    ("password", "用户名或密码不正确"),
    ("database", "数据库或用户不存在"),
    ("unreachable", "连接不上服务器"),
])
def test_connection_errors_are_shown_in_chinese_in_the_form(qtbot, chinese, officer_cluster, messages,
                                                            case, expected) -> None:
    dlg = ServerConnectDialog()
    qtbot.addWidget(dlg)
    _fill(dlg, officer_cluster, password="wrong" if case == "password" else PASSWORD,
          database="no_such_office" if case == "database" else "office_gui",
          port=_free_port() if case == "unreachable" else None)
    dlg.start()
    assert dlg.db is None and dlg.result() != dlg.DialogCode.Accepted
    text = dlg.error.text()
    assert not dlg.error.isHidden() and expected in text and "无法连接单位服务器" in text
    assert "Traceback" not in text and "wrong" not in text
    assert messages.shown == []  # in the form, where the user corrects it, not a crash box
    assert dlg.connect_button.isEnabled()


def test_an_empty_field_is_named(qtbot, chinese) -> None:
    dlg = ServerConnectDialog()
    qtbot.addWidget(dlg)
    dlg.host.setText("")
    dlg.user.setText("")
    dlg.start()
    assert dlg.db is None and "服务器地址" in dlg.error.text() and "用户名" in dlg.error.text()


def test_main_window_opens_the_server_database(qtbot, window, officer_cluster, monkeypatch, tmp_path) -> None:
    def ask(parent):
        dlg = ServerConnectDialog(parent)
        _fill(dlg, officer_cluster)
        dlg.start()
        return dlg.db

    monkeypatch.setattr(ServerConnectDialog, "ask", staticmethod(ask))
    before = ui_settings.Settings().recent_databases()
    assert window.connect_server()
    try:
        assert window.db.is_server
        assert "office_gui" in window.db_label.text() and PASSWORD not in window.db_label.text()
        # Not remembered as a file: reopening at start-up would make an empty SQLite file there.
        assert ui_settings.Settings().recent_databases() == before
        assert Path(window.db.path).exists() is False
    finally:
        window.db.close()
        window.db = None
