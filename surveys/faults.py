"""Throwaway services for `manage.py faulttest`: a PostgreSQL cluster of its own (initdb into a
temporary directory, a free port on 127.0.0.1, its unix socket in that directory) and a
redis-server on a free port, each restartable and killable, each removed at the end. The
machine's own PostgreSQL and Redis are never touched.

initdb refuses to run as root: as root the cluster runs as the `postgres` OS user."""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from .loadserver import free_port

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))


def _as_postgres() -> list[str]:
    if os.geteuid() != 0:
        return []
    return ["runuser", "-u", "postgres", "--"]


class PostgresCluster:
    """A PostgreSQL cluster in a temporary directory; `url` reaches its database `canbao`."""

    def __init__(self, root: Path):
        self.dir = Path(tempfile.mkdtemp(prefix="canbao-faulttest-pg-", dir=root))
        self.data = self.dir / "data"
        self.port = free_port()
        self.url = f"postgres://canbao@127.0.0.1:{self.port}/canbao"
        if os.geteuid() == 0:
            entry = pwd.getpwnam("postgres")
            os.chown(self.dir, entry.pw_uid, entry.pw_gid)
            root.chmod(0o711)  # the postgres user passes through the run's (root-owned) directory

    def _run(self, *args: str, check: bool = True, timeout: float = 60) -> subprocess.CompletedProcess:
        done = subprocess.run(  # noqa: S603
            [*_as_postgres(), *args], timeout=timeout, capture_output=True, text=True, cwd=self.dir,
        )
        if check and done.returncode:
            raise RuntimeError(f"{Path(args[0]).name} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
        return done

    def start(self) -> None:
        self._run(str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "canbao", "--auth=trust", "-E", "UTF8",
                  "--locale=C.UTF-8", "--no-sync")
        settings = (f"\nlisten_addresses = '127.0.0.1'\nport = {self.port}\nunix_socket_directories = '{self.dir}'\n"
                    "max_connections = 100\nshared_buffers = 32MB\nfsync = on\n")
        with open(self.data / "postgresql.conf", "a", encoding="utf-8") as conf:  # noqa: PTH123
            conf.write(settings)
        self.ctl("start")
        self._run(str(PG_BIN / "createdb"), "-h", str(self.dir), "-p", str(self.port), "-U", "canbao", "canbao")

    def ctl(self, action: str, mode: str = "fast") -> None:
        """pg_ctl start / restart -m fast|immediate / stop, waiting until it is done."""
        args = [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-w", "-t", "60", "-l", str(self.dir / "server.log")]
        self._run(*args, action, *(["-m", mode] if action in ("restart", "stop") else []))

    def cleanup(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-w", "-t", "30", "stop", "-m", "immediate",
                      check=False)
        shutil.rmtree(self.dir, ignore_errors=True)


class RedisServer:
    """redis-server on a free loopback port, without persistence."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],  # noqa: S607
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            if self.ping():
                return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def ping(self) -> bool:
        import redis

        try:
            return bool(redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=0.5).ping())
        except redis.RedisError:
            return False

    def kill(self) -> None:
        """SIGKILL, as an out-of-memory kill or a crash would."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def cleanup(self) -> None:
        self.kill()
