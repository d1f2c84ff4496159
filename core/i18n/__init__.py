"""Rensa's languages: gettext catalogues (managed with Babel) and per-locale numbers, percentages and dates.

Pure like the rest of core: the language is passed in (as ``today`` is), nothing reads the environment.
A ``Translator`` is one language; ``translator("sv")`` gives it (cached). English is the source text, so
``en`` needs no catalogue. Messages are written once, in English, and marked for extraction:

* ``t._("{n} cells were cleaned.", n=3)`` translates now and fills the placeholders;
* ``t.n_("{n} row", "{n} rows", n)`` picks the plural form of the language (``1 rad`` / ``2 rader``);
* ``N_("The domain looks misspelled: did you mean {domain}?")`` only marks a message that is stored
  now (an issue template, a table entry) and translated later with ``t._(template, **params)``.

Placeholders are ``str.format`` names. Their values are shown in the language too, chosen by kind:
``int`` as a count with the locale's digit grouping (``1 234`` sv/nb/fi with a no-break space, ``1.234``
da) unless the name says it is a row number (``row``, ``rows``, ``*_row``, ``line``: shown as the sheet or file shows it);
``float`` as a decimal (``94,4``); a name ``country`` or ``*_country`` holding an ISO code as the
country's name (``NO`` -> ``Norge``); ``datetime.date`` (or a name ``date``/``*_date`` holding an ISO
date) as the locale's date; a name ``time``/``*_time`` holding ``HH:MM`` as the locale's clock (``14.05`` da,
``14.05`` fi, ``14:05`` sv/nb and en); a list or tuple joined the locale's way (``a, b och c``; a name ``countries``
or ``*_countries`` holding ISO codes as names joined with "or"; ``choices``/``*_choices`` joined with "or"); a name ``*_label`` holding an English
message marked with ``N_`` as that message translated (``id_label=N_("a Danish CPR number")``).

The catalogues are split by area (one gettext domain per area, ``DOMAINS``) so that work on different
areas edits different ``.po`` files; at run time a language's domains are merged into one catalogue.
``scripts/i18n.py`` extracts, updates, compiles and checks them (see docs/i18n.md).

>>> sv = translator("sv")
>>> sv.number(1234567), translator("da").number(1234), sv.percent(94.44)
('1\\xa0234\\xa0567', '1.234', '94,4\\xa0%')
>>> language_of("nn_NO.UTF-8"), language_of("fi-FI"), language_of("de"), language_of("C")
('nb', 'fi', None, None)
>>> negotiate("de-DE,de;q=0.9,nb;q=0.8,en;q=0.5")
'nb'
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from babel import Locale
from babel.dates import format_date, format_time
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal, format_percent
from babel.support import NullTranslations, Translations
from pydantic import ValidatorFunctionWrapHandler, WrapValidator

#: The list styles Babel knows (format_list): "standard" is "a, b and c", "or" is "a, b or c".
ListStyle = Literal["standard", "standard-short", "or", "or-short", "unit", "unit-short", "unit-narrow"]

# The languages Rensa speaks; the first is the source language of every message.
LANGUAGES: tuple[str, ...] = ("en", "sv", "nb", "da", "fi")
DEFAULT = "en"
# Language tags Rensa maps onto one it speaks (Norwegian: "no" and Nynorsk fall back to Bokmål).
_ALIASES = {"no": "nb", "nn": "nb", "nob": "nb", "nno": "nb", "swe": "sv", "dan": "da", "fin": "fi", "eng": "en"}

# One gettext domain per area of the product; each has its own .pot and one .po per language.
# The source files of a domain are listed in scripts/i18n.py (DOMAIN_SOURCES).
DOMAINS: tuple[str, ...] = (
    "fields", "status", "roles", "dedup", "report", "cli", "api", "addon",
    "billing", "suppression", "companies", "upkeep", "argparse",
)

LOCALE_DIR = Path(__file__).with_name("locale")

# Placeholder values that are row numbers: shown as the sheet shows them (no digit grouping).
_ROW_NAMES = re.compile(r"(^|_)(rows?|lines?)$")
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?:![rsa])?(?::[^{}]*)?\}")


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it now (it is translated where it is shown)."""
    return message


class Phrase(str):
    """A marked message with its placeholders filled: its English text, which says itself in any language.

    For text made where the language is not known and stored where a plain string goes, as the label of
    a duplicate's evidence that names a user's column (``Phrase(N_("same {column}"), column="Kundnr")``).
    It *is* its English text (compares, hashes and serialises as ``"same Kundnr"``, so JSON and the API
    stay as they were); ``Translator.gettext`` and ``text(language)`` give it in a language with the values
    as they were (a header stays the header; a value that is itself a ``Phrase`` is translated too).

    >>> label = Phrase(N_("same {column}"), column="Kundnr")
    >>> label == "same Kundnr", translator("sv").gettext(label), label.text("fi")
    (True, 'samma Kundnr', 'sama Kundnr')
    """

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, /, **params: Any) -> Phrase:
        phrase = super().__new__(cls, template.format_map(params) if params else template)
        phrase.template, phrase.params = template, params
        return phrase

    def __reduce__(self) -> tuple:  # copy and pickle by template and values (the text may hold braces)
        return _phrase, (self.template, self.params)

    def text(self, language: str | None) -> str:
        return translator(language).gettext(self)


def _phrase(template: str, params: dict[str, Any]) -> Phrase:
    return Phrase(template, **params)


def _keep_phrase(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    return value if isinstance(value, Phrase) else handler(value)


#: A ``str`` field of a pydantic model that keeps a ``Phrase`` as it is (pydantic would make it a plain
#: ``str`` and lose its translation): ``reasons: list[PhraseText]``.
PhraseText = Annotated[str, WrapValidator(_keep_phrase)]


def Nn_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802 (gettext's marker style, like N_)
    """Mark a singular/plural pair for extraction without translating it now: ``t.n_(*pair, n)`` later."""
    return singular, plural


def language_of(tag: str | None) -> str | None:
    """The language Rensa speaks for a locale or language tag (``sv_SE.UTF-8``, ``nb-NO``, ``no``), or None."""
    if not tag:
        return None
    base = re.split(r"[-_.@;]", tag.strip().lower(), maxsplit=1)[0]
    base = _ALIASES.get(base, base)
    return base if base in LANGUAGES else None


def accept_language(header: str | None) -> list[str]:
    """The tags of an HTTP ``Accept-Language`` header, most wanted first (``q=0`` dropped)."""
    weighted = []
    for position, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        match = re.search(r"q\s*=\s*([0-9.]+)", params)
        if match:
            try:
                quality = float(match.group(1))
            except ValueError:
                quality = 0.0
        if tag.strip() and quality > 0:
            weighted.append((-quality, position, tag.strip()))
    return [tag for _, _, tag in sorted(weighted)]


def negotiate(*candidates: str | Iterable[str] | None, default: str = DEFAULT) -> str:
    """The first candidate Rensa speaks; each candidate is a tag, an Accept-Language header or a list of tags.

    >>> negotiate(None, "C.UTF-8", "sv_FI")
    'sv'
    >>> negotiate(["de", "fr"])
    'en'
    """
    for candidate in candidates:
        if candidate is None:
            continue
        tags = accept_language(candidate) if isinstance(candidate, str) else list(candidate)
        for tag in tags:
            found = language_of(tag)
            if found:
                return found
    return default


def _load(language: str) -> NullTranslations:
    """Every domain of ``language`` merged into one catalogue: the compiled .mo when it is current,
    else the .po compiled in memory (a fresh clone before ``make setup`` still speaks every language)."""
    merged = NullTranslations()
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    for domain in DOMAINS:
        po, mo = folder / f"{domain}.po", folder / f"{domain}.mo"
        if not po.exists():
            continue
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            data = mo.read_bytes()
        else:
            with po.open("rb") as handle:
                catalog = read_po(handle, locale=language, domain=domain)
            buffer = io.BytesIO()
            write_mo(buffer, catalog)
            data = buffer.getvalue()
        found = Translations(io.BytesIO(data), domain=domain)
        if isinstance(merged, Translations):
            merged.merge(found)
        else:
            merged = found
    return merged


class Translator:
    """Messages, numbers, percentages, dates, country names and lists in one language."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.locale = Locale.parse(language)
        self._catalog = NullTranslations() if language == DEFAULT else _load(language)
        self._gettext = self._catalog.gettext
        self._ngettext = self._catalog.ngettext

    def __repr__(self) -> str:
        return f"Translator({self.language!r})"

    # --- messages -------------------------------------------------------------------------------------
    def gettext(self, message: str) -> str:
        """``message`` in this language (the English text when the catalogue has no translation); a
        ``Phrase`` is its template translated and filled."""
        if isinstance(message, Phrase):
            return self._(message.template, **message.params)
        return self._gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._ngettext(singular, plural, n)

    def _(self, message: str, /, **params: Any) -> str:
        """``message`` translated, its ``{placeholders}`` filled with ``params`` shown in this language."""
        text = self._gettext(message)
        return text.format_map(self.values(params)) if params else text

    def n_(self, singular: str, plural: str, n: int, /, **params: Any) -> str:
        """The singular or plural form for ``n`` (the language's plural rule), filled; ``{n}`` is ``n``."""
        return self._ngettext(singular, plural, n).format_map(self.values({"n": n, **params}))

    def issue(self, found: Any) -> Any:
        """A ``core.models.FieldIssue`` (or anything with ``template``, ``params``, ``message``) with its
        message in this language; code, params and suggestion stay as they are."""
        if self.language == DEFAULT:
            return found
        template = getattr(found, "template", None) or found.message
        text = self._(template, **(found.params or {}))
        return found if text == found.message else found.model_copy(update={"message": text})

    # --- values ---------------------------------------------------------------------------------------
    def values(self, params: Mapping[str, Any]) -> dict[str, str]:
        """``params`` as text in this language (see the module's note on placeholder kinds)."""
        return {name: self.value(name, value) for name, value in params.items()}

    def value(self, name: str, value: Any) -> str:
        """A message parameter as this language writes it, chosen by its type and then by its name: numbers
        and dates in the locale's form (row numbers bare), lists joined, countries and labels translated."""
        if isinstance(value, bool) or value is None:
            return str(value)
        if isinstance(value, (int, float, datetime.date)):
            return self._number_or_date(name, value)
        if isinstance(value, (list, tuple)):
            return self._listed(name, value)
        return self._named(name, value)

    def _number_or_date(self, name: str, value: int | float | datetime.date) -> str:
        if isinstance(value, int):
            return str(value) if _ROW_NAMES.search(name) else self.number(value)
        if isinstance(value, float):
            return self.decimal(value)
        return self.date(value)

    def _listed(self, name: str, items: list | tuple) -> str:
        """Countries and choices as alternatives ("Sweden or Norway"), anything else as a list."""
        if name == "countries" or name.endswith("_countries"):
            return self.join([self.country(str(item)) for item in items], style="or")
        if name == "choices" or name.endswith("_choices"):
            return self.join([str(item) for item in items], style="or")
        return self.join([self.value(name, item) for item in items])

    def _named(self, name: str, value: Any) -> str:
        """Text whose parameter name says what it is: a label to translate, a country code, an ISO date;
        another message (an error) says itself in this language."""
        if name.endswith("_label"):
            return self._gettext(str(value))
        said = getattr(value, "text", None)
        if callable(said):  # another message (an error) that says itself in a language
            return str(said(self.language))
        if name == "country" or name.endswith("_country"):
            return self.country(str(value))
        if (name == "date" or name.endswith("_date")) and isinstance(value, str):
            try:
                return self.date(datetime.date.fromisoformat(value))
            except ValueError:
                return value
        if (name == "time" or name.endswith("_time")) and isinstance(value, str):
            try:
                return self.clock(datetime.time.fromisoformat(value))
            except ValueError:
                return value
        return str(value)

    def number(self, n: float) -> str:
        """A count with the locale's grouping: ``1 234`` (no-break space) in sv/nb/fi, ``1.234`` in da."""
        return format_decimal(n, locale=self.locale)

    def decimal(self, x: float, digits: int = 1) -> str:
        """A decimal number with at most ``digits`` decimals: ``94,4`` (sv), ``94.4`` (en)."""
        return format_decimal(round(x, digits), format="#,##0." + "#" * digits, locale=self.locale)

    def percent(self, pct: float, digits: int = 1) -> str:
        """A percentage given as 0..100: ``94,4 %`` (sv, no-break space), ``94.4%`` (en); whole numbers bare."""
        pattern = self.locale.percent_formats[None].pattern.replace("#,##0", "#,##0." + "#" * digits)
        return format_percent(round(pct, digits) / 100, format=pattern, locale=self.locale)

    def money(self, minor: int, currency: str) -> str:
        """An amount given in minor units (öre, cents) the locale's way: ``149,00 kr`` (sv), ``SEK 149.00`` (en)."""
        if self.language == DEFAULT:  # "149.00 SEK", as the amounts next to a price read elsewhere
            return format_currency(minor / 100, currency, format="#,##0.00 \xa4\xa4", locale=self.locale)
        return format_currency(minor / 100, currency, locale=self.locale)

    def date(self, value: datetime.date, form: str = "medium") -> str:
        """A date the locale's way: ``5 mars 2024`` (sv), ``5.3.2024`` (fi); ISO ``2024-03-05`` in English,
        which Nordic readers of the English text read without doubt (``3/5/24`` would mislead them)."""
        if self.language == DEFAULT:
            return value.isoformat()
        return format_date(value, form, locale=self.locale)

    def clock(self, value: datetime.time) -> str:
        """A time of day the locale's way: ``14.05`` (da, fi: the sentence around it writes ``kl. 21.00``,
        ``klo 21.00``), ``14:05`` (sv, nb); ``14:05`` in English, as the English messages write their hours."""
        if self.language == DEFAULT:
            return value.strftime("%H:%M")
        return format_time(value, "short", locale=self.locale)

    def country(self, code: str) -> str:
        """A country's name from its ISO code (``NO`` -> ``Norge`` in sv); an unknown code as it is."""
        return self.locale.territories.get(code.upper(), code) if code else code

    def join(self, items: Sequence[str], style: ListStyle = "standard") -> str:
        """``a, b och c`` (sv), ``a, b and c`` (en); ``style="or"``: ``a eller b``."""
        return format_list(list(items), style=style, locale=self.locale) if items else ""


@cache
def translator(language: str | None = None) -> Translator:
    """The translator for a language Rensa speaks (``no``/``nn`` -> ``nb``); English for anything else."""
    return Translator(language_of(language) or DEFAULT)


def placeholders(message: str) -> set[str]:
    """The ``{names}`` a message fills: ``placeholders("{n} rows in {file}") == {"n", "file"}``."""
    return set(_PLACEHOLDER.findall(message))
