"""The single entry point: ``vcadre`` opens the window; subcommands run headless.

    vcadre [--db PATH] [--demo-if-new] [--lang zh_CN|en] [--import-sync FILE]   open the window
    vcadre demo   --db PATH [--scale county|province] [--seed N]
    vcadre init   --db PATH --site-name NAME [--admin NAME --password-file F]
    vcadre regions import FILE --db PATH [--only-valid]   (and posts/talent/dispatch/training/review)
    vcadre regions template --out F.xlsx
    vcadre stats  --db PATH [--json] [--township NAME] [--as-of DATE]
    vcadre --version

Known problems (bad input, unreadable or newer database) print a Chinese message on stderr and
exit with status 2; nothing is written. Heavy modules are imported inside the commands, so
``vcadre --version`` and the window start fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Callable, Optional, Sequence

from vcadre import __version__
from vcadre.store import ioerrors

EXIT_USER_ERROR = 2


class UserError(Exception):
    """A problem the user can fix; ``str()`` is the Chinese message shown."""


def db_target(text: str) -> "Path | str":
    """``--db``: a file path, or a server URL ``postgresql://用户@主机:端口/库名`` kept as text."""
    from vcadre.store.backend import is_server_url

    return text.strip() if is_server_url(text) else Path(text)


DB_HELP = "数据库文件，或单位服务器 postgresql://用户名@主机:端口/数据库名（默认：用户数据目录下的 vcadre.db）"


def _db_arg(p: argparse.ArgumentParser, top: bool = False, password_file: bool = True) -> None:
    # Subcommands SUPPRESS their default so ``vcadre --db X stats`` keeps X.
    p.add_argument("--db", type=db_target, metavar="PATH", default=None if top else argparse.SUPPRESS,
                   help=DB_HELP)
    _login_args(p, top, password_file)


def _login_args(p: argparse.ArgumentParser, top: bool = False, password_file: bool = True) -> None:
    """Credentials for a database with accounts (every command that opens one takes them)."""
    default = None if top else argparse.SUPPRESS
    p.add_argument("--user", metavar="NAME", default=default,
                   help="登录用户名（数据库设置了用户时需要；也可用环境变量 VCADRE_USER）")
    if password_file:
        p.add_argument("--password-file", dest="login_password_file", type=Path, metavar="F", default=default,
                       help="登录密码文件（第一行；也可用环境变量 VCADRE_PASSWORD_FILE；不给则提示输入）")
    p.add_argument("--login-password-file", dest="login_password_file", type=Path, metavar="F",
                   default=default, help=argparse.SUPPRESS if password_file else "登录密码文件")


def read_secret_file(path: Path, what: str = "密码") -> str:
    """The first line of a password/key file (a BOM and the line end removed)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise UserError(f"无法读取{what}文件“{path}”：{ioerrors.reason(exc)}。") from None
    line = text.splitlines()[0] if text.splitlines() else ""
    if not line:
        raise UserError(f"{what}文件“{path}”是空的。")
    return line


def _login(args: argparse.Namespace, path: Path):
    """A ``Login`` from --user/--password-file, the environment, or a prompt (None: none needed)."""
    import os

    from vcadre.store.protect.login import Login, is_protected

    user = getattr(args, "user", None) or os.environ.get("VCADRE_USER", "")
    pw_file = getattr(args, "login_password_file", None) or os.environ.get("VCADRE_PASSWORD_FILE", "")
    protected = isinstance(path, Path) and path.exists() and is_protected(path)
    if not (user or pw_file or protected):
        return None
    if not user and sys.stdin.isatty() and protected:
        user = input("用户名：").strip()
    if not user:
        raise UserError(f"数据库“{_shown(path)}”设置了用户：请用 --user 用户名 登录（或设置环境变量 VCADRE_USER）。")
    if pw_file:
        password = read_secret_file(Path(pw_file))
    elif sys.stdin.isatty():
        import getpass

        password = getpass.getpass(f"用户“{user}”的密码：")
    else:
        raise UserError("请给出登录密码：--password-file 文件 或环境变量 VCADRE_PASSWORD_FILE（没有终端可以输入）。")
    return Login(user=user, password=password, via="cli")


def _shown(target: "Path | str") -> str:
    from vcadre.store.backend import display

    return target.name if isinstance(target, Path) else display(target)


def _db_path(args: argparse.Namespace) -> "Path | str":
    if args.db is not None:
        return args.db
    from vcadre.paths import default_db_path

    return default_db_path()


def _open(args: argparse.Namespace, create: bool = False, site_name: str = ""):
    from vcadre.store.db import LoginRequired, open_database

    path = _db_path(args)
    login = _login(args, path)
    try:
        return open_database(path, create=create, site_name=site_name, login=login)
    except LoginRequired:
        if login is not None:
            raise
        # A plaintext database with accounts: ask for them now.
        args.user = getattr(args, "user", None) or ""
        login = _login(args, path) if (args.user or sys.stdin.isatty()) else None
        if login is None:
            raise UserError(f"数据库“{_shown(path)}”设置了用户：请用 --user 用户名 登录（或设置环境变量 VCADRE_USER）。") from None
        return open_database(path, create=create, site_name=site_name, login=login)


def _township_id(session, name: Optional[str]) -> Optional[str]:
    if not name:
        return None
    from sqlalchemy import select

    from vcadre.store.models import Region

    ids = list(session.scalars(select(Region.id).where(
        Region.name == name, Region.level == "township", Region.deleted.is_(False))))
    if not ids:
        raise UserError(f"找不到乡镇（街道）“{name}”。")
    if len(ids) > 1:
        raise UserError(f"有多个乡镇（街道）名为“{name}”，请在图形界面中选择。")
    return ids[0]


def _parse_date(text: Optional[str]) -> Optional[date]:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(f"日期“{text}”格式不正确，应为 YYYY-MM-DD。") from None


# ---------------------------------------------------------------- commands

def cmd_demo(args: argparse.Namespace) -> int:
    from vcadre.services.demo import build_demo

    path = _db_path(args)
    if not isinstance(path, Path):
        if _server_has_regions(path):  # said before building a whole county, not after
            raise UserError(f"数据库“{_shown(path)}”中已有数据；演示数据只能生成到新的数据库中。")
        return _demo_on_server(args, path)
    if path.exists() and path.stat().st_size > 0:
        db = _open(args)
        _refuse_a_database_with_data(db, path)
    else:
        db = _open(args, create=True, site_name="演示县组织部")
    last = [-1]

    def progress(done: int, total: int) -> bool:
        pct = done * 100 // max(total, 1)
        if pct != last[0] and not args.quiet:
            last[0] = pct
            print(f"\r生成演示数据… {pct:3d}%", end="", file=sys.stderr, flush=True)
        return True

    summary = build_demo(db, scale=args.scale, seed=args.seed, progress=progress)
    if not args.quiet:
        print(file=sys.stderr)
    db.close()
    print(json.dumps(summary.as_dict() if hasattr(summary, "as_dict") else vars(summary),
                     ensure_ascii=False, default=str))
    return 0


def _server_has_regions(url: str) -> bool:
    """The server database already holds regions (read without setting it up: an empty database
    stays empty for the copy; a server that cannot be reached is reported by the copy)."""
    import sqlalchemy.exc

    from vcadre.store import backend

    engine = backend.make_server_engine(backend.server_url(url))
    try:
        with engine.connect() as conn:
            if not conn.exec_driver_sql("SELECT to_regclass('region') IS NOT NULL").scalar():
                return False
            return bool(conn.exec_driver_sql("SELECT EXISTS (SELECT 1 FROM region)").scalar())
    except sqlalchemy.exc.OperationalError:
        return False
    finally:
        engine.dispose()


def _refuse_a_database_with_data(db, shown) -> None:
    """Demo data goes into a new database only (closes ``db`` when refusing)."""
    from sqlalchemy import func, select

    from vcadre.store.models import Region

    with db.session() as s:
        if s.scalar(select(func.count()).select_from(Region)):
            db.close()
            raise UserError(f"数据库“{shown}”中已有数据；演示数据只能生成到新的数据库中。")


def _demo_on_server(args: argparse.Namespace, url: str) -> int:
    """Demo data on a server: built in a temporary file (the fast SQLite path), then copied."""
    import tempfile

    from vcadre.store.copy import copy_database
    from vcadre.store.db import open_database

    with tempfile.TemporaryDirectory(prefix="vcadre-demo-") as tmp:
        local = Path(tmp) / "demo.db"
        code = cmd_demo(argparse.Namespace(**{**vars(args), "db": local}))
        src = open_database(local)
        try:
            report = copy_database(src, url)
        finally:
            src.close()
    if not args.quiet:
        print(f"已复制到 {report.target}（{report.seconds:.1f} 秒）", file=sys.stderr)
    return code


def cmd_init(args: argparse.Namespace) -> int:
    path = _db_path(args)
    if not isinstance(path, Path):
        if args.admin:
            raise UserError("单位服务器上的数据由服务器保护（加密由服务器负责）：请先 init 建库，"
                            "再用 vcadre users add 添加管理员。")
    elif path.exists() and path.stat().st_size > 0:
        raise UserError(f"文件“{path}”已存在；请换一个文件名，或直接打开它。")
    if args.admin:
        from vcadre.services.security import accounts

        if not args.password_file:
            raise UserError("请用 --password-file 文件 给出管理员的密码。")
        password = read_secret_file(args.password_file)
        db, recovery = accounts.new_database(path, args.admin, password, site_name=args.site_name)
        site_id, name = db.site()
        db.close()
        print(f"已创建加密数据库：{path}（站点：{name}；管理员：{args.admin}）")
        print(f"恢复密钥（只显示这一次，请打印或抄写后锁进保险柜）：{recovery}")
        if args.recovery_key_out:
            import os

            fd = os.open(args.recovery_key_out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(recovery + "\n")
        return 0
    if not args.site_name:
        raise UserError("请用 --site-name 给出本机站点名称。")
    db = _open(args, create=True, site_name=args.site_name)
    site_id, name = db.site()
    db.close()
    print(f"已创建数据库：{_shown(path) if not isinstance(path, Path) else path}（站点：{name}）")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from vcadre.services import stats

    db = _open(args)
    try:
        with db.session() as s:
            head = stats.headline(s, region_id=_township_id(s, args.township),
                                  as_of=_parse_date(args.as_of))
    finally:
        db.close()
    data = head.as_dict()
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        unknown = data.pop("unknown", {})
        for k, v in data.items():
            print(f"{k}: 无法确定（{unknown[k]}）" if k in unknown else f"{k}: {v}")
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    from vcadre.ui.app import run_gui

    return run_gui(args.db, demo_if_new=args.demo_if_new, language=args.lang, import_sync=args.import_sync)


# ---------------------------------------------------------------- parser

def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="vcadre", description="村干部档案管理 vcadre")
    p.add_argument("--version", action="version", version=f"vcadre {__version__}")
    _db_arg(p, top=True)
    p.add_argument("--import-sync", type=Path, metavar="FILE",
                   help="打开窗口后导入这个同步包（双击 .vcsync 文件时使用）")
    p.add_argument("--demo-if-new", action="store_true",
                   help="数据库不存在时先生成演示县数据，再打开窗口")
    p.add_argument("--lang", choices=("zh_CN", "en"), help="界面语言（默认中文）")
    p.set_defaults(func=cmd_gui)
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    d = sub.add_parser("demo", help="生成演示数据（织金县模型）")
    _db_arg(d)
    d.add_argument("--scale", choices=("county", "province"), default="county")
    d.add_argument("--seed", type=int, default=0)
    d.add_argument("--quiet", action="store_true")
    d.set_defaults(func=cmd_demo)

    i = sub.add_parser("init", help="新建空数据库（--admin：加密并设置管理员）")
    i.add_argument("--db", type=db_target, metavar="PATH", default=argparse.SUPPRESS, help=DB_HELP)
    i.add_argument("--site-name", default="", help="本机站点名称，如“龙场镇组织办”")
    i.add_argument("--admin", metavar="NAME", help="管理员用户名：数据库加密，以后需要登录")
    i.add_argument("--password-file", type=Path, metavar="F", help="管理员密码文件（第一行）")
    i.add_argument("--recovery-key-out", type=Path, metavar="F", help="同时把恢复密钥写入这个文件（0600）")
    i.set_defaults(func=cmd_init)

    r = sub.add_parser("regions", help="行政区划")
    rsub = r.add_subparsers(dest="regions_command", metavar="ACTION", required=True)
    from vcadre.commands.imports import add_import_commands

    add_import_commands(rsub, "regions", _Common)  # template, import (统计用区划代码表 too)

    s = sub.add_parser("stats", help="主要统计数字")
    _db_arg(s)
    s.add_argument("--json", action="store_true")
    s.add_argument("--township", metavar="NAME")
    s.add_argument("--as-of", metavar="DATE")
    s.set_defaults(func=cmd_stats)
    _register_area_commands(sub)
    return p


class _Common:
    """What area command modules share with the core CLI."""

    UserError = UserError
    db_arg = staticmethod(_db_arg)
    read_secret_file = staticmethod(read_secret_file)
    db_path = staticmethod(_db_path)
    open_db = staticmethod(_open)
    township_id = staticmethod(_township_id)
    parse_date = staticmethod(_parse_date)


def _register_area_commands(sub) -> None:
    import importlib
    import pkgutil

    import vcadre.commands as pkg

    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"vcadre.commands.{info.name}")
        module.register(sub, _Common)


def main(argv: Optional[Sequence[str]] = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        # Windows consoles default to a legacy code page; Chinese must not crash printing.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    from vcadre.store.protect.files import private_umask

    private_umask()  # everything this process creates is user-only (0600/0700)
    args = build_parser().parse_args(argv)
    return run_command(args.func, args)


def run_command(func: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    try:
        return func(args)
    except Exception as exc:
        # Imported only now: the window must not wait for SQLAlchemy (see vcadre.ui.preload).
        from vcadre.domain.roles import PermissionDenied
        from vcadre.services.errors import NotFoundError, ValidationError
        from vcadre.store.db import DatabaseError

        if not isinstance(exc, (UserError, DatabaseError, ValidationError, NotFoundError, PermissionDenied)):
            raise
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_USER_ERROR


def gui_main() -> int:
    """Entry point of the windowed launcher (no console on Windows)."""
    return main()
