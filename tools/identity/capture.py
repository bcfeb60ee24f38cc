"""Capture what a user sees, to prove a refactoring changes none of it (used for the redesign).

python tools/identity/capture.py REPO OUTDIR  (then tools/identity/compare.py BEFORE AFTER)
Run it at the commit before and after the change, from the same REPO folder (the backup
scenario's dump holds absolute paths of the backup files).
Runs the CLI of REPO's venv over four scenarios; writes OUTDIR/<scenario>/{export tree, dump.json, report.json, quiet.txt}
plus OUTDIR/help/*.txt. Paths and durations are masked.
"""
import hashlib, json, os, re, shutil, subprocess, sys
from pathlib import Path

repo = Path(sys.argv[1]).resolve()
out = Path(sys.argv[2]).resolve()
if out.exists():
    shutil.rmtree(out)
out.mkdir(parents=True)
work = Path(str(out) + "-work")
if work.exists():
    shutil.rmtree(work)
work.mkdir(parents=True)
exe = str(repo / ".venv/bin/tistory-migrate")
py = str(repo / ".venv/bin/python")
env = dict(os.environ, COLUMNS="100", TERM="dumb", NO_COLOR="1")

def mask(s):
    s = s.replace(str(work), "<WORK>").replace(str(repo), "<REPO>")
    s = re.sub(r"\d+(\.\d+)? ?s\b", "<T>s", s)
    s = re.sub(r"/tmp/[A-Za-z0-9_./-]+", "<TMP>", s)
    return s

def run(args, name=None):
    p = subprocess.run([exe, *args], cwd=work, env=env, capture_output=True, text=True)
    return p.returncode, mask(p.stdout), mask(p.stderr)

def dump(archive):
    code = ("import json,sys\n"
            "try:\n from tistory_migrate.archive_dump import canonical_dump\n"
            "except ImportError:\n sys.path.insert(0, %r); from support.archive_dump import canonical_dump\n"
            "print(json.dumps(canonical_dump(sys.argv[1]), sort_keys=True, indent=1, ensure_ascii=False))\n") % str(repo / "tests")
    p = subprocess.run([py, "-c", code, str(archive)], capture_output=True, text=True, check=True)
    return p.stdout

def tree(root, dest):
    for p in sorted(root.rglob("*")):
        if p.is_file():
            rel = p.relative_to(root)
            d = dest / rel
            d.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(p, d)

mirror_demo = repo / "src/tistory_migrate/demo/seodaemun"
hanbit = repo / "fixtures/blogs/hanbit-custom"
zipb = repo / "fixtures/backups/seodaemun-1-1-article112-172.zip"
legacy = repo / "fixtures/backups/legacy-seodaemun.xml"
scen = {
    "seodaemun": (["https://seodaemun.tistory.com", "--mirror", str(mirror_demo)]),
    "hanbit": (["https://blog.hanbit-note.kr", "--mirror", str(hanbit)]),
    "backups": (["https://seodaemun.tistory.com", "--mirror", str(mirror_demo), "--backup", str(zipb), "--backup", str(legacy)]),
}
log = {}
for name, args in scen.items():
    a = work / f"{name}-archive"; e = work / f"{name}-export"
    log[name + " scrape --quiet"] = run(["scrape", *args, "-o", str(a), "--quiet"])
    a2 = work / f"{name}-archive2"
    log[name + " scrape default"] = run(["scrape", *args, "-o", str(a2)])
    log[name + " scrape --json"] = run(["scrape", *args, "-o", str(work / f'{name}-a3'), "--json"])
    log[name + " export --quiet"] = run(["export", str(a), "--format", "all", "-o", str(e), "--quiet"])
    log[name + " export default"] = run(["export", str(a), "--format", "all", "-o", str(work / f'{name}-e2')])
    log[name + " export --json"] = run(["export", str(a), "--format", "all", "-o", str(work / f'{name}-e3'), "--json"])
    for st in ("csv", "json", "tistory-skin", "nginx", "apache", "netlify", "notice"):
        log[f"{name} render {st}"] = run(["redirects", "render", str(a), "--style", st, "-o", str(work / f'{name}-r'), "--home-url", "https://blog.naver.com/x"])
    tree(e, out / name / "export")
    tree(work / f"{name}-r", out / name / "render")
    (out / name / "dump.json").write_text(dump(a))
    rc, so, se = run(["report", str(a), "--json"])
    rep = json.loads(so)
    rep.pop("duration_seconds", None); rep.pop("estimated_seconds", None)
    (out / name / "report.json").write_text(json.dumps(rep, sort_keys=True, indent=1, ensure_ascii=False))
    log[name + " report"] = run(["report", str(a)])
    log[name + " dry-run"] = run(["scrape", *args, "--dry-run", "--json"])
# demo
log["demo"] = run(["demo", "--out", str(work / "demo")])
log["demo --quiet"] = run(["demo", "--out", str(work / "demoq"), "--quiet"])
tree(work / "demo" / "export", out / "demo" / "export")
(out / "demo" / "dump.json").write_text(dump(work / "demo" / "archive"))
for cmd in ([], ["scrape"], ["export"], ["report"], ["formats"], ["redirects"], ["redirects", "resolve"], ["redirects", "render"], ["demo"]):
    log["help " + " ".join(cmd)] = run([*cmd, "--help"])
log["formats"] = run(["formats"])
# some errors
log["err format"] = run(["export", str(work / "seodaemun-archive"), "--format", "bogus", "-o", str(work / "x")])
log["err style"] = run(["redirects", "render", str(work / "seodaemun-archive"), "--style", "bogus", "-o", str(work / "x")])
log["err naver-images"] = run(["export", str(work / "seodaemun-archive"), "--format", "naver", "--naver-images", "bogus", "-o", str(work / "x")])
log["err noarchive"] = run(["report", str(work / "nope")])
(work / "bad.toml").write_text('[naver]\nimages = "bogus"\n')
log["err cfg"] = run(["export", str(work / "seodaemun-archive"), "--format", "naver", "-o", str(work / "x"), "--config", str(work / "bad.toml")])
(out / "log.json").write_text(json.dumps(log, indent=1, ensure_ascii=False, sort_keys=True))
print("captured", len(log))
