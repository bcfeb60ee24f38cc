"""The rendered nginx and Apache files are accepted by the real servers (``nginx -t``,
``apache2 -t``), whatever the slugs hold (quotes, spaces, backslashes, ``$``, Hangul): a
config the server refuses takes the whole site down. Skips where the servers are not
installed; fails instead in CI (``TM_REQUIRE_TOOLS=1``; ``.ci/run`` installs Debian's
``apache2`` and ``nginx``)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest

from support.fixture_blog import OLD, build_archive
from tistory_migrate.exporters.base import ExportOptions
from tistory_migrate.pipeline import export
from tistory_migrate.settings import Settings

HOSTILE_SLUGS = ['따옴표 "인용" 글', "back\\slash $HOME 글", "tab\there", "괄호 (1) [2] {3} ^x|y?*+."]


def _tool(name: str) -> str:
    found = shutil.which(name) or (f"/usr/sbin/{name}" if Path(f"/usr/sbin/{name}").exists() else None)
    if not found:
        if os.environ.get("TM_REQUIRE_TOOLS") == "1":
            pytest.fail(f"{name} is required here (TM_REQUIRE_TOOLS=1) but not installed")
        pytest.skip(f"{name} is not installed (Debian: apt-get install {name})")
    return found


def _render(tmp_path: Path, style: str) -> Path:
    with build_archive(tmp_path / "ar") as ar:
        posts = list(ar.iter_posts(("public",)))
        redirects = {}
        for post, slug in zip(posts, HOSTILE_SLUGS):
            post.slug_url = f"{OLD}/entry/{quote(slug, safe='')}"
            ar.put_post(post)
            redirects[post.id] = {"new_url": f"https://blog.naver.com/tm_fixture/2231{post.id}", "method": "title"}
        ar.set_meta("redirects", redirects)
        [summary] = export(ar, ["redirects"], tmp_path / "out", Settings(),
                           ExportOptions(redirect_style=style, home_url="https://blog.naver.com/tm_fixture"))
    return Path(summary.first_to_open)


def test_nginx_accepts_the_map(tmp_path):
    nginx = _tool("nginx")
    conf = _render(tmp_path, "nginx")
    text = conf.read_text("utf-8")
    assert any(s.split(" ")[0] in text for s in HOSTILE_SLUGS)
    map_part, _, _ = text.partition("\n# in server { }:")
    main = tmp_path / "nginx.conf"
    main.write_text(f"""pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
events {{}}
http {{
    access_log off;
    include {tmp_path / 'map.conf'};
    server {{
        listen 127.0.0.1:8999;
        if ($tistory_new_url) {{ return 301 $tistory_new_url; }}
    }}
}}
""", encoding="utf-8")
    (tmp_path / "map.conf").write_text(map_part, encoding="utf-8")
    p = subprocess.run([nginx, "-t", "-c", str(main), "-p", str(tmp_path), "-e", str(tmp_path / "error.log")],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr


def test_apache_accepts_the_rules_and_they_match(tmp_path):
    apache = _tool("apache2")
    conf = _render(tmp_path, "apache")
    text = conf.read_text("utf-8")
    modules = Path("/usr/lib/apache2/modules")
    main = tmp_path / "httpd.conf"
    main.write_text(f"""ServerRoot {tmp_path}
DefaultRuntimeDir {tmp_path}
PidFile {tmp_path}/httpd.pid
ErrorLog {tmp_path}/error.log
Mutex file:{tmp_path} default
LoadModule mpm_event_module {modules}/mod_mpm_event.so
LoadModule authz_core_module {modules}/mod_authz_core.so
LoadModule rewrite_module {modules}/mod_rewrite.so
Listen 127.0.0.1:8998
ServerName localhost
<VirtualHost 127.0.0.1:8998>
    ServerName seodaemun.tistory.com
    Include {conf}
</VirtualHost>
""", encoding="utf-8")
    env = {**os.environ, "APACHE_RUN_DIR": str(tmp_path), "APACHE_LOG_DIR": str(tmp_path)}
    p = subprocess.run([apache, "-t", "-f", str(main)], capture_output=True, text=True, timeout=60, env=env)
    assert p.returncode == 0, p.stderr + p.stdout
    # and each hostile slug's rule matches that slug (PCRE reads \\xHH as the byte it names)
    rules = [(re.compile(m.group(1)), m.group(2))
             for m in re.finditer(r'^RewriteRule "(.+?)" "(.+?)" \[R=301,L,NE\]$', text, re.M)]
    for slug in HOSTILE_SLUGS:
        path = f"entry/{slug}"
        assert any(rx.search(path) for rx, _ in rules), slug
