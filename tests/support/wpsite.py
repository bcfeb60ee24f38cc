"""Real WordPress on loopback for tests: MariaDB on a unix socket in a temporary folder,
Debian's WordPress with its own wp-config.php and wp-content there, the official importer
copied in (tests/support/wordpress/README.md says how nothing is written beside
/usr/share/wordpress). ``missing()`` names what is absent, for a skip (or a failure with
``TM_REQUIRE_TOOLS=1``)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from support.paths import ROOT

WORDPRESS = Path("/usr/share/wordpress")
PHP_DIR = Path(__file__).resolve().parent / "wordpress"
# How other tests find shared/: beside the repository (../shared); a git worktree under
# <parent>/wt/<name> finds the same folder one level further up.
SHARED = next((p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.is_dir()), ROOT.parent / "shared")
IMPORTER = SHARED / "vendor" / "wordpress-importer"


def _tool(*names: str) -> str | None:
    for name in names:
        found = shutil.which(name) or next((str(p) for p in (Path("/usr/sbin") / name, Path("/usr/bin") / name)
                                            if p.is_file()), None)
        if found:
            return found
    return None


def missing() -> list[str]:
    """What this machine lacks for a real WordPress, with the package that brings it."""
    out = []
    if not (WORDPRESS / "wp-settings.php").is_file():
        out.append("WordPress (apt-get install wordpress)")
    if not _tool("php"):
        out.append("php (apt-get install php-cli)")
    else:
        mods = subprocess.run([_tool("php"), "-m"], capture_output=True, text=True).stdout.lower().split()
        for mod, pkg in (("mysqli", "php-mysql"), ("simplexml", "php-xml"), ("mbstring", "php-mbstring"),
                         ("curl", "php-curl")):
            if mod not in mods:
                out.append(f"PHP {mod} (apt-get install {pkg})")
    if not _tool("mariadbd", "mysqld") or not _tool("mariadb-install-db", "mysql_install_db"):
        out.append("MariaDB (apt-get install mariadb-server)")
    if not (IMPORTER / "src" / "class-wp-import.php").is_file():
        out.append(f"the WordPress importer copy ({IMPORTER})")
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Database:
    """A MariaDB server on a unix socket in ``root`` (no network), stopped by ``stop()``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.socket = root / "mysqld.sock"
        data = root / "data"
        user = ["--user=root"] if getattr(os, "geteuid", lambda: -1)() == 0 else []
        subprocess.run([_tool("mariadb-install-db", "mysql_install_db"), f"--datadir={data}", "--auth-root-authentication-method=normal",
                        "--skip-test-db", "--skip-name-resolve", *user], check=True, capture_output=True)
        self.proc = subprocess.Popen(
            [_tool("mariadbd", "mysqld"), "--no-defaults", f"--datadir={data}", f"--socket={self.socket}", "--skip-networking",
             f"--pid-file={root / 'mysqld.pid'}", f"--log-error={root / 'mysqld.err'}", "--character-set-server=utf8mb4",
             "--innodb-buffer-pool-size=32M", "--skip-log-bin", *user],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while not self.socket.exists():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("MariaDB did not start: " + (root / "mysqld.err").read_text(errors="replace")[-2000:])
            time.sleep(0.1)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@dataclass
class Site:
    """One WordPress site (own database, wp-config.php, wp-content) on ``db``."""

    root: Path
    db: Database
    name: str
    port: int
    permalinks: str = "/%post_id%/"
    media_dir: Path | None = None  # served under /media/ by the front end
    extra_env: dict[str, str] = field(default_factory=dict)  # e.g. the host routes of tm-loopback.php
    env: dict[str, str] = field(default_factory=dict)

    @property
    def home(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def http_log(self) -> Path:
        return self.root / "http.log"

    def create(self) -> "Site":
        content = self.root / "wp-content"
        (content / "mu-plugins").mkdir(parents=True)
        (content / "uploads").mkdir()
        shutil.copytree(IMPORTER, content / "plugins" / "wordpress-importer")
        shutil.copy(PHP_DIR / "tm-loopback.php", content / "mu-plugins" / "tm-loopback.php")
        config = self.root / "wp-config.php"
        keys = "".join(f"define('{k}', 'tm-test-{k.lower()}');\n" for k in (
            "AUTH_KEY", "SECURE_AUTH_KEY", "LOGGED_IN_KEY", "NONCE_KEY", "AUTH_SALT", "SECURE_AUTH_SALT",
            "LOGGED_IN_SALT", "NONCE_SALT"))
        config.write_text(
            "<?php\n"
            f"define('DB_NAME', '{self.name}');\ndefine('DB_USER', 'root');\ndefine('DB_PASSWORD', '');\n"
            f"define('DB_HOST', 'localhost:{self.db.socket}');\ndefine('DB_CHARSET', 'utf8mb4');\ndefine('DB_COLLATE', '');\n"
            f"define('WP_CONTENT_DIR', '{content}');\ndefine('WP_CONTENT_URL', '{self.home}/wp-content');\n"
            "define('WP_HTTP_BLOCK_EXTERNAL', true);\ndefine('DISABLE_WP_CRON', true);\n"
            "define('AUTOMATIC_UPDATER_DISABLED', true);\ndefine('WP_AUTO_UPDATE_CORE', false);\n"
            "define('WP_DEBUG', false);\ndefine('FS_METHOD', 'direct');\n"
            f"{keys}$table_prefix = 'wp_';\ndefine('ABSPATH', '{WORDPRESS}/');\n", encoding="utf-8")
        self.env = {**os.environ, "TM_WP_CONFIG": str(config), "TM_WP_HOME": self.home, "TM_HTTP_LOG": str(self.http_log),
                    "TM_WP_PERMALINKS": self.permalinks, "TM_CONTENT_DIR": str(content),
                    "TM_MEDIA_DIR": str(self.media_dir or self.root / "no-media"), **self.extra_env}
        subprocess.run([_tool("mariadb", "mysql"), f"--socket={self.db.socket}", "-uroot", "-e",
                        f"CREATE DATABASE {self.name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"], check=True)
        self.php("install.php")
        return self

    def php(self, script: str, *args: str, timeout: float = 120) -> str:
        done = subprocess.run([_tool("php"), "-d", "display_errors=stderr", "-d", "memory_limit=512M",
                               str(PHP_DIR / script), *args], env=self.env, capture_output=True, text=True,
                              timeout=timeout)
        if done.returncode != 0:
            raise RuntimeError(f"php {script} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
        return done.stdout

    def sql(self, query: str) -> list[dict]:
        return json.loads(self.php("query.php", query))

    def import_wxr(self, path: Path, *, fetch: bool, parser: str = "") -> list[str]:
        """The importer's output lines (HTML stripped); ``parser``: simplexml, xml (expat) or regex."""
        out = self.php("import.php", str(path), "fetch" if fetch else "nofetch", parser)
        return [line.strip() for line in out.splitlines() if line.strip()]

    def serve(self) -> subprocess.Popen:
        """The front end on 127.0.0.1:port (PHP's built-in server); the caller terminates it."""
        proc = subprocess.Popen([_tool("php"), "-S", f"127.0.0.1:{self.port}", str(PHP_DIR / "router.php")],
                                env={**self.env, "PHP_CLI_SERVER_WORKERS": "2"}, cwd=self.root,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 15
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return proc
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("php -S did not start")
                time.sleep(0.1)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D102
        return None


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    """(status, lower-case headers, body) of one GET, redirects not followed (loopback only)."""
    assert url.startswith("http://127.0.0.1:"), url
    opener = urllib.request.build_opener(_NoRedirect, urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=30) as resp:
            return resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, {k.lower(): v for k, v in err.headers.items()}, err.read()
