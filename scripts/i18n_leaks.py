"""Find English a person would read that no catalogue will ever see: text not wrapped in a gettext marker.

The completeness check (``scripts/i18n.py check``) only knows the messages that are marked. This scan
reads the Python source of ``core/``, ``cli/`` and ``functions/`` (its syntax tree, no import) and reports
every string literal with words in a place whose text reaches a person:

* what is printed: ``print(...)``, ``sys.stderr.write(...)`` / ``sys.stdout.write(...)``;
* what argparse shows: ``help=``, ``description=``, ``epilog=``, ``usage=`` of a parser, a sub-parser or an
  argument, ``ArgumentTypeError(...)``, ``parser.error(...)``;
* the message of an exception that is shown: any class derived from ``RensaError`` (the API, CLI and
  add-on show its message), and ``ValueError`` raised in a pydantic validator (the API names the field and
  shows the reason);
* a ``message`` class attribute of a ``RensaError`` subclass;
* the values of ``message``, ``detail``, ``suggestion``, ``note``, ``hint`` and ``title`` keys in a dict
  literal and of those keywords in a call;
* text between HTML tags and in ``title=``/``alt=``/``aria-label=`` attributes of a literal that holds
  HTML (the report);
* and, anywhere else, a literal that reads as an English sentence (four words or more, not a docstring,
  log line, SQL or a developer's exception), or an f-string with two words or more glued around its values
  — so a sentence stored in a table or returned by a helper is seen too.

A literal counts when, after its ``{placeholders}``, ``%s`` fields, HTML tags and machine words (codes
such as ``email.typo``, ``UPPER_CASE`` names, paths, URLs) are removed, a word of letters is left.
A marked message is a call (``_(...)``, ``N_(...)``, ``t._(...)``, ``t.n_(...)``), not a literal, so it
never counts; an f-string counts by its literal parts. Variables are followed one step: a name passed to
a sink is checked by the literals assigned to it in the same function.

What is not for people is listed in ``ALLOWED`` with its reason (file, a piece of the literal). Run:

    python scripts/i18n_leaks.py      # exits 1 naming every leak as file:line: text
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCANNED = ("core", "cli", "functions")
# The i18n layer itself and the database migrations are not product text.
SKIPPED = ("core/i18n/", "/migrations/")

# Whole files (or folders) whose text is for developers, operators or other programs, not for a customer.
ALLOWED_FILES: dict[str, str] = {
    "functions/settings.py": "the operator's reference of environment variables (README), English",
    "functions/admin.py": "the operator's command (grant credits, migrate): English for the operator",
    "core/data/": "generators of data tables, run by developers",
    "core/webhooks/": "answers to the newsletter tools' servers (programs), which log them in English",
    "functions/handlers/hooks.py": "answers to the newsletter tools' servers and the scheduler (programs)",
    "functions/webhooks/certs.py": "Amazon SNS certificate fetch errors: logged, the caller is SNS",
}

# (file, a piece of the literal) -> why a person never reads it, or why it stays as it is.
ALLOWED: dict[tuple[str, str], str] = {
    ("cli/main.py", "the output of `rensa --version`"): "a fallback path in the crash line, itself translated",
    ("core/status.py", "status column"): "where a sentence is shown: documentation of the table",
    ("core/status.py", "CLI summary"): "where a sentence is shown: documentation of the table",
    ("core/status.py", "did you mean gmail.com?"): "an example value for the documentation of the table",
    ("core/status.py", "The phone number is not valid."): "an example value for the documentation of the table",
    ("core/status.py", "anna@gmail.com"): "an example value for the documentation of the table",
    ("core/dedup/models.py", "review_threshold must not be above"): "DedupConfig's own check; `rensa dedupe` "
    "says it in its words (cli/dedupe.py) and the API takes no thresholds",
    ("cli/main.py", "arguments: {}"): "the crash report file, for the developer who gets the bug report",
    ("functions/routes.py", "app;dur="): "a Server-Timing header for benchmarks",
    ("functions/companies/http.py", "attempts"): "RegistryUnavailable's detail: logged; people read the "
    "companies catalogue's 'did not answer' sentence",
    ("functions/adapters/payments.py", "credit pack bought"): "the ledger's reason column: for support and the "
    "operator (the Usage tab words a line from its kind, functions/usage_words.py)",
    ("functions/adapters/payments.py", "refund of"): "the ledger's reason column: for support and the operator",
    ("functions/adapters/payments.py", "disputed payment of"): "the ledger's reason column: for support and the "
                                                               "operator (the sidebar says the line in words)",
    ("functions/adapters/payments.py", "dispute won"): "the ledger's reason column: for support and the operator",
    ("functions/adapters/payments.py", "ledger line"): "a meter error logged for the operator",
    ("core/fields/country.py", "the {}"): "english_name(): an English helper no product text uses",
    ("core/fields/phone.py", "ext."): "the extension in a phone number's written form (a value, not a sentence)",
    ("functions/companies/http.py", "answered"): "RegistryUnavailable's detail: logged for the operator",
    ("functions/handlers/_common.py", "is not JSON serializable"): "a TypeError of the JSON encoder: a bug, 500",
    ("functions/adapters/billing.py", "rows must be 0 or more"): "a caller's bug (ValueError), never shown",
    ("functions/adapters/billing.py", "cannot commit"): "a caller's bug (ValueError), never shown",
    ("functions/adapters/billing.py", "a grant is 1 to"): "the operator's grant command (admin, English)",
    ("functions/adapters/billing.py", "taking credits back needs a reason"): "the operator's grant command",
    ("core/models.py", "CleanConfig has no setting"): "a caller's bug: core.clean given a key CleanConfig lacks "
    "(a Python caller's typo); the API and the CLI build the config from their own checked options",
    ("core/models.py", " (did you mean {}?)"): "the hint inside CleanConfig's unknown-setting error (above)",
}

# Exceptions whose message a person reads besides RensaError's family (found in the source).
SHOWN_EXCEPTIONS = {"ArgumentTypeError", "ArgumentError"}
# Exceptions that report a bug or a misconfiguration to a developer or operator (logs, tracebacks).
DEVELOPER_EXCEPTIONS = {"ValueError", "TypeError", "RuntimeError", "KeyError", "AssertionError", "LookupError",
                        "NotImplementedError", "AttributeError", "IndexError", "OSError", "SystemExit"}
_ARGPARSE_KEYWORDS = {"help", "description", "epilog", "usage"}
_ARGPARSE_CALLS = {"add_argument", "add_parser", "ArgumentParser", "add_argument_group", "add_subparsers"}
_TEXT_KEYS = {"message", "detail", "suggestion", "note", "hint", "title"}
_MARKERS = {"_", "N_", "Nn_", "n_", "gettext", "ngettext", "t_", "tn_"}
_LOG_METHODS = {"debug", "info", "warning", "warn", "error", "exception", "critical", "log"}
_VALIDATORS = {"field_validator", "model_validator", "validator", "root_validator"}

# What is not a word for a person: format fields, HTML tags and entities, codes, names, paths, URLs.
_FIELDS = re.compile(r"\{[^{}]*\}|%\([A-Za-z_]+\)[-#0 +]*\d*(?:\.\d+)?[sdrfgx]|%[-#0 +]*\d*(?:\.\d+)?[sdrfgx%]")
_TAGS = re.compile(r"<[^<>]*>|&[a-z]+;|&#\d+;")
_MACHINE = re.compile(
    r"https?://\S+|(?<!\w)[/.~][\w./-]*|\b[\w-]+\.(?:csv|xlsx|json|html?|txt|yaml|py|gs|mo|po)\b|"
    r"\b[a-z0-9]+(?:[._][a-z0-9]+)+\b|\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b|--?[a-z][\w-]*|\b[A-Z0-9]{2,}\b"
)
_WORD = re.compile(r"[^\W\d_]{2,}")
# Names that read the same in every language (the product, the services it talks to).
_NAMES = {"Rensa", "rensa", "Google", "Sheets", "Excel", "Stripe", "Mailchimp", "Mandrill", "SendGrid", "Mailgun", "Postmark",
          "Brevo", "MailerLite", "Amazon", "SES", "SNS", "UTF", "Windows", "CSV", "JSON", "HTML", "API"}
_SQL = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|WITH|ON CONFLICT|PRAGMA)\b", re.I)
_HTML_TEXT = re.compile(r">([^<>]*)<|\b(?:title|alt|aria-label|placeholder)=\"([^\"]*)\"")
_SENTENCE_WORDS = 4
# In an f-string, words fused to a value are keys, not text: ``job:{}``, ``secrets.{}``, ``col{}``, ``{}_count``.
_KEYS = re.compile(r"[\w-]+[:.=]/*\{\}|\w+\{\}|\{\}_\w+")
# A sentence outside a sink: starts with a capital (or a field) and ends like a sentence; word lists and
# patterns in lower case are data, not prose.
_PROSE = re.compile(r"^\s*(?:\{[^{}]*\}|[A-Z\u00c5\u00c4\u00d6\u00d8\u00c6])[^\n]*\s[^\n]*[.!?:)]\s*$", re.S)


@dataclass(frozen=True)
class Leak:
    path: str
    line: int
    text: str
    where: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.where}: {self.text!r} is not marked for translation"


def words(text: str) -> list[str]:
    """The words a person would read in ``text`` (what is left once fields, tags and machine words go).

    >>> words("{file}: row {row} has {n} cells")
    ['row', 'has', 'cells']
    >>> words("request.invalid"), words("RENSA_STRIPE_SECRET_KEY"), words("/v1/openapi.yaml"), words(", ")
    ([], [], [], [])
    """
    text = _TAGS.sub(" ", _FIELDS.sub(" ", text))
    return [word for word in _WORD.findall(_MACHINE.sub(" ", text)) if word not in _NAMES]


def _literal_parts(node: ast.AST) -> str | None:
    """The literal text of a string constant or an f-string (its fixed parts), else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):  # its fixed parts, a field where a value goes
        return "".join(str(v.value) if isinstance(v, ast.Constant) else "{}" for v in node.values)
    return None


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return node.id if isinstance(node, ast.Name) else ""


class _Scan(ast.NodeVisitor):
    def __init__(self, path: str, tree: ast.Module, shown: set[str]) -> None:
        self.path = path
        self.shown = shown
        self.leaks: list[Leak] = []
        self.seen: set[int] = set()  # literal nodes already judged (by a sink, or excused)
        self.excused: set[int] = set()
        self.scopes: list[dict[str, list[ast.AST]]] = [self._assignments(tree.body)]
        self.validator_depth = 0
        self.html = False

    # --- helpers --------------------------------------------------------------------------------------
    @staticmethod
    def _assignments(body: Iterable[ast.stmt]) -> dict[str, list[ast.AST]]:
        found: dict[str, list[ast.AST]] = {}
        for stmt in body:
            for node in ast.walk(stmt):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node is not stmt:
                    continue
                if isinstance(node, ast.Assign):
                    for target in node.targets:
                        if isinstance(target, ast.Name):
                            found.setdefault(target.id, []).append(node.value)
                elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
                    found.setdefault(node.target.id, []).append(node.value)
        return found

    def _texts(self, node: ast.AST, depth: int = 0) -> Iterator[ast.AST]:
        """The literal nodes whose text ``node`` shows (through +, %, .format, conditionals and one name)."""
        if _literal_parts(node) is not None:
            yield node
        elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
            yield from self._texts(node.left, depth)
            if isinstance(node.op, ast.Add):
                yield from self._texts(node.right, depth)
        elif isinstance(node, ast.IfExp):
            yield from self._texts(node.body, depth)
            yield from self._texts(node.orelse, depth)
        elif isinstance(node, ast.BoolOp):
            for value in node.values:
                yield from self._texts(value, depth)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("format", "join"):
            yield from self._texts(node.func.value, depth)
            if node.func.attr == "join":  # ", ".join(["a sentence", ...])
                for arg in node.args:
                    if isinstance(arg, (ast.List, ast.Tuple)):
                        for item in arg.elts:
                            yield from self._texts(item, depth)
        elif isinstance(node, ast.Name) and depth == 0:
            for scope in reversed(self.scopes):
                if node.id in scope:
                    for assigned in scope[node.id]:
                        yield from self._texts(assigned, depth + 1)
                    break

    def _sink(self, node: ast.AST | None, where: str) -> None:
        if node is None:
            return
        for literal in self._texts(node):
            self.seen.add(id(literal))
            text = _literal_parts(literal) or ""
            if words(text) and id(literal) not in self.excused:
                self._report(literal, text, where)

    def _report(self, literal: ast.AST, text: str, where: str) -> None:
        if _SQL.match(text) or any(path == self.path and piece in text for path, piece in ALLOWED):
            return
        self.leaks.append(Leak(self.path, getattr(literal, "lineno", 0), text, where))

    def _excuse(self, node: ast.AST) -> None:
        for inner in ast.walk(node):
            if _literal_parts(inner) is not None:
                self.excused.add(id(inner))
                self.seen.add(id(inner))

    # --- scopes ---------------------------------------------------------------------------------------
    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self._docstring(node)
        if node.name == "__repr__":  # a developer's view of an object
            self._excuse(node)
        validator = any(_name(d.func if isinstance(d, ast.Call) else d) in _VALIDATORS for d in node.decorator_list)
        self.validator_depth += validator
        self.scopes.append(self._assignments(node.body))
        self.generic_visit(node)
        self.scopes.pop()
        self.validator_depth -= validator

    visit_FunctionDef = _function
    visit_AsyncFunctionDef = _function

    def _docstring(self, node: ast.AST) -> None:
        body = getattr(node, "body", None)
        if body and isinstance(body[0], ast.Expr) and _literal_parts(body[0].value) is not None:
            self._excuse(body[0].value)

    def visit_Module(self, node: ast.Module) -> None:
        self._docstring(node)
        self.generic_visit(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._docstring(node)
        if node.name in self.shown:
            for stmt in node.body:
                if isinstance(stmt, ast.Assign) and any(_name(t) == "message" for t in stmt.targets):
                    self._sink(stmt.value, f"{node.name}.message")
        self.generic_visit(node)

    # --- sinks ----------------------------------------------------------------------------------------
    def visit_Assert(self, node: ast.Assert) -> None:
        self._excuse(node)

    def visit_Expr(self, node: ast.Expr) -> None:
        if _literal_parts(node.value) is not None:  # a string as a statement (an attribute's docstring)
            self._excuse(node.value)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        name, dotted = _name(node.func), _dotted(node.func)
        receiver = _dotted(node.func.value) if isinstance(node.func, ast.Attribute) else ""
        if name in _MARKERS:  # a marked message: the catalogues have it
            self._excuse(node)
        elif name == "Field":  # pydantic's field documentation: the API's schema, for developers
            self._excuse(node)
        elif name in _LOG_METHODS and (receiver.split(".")[-1] in ("log", "logger", "logging", "_log", "LOG")
                                     or receiver.endswith("getLogger")):
            self._excuse(node)
        elif name in DEVELOPER_EXCEPTIONS and not self.validator_depth:
            self._excuse(node)
        elif name == "print":
            for arg in node.args:
                self._sink(arg, "print()")
        elif name == "write" and receiver in ("sys.stderr", "sys.stdout", "stderr", "stdout"):
            self._sink(node.args[0] if node.args else None, dotted + "()")
        elif name in self.shown or name in SHOWN_EXCEPTIONS or (name in DEVELOPER_EXCEPTIONS and self.validator_depth):
            first = node.args[1] if name == "ArgumentError" and len(node.args) > 1 else (node.args[0] if node.args else None)
            self._sink(first, f"{name}(...)")
        elif name == "error" and receiver.endswith(("parser", "self")):
            self._sink(node.args[0] if node.args else None, "parser.error()")
        if name in _ARGPARSE_CALLS:
            for keyword in node.keywords:
                if keyword.arg in _ARGPARSE_KEYWORDS:
                    self._sink(keyword.value, f"argparse {keyword.arg}=")
        for keyword in node.keywords:
            if keyword.arg in _TEXT_KEYS:
                self._sink(keyword.value, f"{keyword.arg}=")
        self.generic_visit(node)

    def visit_Dict(self, node: ast.Dict) -> None:
        for key, value in zip(node.keys, node.values):
            if isinstance(key, ast.Constant) and key.value in _TEXT_KEYS:
                self._sink(value, f"the {key.value!r} of a dict")
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        self._loose(node)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        self._loose(node)
        for part in node.values:  # judged as a whole above; only the expressions in its fields are visited
            if isinstance(part, ast.FormattedValue):
                self.visit(part)

    def _loose(self, node: ast.AST) -> None:
        """A literal in no sink: HTML text, or an English sentence stored or returned somewhere."""
        if id(node) in self.seen:
            return
        text = _literal_parts(node)
        if text is None:
            return
        if "<" in text and ">" in text:
            for match in _HTML_TEXT.finditer(text):
                inner = match.group(1) if match.group(1) is not None else match.group(2)
                if words(inner):
                    self._report(node, text, "HTML text")
                    return
        if _PROSE.match(text) and len(words(text)) >= _SENTENCE_WORDS and not _SQL.match(text):
            self._report(node, text, "an English sentence")
        elif isinstance(node, ast.JoinedStr) and words(_KEYS.sub(" ", text)):  # words glued around values
            self._report(node, text, "English words in an f-string")


def shown_exceptions(trees: dict[str, ast.Module]) -> set[str]:
    """Every class derived (in these files) from ``RensaError``: their messages are shown."""
    bases: dict[str, set[str]] = {}
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                bases.setdefault(node.name, set()).update(_name(b) for b in node.bases)
    shown = {"RensaError"}
    changed = True
    while changed:
        changed = False
        for name, parents in bases.items():
            if name not in shown and parents & shown:
                shown.add(name)
                changed = True
    return shown


def source_files(root: Path = ROOT) -> list[str]:
    files = []
    for folder in SCANNED:
        for path in sorted((root / folder).rglob("*.py")):
            rel = path.relative_to(root).as_posix()
            if not any(skip in rel for skip in SKIPPED) and not any(rel.startswith(f) for f in ALLOWED_FILES):
                files.append(rel)
    return files


def scan(root: Path = ROOT, files: Iterable[str] | None = None) -> list[Leak]:
    """Every unmarked text for people in ``files`` (default: core/, cli/, functions/ under ``root``)."""
    trees = {rel: ast.parse((root / rel).read_text(encoding="utf-8"), rel)
             for rel in (files if files is not None else source_files(root))}
    shown = shown_exceptions(trees)
    leaks: list[Leak] = []
    for rel, tree in trees.items():
        scanner = _Scan(rel, tree, shown)
        scanner.visit(tree)
        leaks += scanner.leaks
    unique = {(leak.path, leak.line, leak.text): leak for leak in reversed(leaks)}  # a sink's name wins
    return sorted(unique.values(), key=lambda leak: (leak.path, leak.line, leak.text))


def main() -> int:
    leaks = scan()
    for leak in leaks:
        print(leak, file=sys.stderr)
    print(f"{len(leaks)} unmarked text(s) for people" if leaks else "no unmarked text for people")
    return 1 if leaks else 0


if __name__ == "__main__":
    sys.exit(main())
