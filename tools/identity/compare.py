"""python compare.py BEFORE AFTER : byte-compare every exported file, dumps, reports; masked CLI output (stdout/stderr without progress bars)."""
import json, re, sys, filecmp
from pathlib import Path
b, a = Path(sys.argv[1]), Path(sys.argv[2])
bad = 0
def files(root):
    return {p.relative_to(root) for p in root.rglob("*") if p.is_file() and p.name != "log.json"}
fb, fa = files(b), files(a)
for p in sorted(fb ^ fa):
    print("ONLY IN", "before" if p in fb else "after", p); bad += 1
for p in sorted(fb & fa):
    if (b / p).read_bytes() != (a / p).read_bytes():
        print("DIFFERS", p); bad += 1
lb, la = json.load(open(b / "log.json")), json.load(open(a / "log.json"))
def clean(s):
    s = re.sub(r"127\.0\.0\.1:\d+", "127.0.0.1:PORT", s)
    s = re.sub(r'"(duration_seconds|estimated_seconds)": [0-9.]+', r'"\1": D', s)
    lines = [l for l in s.splitlines() if "━" not in l and "elapsed" not in l]
    return "\n".join(lines)
for k in sorted(set(lb) | set(la)):
    if k not in lb or k not in la:
        print("LOG KEY", k); bad += 1; continue
    (rb, ob, eb), (ra, oa, ea) = lb[k], la[k]
    if rb != ra or clean(ob) != clean(oa) or clean(eb) != clean(ea):
        bad += 1
        print("LOG DIFFERS", k, rb, ra)
        import difflib
        for l in difflib.unified_diff(clean(ob + "\n--stderr--\n" + eb).splitlines(), clean(oa + "\n--stderr--\n" + ea).splitlines(), lineterm="", n=1):
            print("   ", l)
print("identity:", "OK" if not bad else f"{bad} differences")
sys.exit(1 if bad else 0)
