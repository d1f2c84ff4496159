"""Rensa's message catalogues: extract, update, compile and check them (Babel's own machinery).

    python scripts/i18n.py extract    # source -> core/i18n/locale/templates/<domain>.pot
    python scripts/i18n.py update     # .pot -> every <lang>/LC_MESSAGES/<domain>.po (new entries empty)
    python scripts/i18n.py compile    # .po -> .mo (built by `make setup`, not committed)
    python scripts/i18n.py check      # exits 1 naming every stale .pot, missing or untranslated entry
    python scripts/i18n.py addon      # addon/I18n.gs: the add-on's strings from the same catalogues

`make i18n` runs extract, update, compile and addon. Each source file belongs to exactly one domain
(``DOMAIN_SOURCES``, first match wins); a file that marks messages but belongs to no domain is an error.
The files are written without line numbers or dates so that two people adding messages in different
areas never touch the same lines. See docs/i18n.md.
"""

from __future__ import annotations

import datetime
import fnmatch
import io
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.i18n import DOMAINS, LANGUAGES, LOCALE_DIR, placeholders  # noqa: E402 (after the path above)

TEMPLATES = LOCALE_DIR / "templates"
ADDON_OUT = ROOT / "addon" / "I18n.gs"
TRANSLATED = tuple(lang for lang in LANGUAGES if lang != "en")
# A fixed date in the headers: a date that changes on every run would make every branch conflict.
_FIXED = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)

# Which files feed which domain (glob patterns relative to the repository, first match wins).
DOMAIN_SOURCES: dict[str, tuple[str, ...]] = {
    "status": ("core/status.py",),
    "roles": ("core/roles.py",),
    "dedup": ("core/dedup/*.py", "cli/dedupe.py"),
    "report": ("cli/report.py", "core/quality.py"),
    "fields": ("core/fields/*.py", "core/errors.py", "core/clean.py", "core/models.py"),
    "argparse": ("cli/argparse_words.py",),  # Python's argparse's own words (usage:, options, its errors)
    "cli": ("cli/*.py",),
    "billing": ("functions/adapters/billing.py", "functions/billing*.py", "functions/billing/*.py",
                "functions/handlers/billing*.py", "core/billing*.py"),
    "suppression": ("core/suppression*.py", "functions/*suppression*.py", "functions/handlers/suppression*.py",
                    "core/consent*.py", "core/contact/*.py", "functions/suppression/*.py"),
    "companies": ("core/companies*.py", "core/companies/*.py", "functions/adapters/compan*.py",
                  "functions/handlers/compan*.py", "functions/companies/*.py"),
    "upkeep": ("core/upkeep*.py", "functions/*upkeep*.py", "functions/handlers/upkeep*.py", "functions/upkeep/*.py",
               "core/domains.py", "functions/domains.py"),
    "api": ("functions/*.py", "functions/*/*.py", "core/webhooks/__init__.py"),
    "addon": ("addon/*.gs", "addon/*.html"),
}
assert set(DOMAIN_SOURCES) == set(DOMAINS), "core.i18n.DOMAINS and DOMAIN_SOURCES must name the same domains"

PY_KEYWORDS = {"_": None, "N_": None, "gettext": None, "n_": (1, 2), "ngettext": (1, 2), "Nn_": (1, 2)}
JS_KEYWORDS = {"t_": None, "tn_": (1, 2)}
# Files that hold message markers but are not product text (the i18n layer itself and its tools).
_NOT_SOURCES = ("core/i18n/*.py", "scripts/*.py", "addon/I18n.gs")
_SCANNED = ("core/**/*.py", "cli/**/*.py", "functions/**/*.py", "addon/*.gs", "addon/*.html")


def domain_of(path: str) -> str | None:
    for domain, patterns in DOMAIN_SOURCES.items():
        if any(fnmatch.fnmatch(path, pattern) for pattern in patterns):
            return domain
    return None


def _source_files() -> Iterator[str]:
    seen = set()
    for pattern in _SCANNED:
        for path in sorted(ROOT.glob(pattern)):
            rel = path.relative_to(ROOT).as_posix()
            if rel in seen or "/migrations/" in rel or any(fnmatch.fnmatch(rel, p) for p in _NOT_SOURCES):
                continue
            seen.add(rel)
            yield rel


# The add-on's markers in .gs and in HTML templates (scriptlets ``<?= t_('Clean') ?>`` and <script> code):
# Babel's JavaScript lexer stops at an apostrophe in HTML text, so these are read with a pattern of their own.
_JS_STRING = r"""(?:'((?:\\.|[^'\\])*)'|"((?:\\.|[^"\\])*)")"""
_JS_CALL = re.compile(r"\b(tn?_|N_)\(\s*" + _JS_STRING + r"(?:\s*,\s*" + _JS_STRING + r")?")


def _js_text(single: str | None, double: str | None) -> str:
    text = single if single is not None else double or ""
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)


def _extract_addon(rel: str) -> list[tuple[int, str | tuple[str, ...], list[str]]]:
    source = (ROOT / rel).read_text(encoding="utf-8")
    found = []
    for match in _JS_CALL.finditer(source):
        line = source.count("\n", 0, match.start()) + 1
        first = _js_text(match.group(2), match.group(3))
        if match.group(1) == "tn_" and (match.group(4) is not None or match.group(5) is not None):
            found.append((line, (first, _js_text(match.group(4), match.group(5))), []))
        elif match.group(1) in ("t_", "N_"):  # N_: marked only, translated where it is shown
            found.append((line, first, []))
    return found


def _extract_file(rel: str) -> list[tuple[int, str | tuple[str, ...], list[str]]]:
    if rel.startswith("addon/"):
        return _extract_addon(rel)
    method = "python"
    keywords = PY_KEYWORDS
    with (ROOT / rel).open("rb") as handle:
        return [(line, message, comments) for line, message, comments, _context in
                extract(method, handle, keywords=keywords, comment_tags=("i18n:",), strip_comment_tags=True)]


_HIDDEN_MARKER = re.compile(r"(?<![\w.])(?:\w+\.)?(?:_|n_|N_|gettext|ngettext)\(\s*[\"']")


def _hidden_markers(rel: str) -> list[str]:
    """Markers inside an f-string: Babel cannot see them, so the message would never reach a catalogue."""
    import tokenize

    problems = []
    with (ROOT / rel).open("rb") as handle:
        try:
            for token in tokenize.tokenize(handle.readline):
                if token.type == tokenize.STRING and re.match(r"(?i)[rb]*f", token.string) and \
                        _HIDDEN_MARKER.search(token.string):
                    problems.append(f"{rel}:{token.start[0]}: a message marked inside an f-string cannot be "
                                    "extracted: translate it outside the f-string")
        except (tokenize.TokenError, SyntaxError):
            pass
    return problems


def extract_all() -> tuple[dict[str, Catalog], list[str]]:
    """A template catalogue per domain from the source, and the problems found (unassigned files)."""
    templates = {domain: Catalog(domain=domain, project="Rensa", version="1", creation_date=_FIXED,
                                 revision_date=_FIXED, msgid_bugs_address="", copyright_holder="Rensa",
                                 fuzzy=False) for domain in DOMAINS}
    problems = []
    for rel in _source_files():
        if rel.endswith(".py"):
            problems += _hidden_markers(rel)
        found = _extract_file(rel)
        if not found:
            continue
        domain = domain_of(rel)
        if domain is None:
            problems.append(f"{rel}: marks messages but belongs to no domain (add it to DOMAIN_SOURCES)")
            continue
        for _line, message, comments in found:
            if isinstance(message, tuple) and not all(message):
                continue
            templates[domain].add(message, locations=[(rel, None)], auto_comments=comments)
    return templates, problems


def _write(catalog: Catalog, path: Path, *, template: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, include_lineno=False, sort_by_file=True, ignore_obsolete=True,
             omit_header=False, include_previous=False)
    text = buffer.getvalue()
    if not path.exists() or path.read_bytes() != text:
        path.write_bytes(text)


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale, domain=path.stem)


def cmd_extract() -> int:
    templates, problems = extract_all()
    for domain, catalog in templates.items():
        _write(catalog, TEMPLATES / f"{domain}.pot", template=True)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


def cmd_update() -> int:
    for domain in DOMAINS:
        template = _read(TEMPLATES / f"{domain}.pot")
        for lang in TRANSLATED:
            path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"
            if path.exists():
                catalog = _read(path, lang)
            else:
                catalog = Catalog(locale=lang, domain=domain, project="Rensa", version="1", creation_date=_FIXED,
                                  revision_date=_FIXED, copyright_holder="Rensa", fuzzy=False)
            catalog.update(template, update_header_comment=False)
            catalog.revision_date = _FIXED
            catalog.creation_date = _FIXED
            catalog.fuzzy = False
            _write(catalog, path)
    return 0


def cmd_compile() -> int:
    for lang in TRANSLATED:
        for domain in DOMAINS:
            po = LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"
            if not po.exists():
                continue
            buffer = io.BytesIO()
            write_mo(buffer, _read(po, lang))
            mo = po.with_suffix(".mo")
            if not mo.exists() or mo.read_bytes() != buffer.getvalue():
                mo.write_bytes(buffer.getvalue())
    return 0


def _key(message) -> str | tuple:
    return message.id


def check() -> list[str]:
    """Every reason the catalogues are not complete and current; empty when they are."""
    templates, problems = extract_all()
    for domain, fresh in templates.items():
        pot = TEMPLATES / f"{domain}.pot"
        if not pot.exists():
            problems.append(f"{pot.relative_to(ROOT)}: missing; run `make i18n`")
            continue
        stored = {_key(m) for m in _read(pot) if m.id}
        wanted = {_key(m) for m in fresh if m.id}
        for message in sorted(map(str, wanted - stored)):
            problems.append(f"{domain}.pot is out of date with the code: {message!r} is not in it; run `make i18n`")
        for message in sorted(map(str, stored - wanted)):
            problems.append(f"{domain}.pot is out of date with the code: {message!r} is no longer used; "
                            "run `make i18n`")
        for lang in TRANSLATED:
            problems += _check_po(domain, lang, fresh)
    if ADDON_OUT.exists() and ADDON_OUT.read_text(encoding="utf-8") != addon_source():
        problems.append("addon/I18n.gs is out of date with the catalogues; run `make i18n`")
    return problems


def _check_po(domain: str, lang: str, template: Catalog) -> list[str]:
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"
    where = path.relative_to(ROOT)
    if not path.exists():
        return [f"{where}: missing; run `make i18n` and translate it"] if len(template) else []
    catalog = _read(path, lang)
    problems = []
    for wanted in template:
        if not wanted.id:
            continue
        found = catalog.get(wanted.id)
        label = wanted.id if isinstance(wanted.id, str) else wanted.id[0]
        if found is None:
            problems.append(f"{where}: no entry for {label!r}; run `make i18n`")
            continue
        strings = found.string if isinstance(found.string, tuple) else (found.string,)
        if found.fuzzy:
            problems.append(f"{where}: {label!r} is marked fuzzy: check the translation and remove the flag")
        if not all(strings):
            problems.append(f"{where}: {label!r} is not translated")
            continue
        if isinstance(wanted.id, tuple) and len(strings) != catalog.num_plurals:
            problems.append(f"{where}: {label!r} needs {catalog.num_plurals} plural forms")
        expected = set().union(*(placeholders(i) for i in (wanted.id if isinstance(wanted.id, tuple) else (wanted.id,))))
        for string in strings:
            if placeholders(string) - expected:
                problems.append(f"{where}: {label!r}: the translation has placeholders the message does not fill: "
                                f"{sorted(placeholders(string) - expected)}")
            singular_only = isinstance(wanted.id, tuple) and expected - placeholders(string) <= {"n"}
            if expected - placeholders(string) and not singular_only:
                problems.append(f"{where}: {label!r}: the translation drops {sorted(expected - placeholders(string))}")
            try:
                string.format_map({name: "x" for name in expected})
            except (KeyError, ValueError, IndexError) as err:
                problems.append(f"{where}: {label!r}: the translation is not a valid format string ({err})")
    return problems


def addon_messages() -> dict[str, dict[str, str | list[str]]]:
    """The add-on's messages per language: {lang: {msgid: translation or [plural forms]}}."""
    template = _read(TEMPLATES / "addon.pot")
    out: dict[str, dict] = {}
    for lang in TRANSLATED:
        path = LOCALE_DIR / lang / "LC_MESSAGES" / "addon.po"
        catalog = _read(path, lang) if path.exists() else Catalog(locale=lang)
        table = {}
        for wanted in template:
            if not wanted.id:
                continue
            found = catalog.get(wanted.id)
            if found is None or found.fuzzy or not found.string or not all(found.string):
                continue
            key = wanted.id if isinstance(wanted.id, str) else wanted.id[0]
            table[key] = list(found.string) if isinstance(found.string, tuple) else found.string
        out[lang] = table
    return out


_PLURAL_RULES = {"en": "n == 1 ? 0 : 1", "sv": "n == 1 ? 0 : 1", "nb": "n == 1 ? 0 : 1",
                 "da": "n == 1 ? 0 : 1", "fi": "n == 1 ? 0 : 1"}


# The currencies the add-on shows (packs and purchases are priced in them).
_ADDON_CURRENCIES = ("SEK", "NOK", "DKK", "EUR")


def addon_formats() -> dict[str, dict]:
    """Babel's (CLDR's) number, money, date and list conventions per language, for the add-on's formatters
    (addon/Language.gs formatNumber/formatMoney/formatDate/formatList): the same signs the CLI and the report
    print. English dates are ISO, as core.i18n writes them."""
    from babel import Locale
    from babel.dates import get_month_names
    from babel.numbers import get_currency_symbol

    out: dict[str, dict] = {}
    for lang in LANGUAGES:
        locale = Locale.parse(lang)
        money = locale.currency_formats["standard"].pattern.split(";")[0]
        money = re.sub(r"[#0,.]+", "{amount}", money).replace("¤", "{symbol}").replace("\xa0", "\u00a0")
        lists = locale.list_patterns["standard"]
        english = lang == "en"
        out[lang] = {
            "group": locale.number_symbols["latn"]["group"],
            "decimal": locale.number_symbols["latn"]["decimal"],
            "money": money,
            "currencies": {code: get_currency_symbol(code, locale=locale) for code in _ADDON_CURRENCIES},
            "months": [str(name) for _n, name in sorted(get_month_names("abbreviated", locale=locale).items())],
            "date": "y-MM-dd" if english else locale.date_formats["medium"].pattern,
            "time": "HH:mm" if english else locale.time_formats["short"].pattern,
            "dateTime": "{date} {time}" if english else
            locale.datetime_formats["medium"].replace("{1}", "{date}").replace("{0}", "{time}"),
            "listMiddle": lists["middle"].replace("{0}", "").replace("{1}", ""),
            "listEnd": lists["end"],
            "listTwo": lists["2"],  # two items have their own pattern (en "2 and 4", not "2, and 4")
        }
    return out


def addon_source() -> str:
    """The text of addon/I18n.gs, generated from the addon domain's catalogues and Babel's locale data."""
    data = json.dumps(addon_messages(), ensure_ascii=False, indent=1, sort_keys=True)
    formats = json.dumps(addon_formats(), ensure_ascii=False, indent=1, sort_keys=True)
    return (
        "/**\n * I18n.gs: GENERATED by `make i18n` (scripts/i18n.py addon) from the addon.po catalogue of each\n"
        " * language in core/i18n/locale, and Babel's number, money, date and list formats per language.\n"
        " * Do not edit: mark a message in the add-on, run `make i18n`, translate the .po files (docs/i18n.md).\n"
        " */\n"
        f"const I18N_MESSAGES = {data};\n"
        f"const I18N_FORMATS = {formats};\n"
    )


def cmd_addon() -> int:
    text = addon_source()
    if not ADDON_OUT.exists() or ADDON_OUT.read_text(encoding="utf-8") != text:
        ADDON_OUT.write_text(text, encoding="utf-8")
    return 0


def cmd_check() -> int:
    problems = check()
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{len(problems)} problem(s)" if problems else "catalogues complete and current")
    return 1 if problems else 0


COMMANDS = {"extract": cmd_extract, "update": cmd_update, "compile": cmd_compile, "check": cmd_check,
            "addon": cmd_addon}

if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in COMMANDS:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(COMMANDS[sys.argv[1]]())
