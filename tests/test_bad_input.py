"""Bad input, as a person meets it on the command line: every case of ``tests/badinput/cases.py``
runs the real CLI (in-process, ``support.cli``) and must end with a clear message, the expected exit code, no
traceback, nothing written outside the output folder, and an existing archive left unchanged.
Cases that scrape something hostile also export every format, and every exported file is
checked (no active XSS payload, well-formed XML, every file inside the export folder)."""

from __future__ import annotations

import hashlib
import importlib
import json
import shutil
import sqlite3
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import etree, html as lxml_html

from support.archive_dump import canonical_dump, integrity_problems
from support.cli import Result, run_cli
from support.faults import DependencyFault
from support.netstub import ConnectSpy, Resolver
from tistory_migrate.errors import ExitCode
from tistory_migrate.fetch.serve import FixtureServer

sys.path.insert(0, str(Path(__file__).parent / "badinput"))
from cases import CASES, HOSTILE, Case, ok_blog  # noqa: E402

FAST = ("[fetch]\npage_delay = 0.0\nmedia_delay = 0.0\nretries = 1\nbackoff_base = 0.01\nbackoff_max = 0.02\n"
        "read_timeout = 5.0\n[scrape]\nprobe_ids = false\n")


def write_site(folder: Path, entries) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for n, (url, body, status, headers) in enumerate(entries):
        rel = "-"
        if body is not None:
            rel = f"f{n}.bin"
            (folder / rel).write_bytes(body if isinstance(body, bytes) else body.encode("utf-8"))
        hdr = " | ".join(f"{k}: {v}" for k, v in headers.items())
        lines.append("\t".join([url, rel, str(status), hdr]))
    (folder / "urls.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def run_in(cwd: Path, args: list[str]) -> Result:
    """The CLI run from ``cwd``, which is also the person's home folder."""
    return run_cli(args, cwd=cwd, env={"HOME": str(cwd)})


def snapshot(root: Path, skip: tuple[Path, ...]) -> dict[str, tuple[int, str]]:
    out = {}
    for path in sorted(root.rglob("*")):
        if any(path == s or s in path.parents for s in skip) or not path.is_file():
            continue
        out[path.relative_to(root).as_posix()] = (path.stat().st_size, hashlib.sha256(path.read_bytes()).hexdigest())
    return out


@pytest.fixture(scope="module")
def good_archive(tmp_path_factory) -> Path:
    """A sound archive of a small blog, copied as the existing ``-o`` folder of a case."""
    base = tmp_path_factory.mktemp("good")
    site = write_site(base / "site", ok_blog())
    (base / "fast.toml").write_text(FAST, encoding="utf-8")
    with FixtureServer([site]) as srv:
        result = run_in(base, ["scrape", "https://ok.tistory.com", "-o", str(base / "A"), "--config",
                               str(base / "fast.toml"), "--quiet", *srv.resolve_args()])
    assert result.code == 0, result.text
    return base / "A"


def test_the_corpus_is_big_enough():
    assert len(CASES) >= 30
    assert len({c.name for c in CASES}) == len(CASES)


def _params():
    for c in CASES:
        marks = [pytest.mark.xfail(strict=True, reason=c.bug)] if c.bug else []
        yield pytest.param(c, id=c.name, marks=marks)


def routed_addresses(args: list[str]) -> set[tuple[str, int]]:
    """The loopback addresses a command line's ``--resolve HOST=ADDRESS:PORT`` arguments name."""
    out = set()
    for flag, value in zip(args, args[1:]):
        if flag == "--resolve" and "=" in value:
            host, _sep, port = value.split("=", 1)[1].rpartition(":")
            if port.isdigit():
                out.add((host.strip("[]"), int(port)))
    return out


@pytest.mark.parametrize("case", list(_params()))
def test_bad_input(case: Case, tmp_path: Path, good_archive: Path, monkeypatch):
    here = tmp_path / "case"
    cwd = here / "cwd"
    cwd.mkdir(parents=True)
    archive = here / "A"
    out = here / "out"
    for rel, data in case.files.items():
        (here / rel).parent.mkdir(parents=True, exist_ok=True)
        (here / rel).write_bytes(data)
    (here / "fast.toml").write_text(FAST, encoding="utf-8")
    (here / "backup-limit.toml").write_text("[backup]\nmax_total_bytes = 1048576\n", encoding="utf-8")
    if case.existing_archive:
        shutil.copytree(good_archive, archive)
        if "newer-schema" in case.checks:
            with sqlite3.connect(archive / "archive.sqlite3") as conn:
                conn.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    before_archive = canonical_dump(archive) if case.existing_archive and "newer-schema" not in case.checks else None
    server = None
    args = [a.format(A=archive, cfg=here / "fast.toml", cfg_backup=here / "backup-limit.toml", here=here,
                     url="https://bad.tistory.com") for a in case.argv]
    if case.site is not None:
        server = FixtureServer([write_site(here / "site", case.site())], hook=case.hook() if case.hook else None).start()
        args += server.resolve_args()
    parent_before = sorted(p.name for p in tmp_path.parent.iterdir())
    outside_before = snapshot(here, skip=(archive, out))
    Resolver(case.dns).install(monkeypatch)  # no real lookup; the case's names answer what it says
    spy = ConnectSpy().install(monkeypatch)
    try:
        result = run_in(cwd, args)
        text = result.text
        assert result.code == case.code, f"exit {result.code}, expected {int(case.code)}:\n{text}"
        assert "Traceback" not in text, text
        assert case.snippet in text, f"{case.snippet!r} not in:\n{text}"
        if case.export:
            if case.export_fault is not None:
                module, name, when = case.export_fault
                DependencyFault(importlib.import_module(module), name, when=when).install(monkeypatch)
            exp = run_in(cwd, ["export", str(archive), "-f", "all", "-o", str(out), "--quiet"])
            assert exp.code == case.export_code, exp.text
            assert "Traceback" not in exp.text
            if case.export_code == ExitCode.PARTIAL:
                assert "was left out" in exp.text, exp.text
    finally:
        if server is not None:
            server.stop()
    # no connect beyond the case's own routes: nothing a page said reached inside
    assert set(spy.attempts) <= routed_addresses(args), spy.attempts
    # nothing written outside the output folders (cwd, config, site, sibling files all unchanged)
    assert snapshot(here, skip=(archive, out)) == outside_before
    assert sorted(p.name for p in tmp_path.parent.iterdir()) == parent_before
    if before_archive is not None:
        assert canonical_dump(archive) == before_archive, "the existing archive was changed"
        assert integrity_problems(archive) == []
    for name in case.checks:
        CHECKS.get(name, lambda c, a, o: None)(case, archive, out)


def _raw_meta(archive: Path, key: str):
    db = archive / "archive.sqlite3"
    if not db.exists():
        return None
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        row = conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
    return row[0] if row else None


# -- export checks --------------------------------------------------------------------------------
URL_ATTRS = ("href", "src", "action", "formaction", "data", "xlink:href", "poster", "background", "srcset")
DANGEROUS_TAGS = ("script", "iframe", "object", "embed", "base", "form", "svg", "math", "meta")


def active_payloads(fragment: str, *, page_template: bool = False) -> list[str]:
    """Executable content in an HTML document or fragment. ``page_template``: the paste-helper
    page's own <script>s are allowed, as long as no payload of the corpus is inside them."""
    if not fragment.strip():
        return []
    doc = lxml_html.fromstring(f"<div>{fragment}</div>") if not fragment.lstrip().lower().startswith(("<!doctype", "<html")) \
        else lxml_html.document_fromstring(fragment)
    found = []
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower().split("}")[-1]
        if tag in DANGEROUS_TAGS:
            own = page_template and tag in ("script", "meta") and "xss" not in (el.text or "") and "alert" not in (el.text or "")
            if page_template and tag == "script" and (el.get("type") or "").endswith("json"):
                own = _inert_json(el.text or "")  # a data island: inert while it stays one JSON value
            if tag == "meta" and not el.get("http-equiv"):
                own = True
            if not own:
                found.append(f"<{tag}>: {lxml_html.tostring(el, encoding='unicode')[:120]}")
        for name, value in el.attrib.items():
            lname = name.lower()
            squashed = "".join(ch for ch in value if ch > " ").lower()
            if lname.startswith("on") and not page_template:
                found.append(f"{tag}[{name}]={value[:80]}")
            elif lname.startswith("on") and ("alert" in squashed or "xss" in squashed):
                found.append(f"{tag}[{name}]={value[:80]}")
            if lname in URL_ATTRS and (squashed.startswith(("javascript:", "vbscript:", "data:text/html"))
                                       or "javascript:" in squashed.split(",")[0]):
                found.append(f"{tag}[{name}]={value[:80]}")
            if lname == "style" and ("javascript:" in squashed or "expression(" in squashed):
                found.append(f"{tag}[style]={value[:80]}")
    return found


def _inert_json(text: str) -> bool:
    try:
        json.loads(text)
    except json.JSONDecodeError:
        return False  # a body closed the <script> early: what follows runs as HTML
    return True


def _texts_in_json(value, key=""):
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _texts_in_json(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _texts_in_json(v, key)


def check_no_xss(case: Case, archive: Path, out: Path) -> None:
    problems = []
    for path in sorted(out.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(out).as_posix()
        if path.suffix in (".html", ".htm"):
            text = path.read_text(encoding="utf-8", errors="replace")
            template = path.name == "index.html"
            problems += [f"{rel}: {p}" for p in active_payloads(text, page_template=template)]
            if template:  # the page embeds the bodies as data for its script: they must be inert too
                for script in lxml_html.document_fromstring(text).iter("script"):
                    if "alert(" in (script.text or "") and "<\\/script" not in (script.text or "") and "</script" in (script.text or "").lower():
                        problems.append(f"{rel}: a body closes the helper's <script>")
        elif path.suffix == ".js":  # the helper's data chunks: JSON with every <, > and & escaped
            text = path.read_text(encoding="utf-8", errors="replace")
            if "<" in text or ">" in text:
                problems.append(f"{rel}: markup characters in the helper's data")
        elif path.suffix == ".xml":
            tree = etree.parse(str(path), etree.XMLParser(recover=False, resolve_entities=False, no_network=True))
            for el in tree.iter():
                tag = etree.QName(el).localname if isinstance(el.tag, str) else ""
                if tag in ("encoded",) and el.text:
                    problems += [f"{rel} <{tag}>: {p}" for p in active_payloads(el.text)]
        elif path.suffix in (".jsonl", ".json"):
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    record = None
                if record is None:
                    continue
                for key, value in _texts_in_json(record):
                    if "html" in key.lower() or key.lower() in ("body", "content"):
                        problems += [f"{rel}:{n} {key}: {p}" for p in active_payloads(value)]
    assert problems == [], "\n".join(problems[:40])


def check_xml_well_formed(case: Case, archive: Path, out: Path) -> None:
    xml_files = sorted(out.rglob("*.xml"))
    assert xml_files, "no XML was exported"
    for path in xml_files:
        etree.parse(str(path), etree.XMLParser(recover=False, resolve_entities=False, no_network=True))
    for path in sorted(out.rglob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                json.loads(line)


def check_names_inside(case: Case, archive: Path, out: Path) -> None:
    real_out = out.resolve()
    names = []
    for path in out.rglob("*"):
        assert real_out in path.resolve().parents or path.resolve() == real_out, path
        names.append(path.name)
        assert len(path.name.encode("utf-8")) <= 255, path.name[:80]
        stem = path.name.split(".")[0].upper()
        assert stem not in {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}, path.name
        assert "\x00" not in path.name and "\\" not in path.name and not path.name.startswith(" "), path.name
    assert names
    assert integrity_problems(archive) == []


def check_euc_kr_title(case: Case, archive: Path, out: Path) -> None:
    dump = canonical_dump(archive)
    assert dump["posts"]["1"]["title"] == "옛날 한글 제목"
    assert "한글 본문입니다" in dump["posts"]["1"]["body_raw"]


def check_nothing_inflated(case: Case, archive: Path, out: Path) -> None:
    sizes = [p.stat().st_size for p in archive.rglob("*") if p.is_file() and p.suffix not in (".sqlite3", ".sqlite3-wal")]
    assert max(sizes, default=0) < 1024 * 1024, sizes


def check_newer_schema(case: Case, archive: Path, out: Path) -> None:
    assert _raw_meta(archive, "schema_version") == "99"


def check_post_2_failed(case: Case, archive: Path, out: Path) -> None:
    """Post 2 was redirected somewhere refused: stored failed with the reason, nothing of the
    place it pointed to kept (no page, no body, no other site's title); post 1 is fine."""
    dump = canonical_dump(archive)
    post = dump["posts"]["2"]
    assert post["status"] == "failed" and post["body_raw"] == "", post
    assert any(w.startswith("the page could not be fetched: ") and "refused" in w for w in post["warnings"]), post["warnings"]
    assert post["title"] != "남의 글"
    assert dump["posts"]["1"]["status"] == "public"
    assert all(urlsplit(url).hostname == "inner.tistory.com" for url in dump["pages"]), sorted(dump["pages"])


def check_inner_media_refused(case: Case, archive: Path, out: Path) -> None:
    """Every picture and file on an inner address is a failed medium saying why; none was stored."""
    dump = canonical_dump(archive)
    media = dump["media"]
    inner = [m for m in media.values() if not m["original_url"].startswith("https://inner.tistory.com")]
    assert len(inner) == 8, sorted(m["original_url"] for m in media.values())
    for m in inner:
        assert m["status"] == "failed" and m["reason"].startswith("refused: "), m
        assert m["sha256"] is None and m["path"] is None, m
    assert dump["posts"]["1"]["status"] == "public"


def check_popup_media_refused(case: Case, archive: Path, out: Path) -> None:
    """The onclick and lightbox originals were found, and refused, never fetched."""
    media = canonical_dump(archive)["media"]
    found = sorted(m["original_url"] for m in media.values())
    assert found == ["http://127.0.0.1:9/secret.jpg", "http://169.254.169.254/latest/meta-data/"], found
    for m in media.values():
        assert m["status"] == "failed" and m["reason"].startswith("refused: ") and m["path"] is None, m


def check_post_2_left_out(case: Case, archive: Path, out: Path) -> None:
    """Post 2's normalization failed: it is in no export that reads bodies, posts 1 and 3 are in
    all of them, the redirect map (no body) lists all three; nothing half-written is left."""
    ids = [json.loads(line)["id"] for line in (out / "jsonl" / "posts.jsonl").read_text(encoding="utf-8").splitlines()]
    assert ids == ["1", "3"], ids
    assert sorted(d.name.split("-", 1)[1] for d in (out / "naver" / "posts").iterdir() if d.name != "00-probe") == ["1", "3"]
    wxr = next((out / "wxr").glob("*.xml")).read_text(encoding="utf-8")
    assert "<wp:post_id>1</wp:post_id>" in wxr and "<wp:post_id>2</wp:post_id>" not in wxr
    assert "fault.tistory.com/2" in (out / "redirects" / "redirects.csv").read_text(encoding="utf-8")
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp") or p.name == ".staging"]


def check_posts_1_2_3(case: Case, archive: Path, out: Path) -> None:
    """Every good post of the backup arrived (the bad one flagged, or left out with a note)."""
    dump = canonical_dump(archive)
    assert {"1", "2", "3"} <= set(dump["posts"]), sorted(dump["posts"])
    assert all(pid.isascii() and pid.isdigit() for pid in dump["posts"]), sorted(dump["posts"])


def check_no_svg_exported(case: Case, archive: Path, out: Path) -> None:
    files = [p for p in out.rglob("*") if p.is_file()]
    assert files
    assert not [p for p in files if p.suffix.lower() in (".svg", ".svgz") or b"<svg" in p.read_bytes()[:4096]]
    assert any(m["ext"] == "svg" for m in canonical_dump(archive)["media"].values())  # the archive keeps it


def _export_texts(out: Path) -> dict[str, str]:
    """The visible text of post 1 in each export: jsonl body, Naver body.html, WXR content."""
    texts = {}
    for line in (out / "jsonl" / "posts.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if str(record.get("id")) == "1":
            texts["jsonl"] = _html_text(record["body_html"])
    bodies = sorted(out.glob("naver/posts/*-1/body.html"))
    assert bodies, sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))[:40]
    texts["naver"] = _html_text(bodies[0].read_text(encoding="utf-8"))
    for path in out.rglob("*.xml"):
        for item in etree.parse(str(path)).iter("item"):
            post_id = item.findtext("{http://wordpress.org/export/1.2/}post_id")
            if post_id == "1":
                texts["wxr"] = _html_text(item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded") or "")
    return texts


def _html_text(fragment: str) -> str:
    if not fragment.strip():
        return ""
    return " ".join(lxml_html.fromstring(f"<div>{fragment}</div>", parser=_HUGE).text_content().split())


_HUGE = lxml_html.HTMLParser(huge_tree=True)


def check_hostile_text_kept(case: Case, archive: Path, out: Path) -> None:
    """The hostile body's marked sentences reach the archive and every export, whole."""
    key = case.name.removeprefix("hostile-")
    dump = canonical_dump(archive)
    assert dump["posts"]["1"]["status"] == "public" and dump["posts"]["2"]["status"] == "public"
    texts = _export_texts(out)
    assert set(texts) == {"jsonl", "naver", "wxr"}, sorted(texts)
    for needle in HOSTILE[key][1]:
        assert needle in " ".join(dump["posts"]["1"]["body_raw"].split()) or key == "unclosed-spans", needle
        for fmt, text in texts.items():
            assert needle in text, f"{fmt}: {needle!r} not in {text[-300:]!r}"
    notes = next(out.glob("naver/posts/*-1/NOTES.md")).read_text(encoding="utf-8")
    if key.startswith(("nested-", "over-")):  # unwrapped below the normalizer's depth: said, text kept
        assert "태그가 너무 깊게 겹쳐 있어" in notes, notes
    assert "원문 글자 일부를 읽지 못했습니다" not in notes, notes  # nothing was lost


def check_no_phantom_markers(case: Case, archive: Path, out: Path) -> None:
    """data-tm-* in a scraped body is an imitation: no attachment, picture or embed comes of it."""
    dump = canonical_dump(archive)
    assert not any("example.com" in m["original_url"] or "file.hwp" in m["original_url"] for m in dump["media"].values()), dump["media"]
    for line in (out / "jsonl" / "posts.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if str(record.get("id")) == "1":
            assert record["attachments"] == [] and record["images"] == [] and record.get("embeds", []) == [], record
            assert "data-tm-" not in record["body_html"]


CHECKS = {"post-2-left-out": check_post_2_left_out, "posts-1-2-3": check_posts_1_2_3,
          "no-svg-exported": check_no_svg_exported, "no-xss": check_no_xss, "xml-well-formed": check_xml_well_formed, "names-inside": check_names_inside,
          "euc-kr-title": check_euc_kr_title, "newer-schema": check_newer_schema,
          "nothing-inflated": check_nothing_inflated, "post-2-failed": check_post_2_failed,
          "inner-media-refused": check_inner_media_refused, "popup-media-refused": check_popup_media_refused,
          "hostile-text-kept": check_hostile_text_kept, "no-phantom-markers": check_no_phantom_markers}


def test_a_refused_run_keeps_the_archives_last_report(tmp_path: Path, good_archive: Path):
    archive = tmp_path / "A"
    shutil.copytree(good_archive, archive)
    before = _raw_meta(archive, "report")
    result = run_in(tmp_path, ["scrape", "ftp://x.tistory.com/", "-o", str(archive), "--quiet"])
    assert result.code == 2
    assert _raw_meta(archive, "report") == before


def test_active_payload_checker_can_fail():
    """The XSS check itself finds what it must (otherwise a green run proves nothing)."""
    assert active_payloads("<p onclick='alert(1)'>x</p>")
    assert active_payloads("<a href=' jav&#x09;ascript:alert(1)'>x</a>")
    assert active_payloads("<svg><script>alert(1)</script></svg>")
    assert active_payloads("<iframe src='https://x'></iframe>")
    assert not active_payloads("<p>&lt;script&gt;alert(1)&lt;/script&gt; <a href='https://example.com/'>ok</a></p>")
    assert urlsplit("https://x").scheme == "https"
