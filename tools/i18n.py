"""The message catalogs: extract, update, compile, check, and a pseudo-translation for tests.

    python tools/i18n.py extract     # src -> src/tistory_migrate/locale/tistory_migrate.pot
    python tools/i18n.py update      # .pot -> every locale/<lang>/LC_MESSAGES/tistory_migrate.po
    python tools/i18n.py compile     # .po -> .mo (commit all three: the editable install has no build step)
    python tools/i18n.py check       # every message translated, not fuzzy, same {placeholders}
    python tools/i18n.py pseudo DIR  # DIR/ko/LC_MESSAGES/tistory_migrate.mo: every msgstr is ⟦msgid⟧

After changing messages: extract, update, translate the new entries in the .po (remove the
``#, fuzzy`` line of each entry you checked), compile, check, commit.

The template is stable: locations name the file only (moving code does not change it), the
header has no year, and when only the creation date would change the file is left as it is.
Uses Babel (the ``test`` extra).
"""

from __future__ import annotations

import argparse
import io
import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "tistory_migrate"
LOCALE = PACKAGE / "locale"
DOMAIN = "tistory_migrate"
POT = LOCALE / f"{DOMAIN}.pot"
MAPPING = ROOT / "babel.cfg"
KEYWORDS = ("_", "N_", "ngettext:1,2", "msg", "msg_n:1,2", "help_text")
HEADER_COMMENT = ("# Messages of tistory-migrate, the command line that moves a Tistory blog to Naver Blog.\n"
                  "# This file is distributed under the same license as the tistory-migrate project.\n"
                  "#")
# Header lines that change on every run or with the Babel version, not with the messages.
VOLATILE = re.compile(r'^"(POT-Creation-Date|Generated-By): .*\\n"$', re.M)
PSEUDO_OPEN, PSEUDO_CLOSE = "⟦", "⟧"


def _babel(*args: str) -> None:
    from babel.messages.frontend import CommandLineInterface

    CommandLineInterface().run(["pybabel", "-q", *args])


def stable_text(pot_text: str) -> str:
    """The template without the lines that change on every run (what tests compare)."""
    return VOLATILE.sub("", pot_text)


def extract(output: Path = POT) -> bool:
    """Write the template to ``output``; True if its messages changed. An unchanged template is
    left untouched (its creation date too)."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "fresh.pot"
        args = ["extract", "-F", str(MAPPING), "--no-default-keywords", "--add-location=file", "--sort-by-file",
                "--add-comments=TRANSLATORS:", "--project=tistory-migrate", "--copyright-holder=tistory-migrate",
                "--msgid-bugs-address=https://github.com/tistory-migrate/tistory-migrate/issues",
                f"--header-comment={HEADER_COMMENT}", "-o", str(fresh)]
        for keyword in KEYWORDS:
            args += ["-k", keyword]
        cwd = os.getcwd()
        os.chdir(ROOT)  # locations relative to the project root, whoever runs it from where
        try:
            _babel(*args, ".")
        finally:
            os.chdir(cwd)
        new = fresh.read_text(encoding="utf-8")
    old = output.read_text(encoding="utf-8") if output.is_file() else None
    if old is not None and stable_text(old) == stable_text(new):
        return False
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(new, encoding="utf-8")
    return True


def languages() -> list[str]:
    return sorted(p.name for p in LOCALE.iterdir() if (p / "LC_MESSAGES" / f"{DOMAIN}.po").is_file())


def update(new_language: str | None = None) -> None:
    """Merge the template into every catalog (``new_language``: start one for it first)."""
    if new_language and new_language not in languages():
        _babel("init", "-i", str(POT), "-d", str(LOCALE), "-D", DOMAIN, "-l", new_language)
    for lang in languages():
        _babel("update", "-i", str(POT), "-d", str(LOCALE), "-D", DOMAIN, "-l", lang, "--ignore-obsolete",
               "--previous", "--ignore-pot-creation-date")


def compile_catalogs() -> None:
    for lang in languages():
        _babel("compile", "-d", str(LOCALE), "-D", DOMAIN, "-l", lang, "--statistics")


_PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)[^{}]*\}")


def placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


# One word per idea, the helper page's words (issue 12): an English idea in a msgid (a regular
# expression, any case) -> the Korean word its translation must use (a regular expression, for
# the verbs' forms), and words it must not use for it.
GLOSSARY_KO: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (r"\bpublish(es|ed|ing)?\b", "게시", ("발행", "퍼블리시")),
    (r"\b(image|picture|photo)s?\b", "사진", ("이미지", "그림")),
    (r"\boriginals?\b", "원문", ("원본", "오리지널")),
    (r"\bprotected\b", "보호글", ("비밀글", "보호된")),
    (r"\bprivate\b", "비공개", ("개인", "프라이빗")),
    (r"\bexport(s|ed|ing)?\b", "내보[내냅낸낼]", ("익스포트", "추출")),
    (r"\bscrap(e|es|ed|ing)\b", "가져[오옵온올와왔]", ("스크랩", "수집")),
    (r"\barchives?\b", "보관 폴더", ("아카이브", "보관함", "저장소")),
    (r"\bsettings file\b", "설정 파일", ("구성 파일", "환경설정 파일", "설정파일")),
    (r"\b[Rr]un the same command again\b", "같은 명령을 다시 실행하세요", ("다시 실행해 주세요",)),
)
GLOSSARIES = {"ko": GLOSSARY_KO}
_NOT_PROSE = re.compile(r"^Example:.*$|`[^`]*`|tistory-migrate( [a-z-]+)*|-{1,2}[A-Za-z][\w-]*( [A-Za-z]+\b)?"
                        r"|\S*[/.=<>]\S*", re.M)


def glossary_problems(lang: str, msgid: str, msgstr: str) -> list[str]:
    """The glossary's words a translation misses or replaces (commands, options, paths and
    examples in the msgid are not prose and do not count)."""
    prose = _NOT_PROSE.sub(" ", msgid)
    problems = []
    for english, word, wrong in GLOSSARIES.get(lang, ()):
        if not re.search(english, prose, re.I):
            continue
        if not re.search(word, msgstr):
            problems.append(f"{lang}: glossary: {english!r} should be {word!r}: {msgid!r} -> {msgstr!r}")
        for w in wrong:
            if w in msgstr:
                problems.append(f"{lang}: glossary: {w!r} where the glossary says {word!r}: {msgstr!r}")
    return problems


def check() -> list[str]:
    """Problems in the catalogs: an entry untranslated or fuzzy, a translation whose
    ``{placeholders}`` differ from its msgid's, a glossary word missed, a template entry the
    catalog lacks."""
    from babel.messages.pofile import read_po

    problems: list[str] = []
    with POT.open("rb") as fh:
        template = read_po(fh)
    for lang in languages():
        po = LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        for message in template:
            if message.id and message.id not in catalog:
                problems.append(f"{lang}: not in the catalog (run update): {message.id!r}")
        for message in catalog:
            if not message.id:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strs = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.fuzzy:
                problems.append(f"{lang}: fuzzy: {ids[0]!r}")
            if not all(strs):
                problems.append(f"{lang}: untranslated: {ids[0]!r}")
                continue
            wanted = placeholders(ids[0])
            for s in strs:
                if placeholders(s) != wanted:
                    problems.append(f"{lang}: placeholders differ: {ids[0]!r} -> {s!r}")
                problems.extend(glossary_problems(lang, ids[-1] if len(ids) > 1 else ids[0], s))
    return problems


def pseudo(out_dir: Path, lang: str = "ko", template: Path = POT) -> Path:
    """A catalog for ``lang`` in ``out_dir`` where every msgstr is ⟦msgid⟧ (placeholders kept),
    so a test pointing ``TM_LOCALE_DIR`` at ``out_dir`` sees every translated line wrapped."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with template.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            forms = catalog.num_plurals
            message.string = tuple(PSEUDO_OPEN + message.id[min(i, 1)] + PSEUDO_CLOSE for i in range(forms))
        else:
            message.string = PSEUDO_OPEN + message.id + PSEUDO_CLOSE
        message.flags.discard("fuzzy")
    target = out_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    target.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    target.write_bytes(buf.getvalue())
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tools/i18n.py", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("extract", help="write the .pot from the sources")
    p.add_argument("--output", type=Path, default=POT)
    p = sub.add_parser("update", help="merge the .pot into each .po")
    p.add_argument("--new", metavar="LANG", help="start a catalog for LANG first")
    sub.add_parser("compile", help="compile each .po to its .mo")
    sub.add_parser("check", help="report untranslated, fuzzy or mismatched entries")
    p = sub.add_parser("pseudo", help="write a ⟦pseudo⟧ catalog into DIR")
    p.add_argument("dir", type=Path)
    p.add_argument("--lang", default="ko")
    args = parser.parse_args(argv)
    if args.command == "extract":
        changed = extract(args.output)
        print(f"{args.output}: {'updated' if changed else 'unchanged'}")
    elif args.command == "update":
        update(args.new)
    elif args.command == "compile":
        compile_catalogs()
    elif args.command == "check":
        problems = check()
        for line in problems:
            print(line)
        print(f"{len(problems)} problem(s)")
        return 1 if problems else 0
    elif args.command == "pseudo":
        print(pseudo(args.dir, args.lang))
    return 0


if __name__ == "__main__":
    sys.exit(main())
