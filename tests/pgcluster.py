"""A throw-away PostgreSQL cluster for the tests and benchmarks (office mode, issue 16).

``initdb`` in a temp dir, listening on 127.0.0.1 only (and a Unix socket in that dir), trust
authentication for the one user ``vcadre``; run as ``postgres`` when we are root (initdb refuses
root). Durability is switched off (``fsync=off``): the cluster is deleted after the run.
Databases are cloned from a migrated template (``CREATE DATABASE … TEMPLATE``), a fresh one per test.

Needs Debian's ``postgresql`` package (``dev.py setup`` installs it); ``available()`` says why not.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from typing import Optional

USER = "vcadre"


def bindir() -> Optional[Path]:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    exe = shutil.which("initdb")
    return Path(exe).parent if exe else None


def available() -> str:
    """'' when a cluster can be started here, else why not."""
    if bindir() is None:
        return "PostgreSQL server programs (initdb, pg_ctl) not installed: apt-get install postgresql"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root without runuser"
    return ""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="vcadre-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self._names = itertools.count(1)
        self._as = []
        if os.geteuid() == 0:
            import pwd

            pw = pwd.getpwnam("postgres")
            os.chown(self.root, pw.pw_uid, pw.pw_gid)
            self._as = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        subprocess.run([*self._as, *args], check=True, capture_output=True, cwd=self.root)

    def start(self) -> "Cluster":
        b = bindir()
        self._run(str(b / "initdb"), "-D", str(self.data), "-A", "trust", "-U", USER, "-E", "UTF8",
                  "--locale=C", "--no-sync")
        opts = (f"-c listen_addresses=127.0.0.1 -p {self.port} -c unix_socket_directories={self.root} "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        self._run(str(b / "pg_ctl"), "-D", str(self.data), "-o", opts, "-l", str(self.root / "log"), "-w", "start")
        return self

    def stop(self) -> None:
        b = bindir()
        try:
            self._run(str(b / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{dbname}"

    def admin(self, sql: str) -> None:
        import psycopg

        con = psycopg.connect(self.url("postgres"), autocommit=True)
        try:
            con.execute(sql)
        finally:
            con.close()

    def create(self, template: str = "template0", name: Optional[str] = None) -> str:
        """A new database (a copy of ``template``); returns its URL."""
        name = name or f"t{next(self._names)}"
        self.admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY')
        return self.url(name)

    def password_user(self, name: str, password: str) -> None:
        """A login role that must give ``password`` over TCP (the others stay on trust): what an
        office server asks of officers, for tests of a wrong password."""
        self.admin(f"CREATE ROLE \"{name}\" LOGIN SUPERUSER PASSWORD '{password}'")
        hba = self.data / "pg_hba.conf"
        lines = hba.read_text().splitlines(keepends=True)
        hba.write_text(f"host all {name} 127.0.0.1/32 scram-sha-256\n" + "".join(lines))
        self._run(str(bindir() / "pg_ctl"), "-D", str(self.data), "reload")
        import time

        # pg_ctl reload only signals the server: wait until the rule is in force.
        for _ in range(100):
            try:
                import psycopg

                psycopg.connect(f"postgresql://{name}@127.0.0.1:{self.port}/postgres", connect_timeout=5).close()
            except psycopg.OperationalError:
                return
            time.sleep(0.05)
        raise RuntimeError("pg_hba.conf reload did not take effect")

    def drop(self, name: str) -> None:
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
