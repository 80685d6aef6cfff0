"""The translation catalogs and calendar words, made from the code (`generate.py` calls
these; Babel is a development tool here, never imported by octopus at run time):

- `locale/octopus.pot`: every message, from the `_()`/`ngettext()` calls in the code and
  from the help of every command and option as Click holds it (kept in English in the code);
- `locale/<lang>/LC_MESSAGES/octopus.po`: the translations, brought up to date with the
  template (new messages empty, gone ones dropped) — translators edit these;
- `octopus.mo` beside each: compiled, what octopus reads;
- `core/cldr.py`: the abbreviated weekday and month names of each language, from CLDR."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from ..core.choices import Kind
from ..core.i18n import DOMAIN, LANGUAGES, LOCALE_DIR
from . import language

PACKAGE = Path(__file__).parents[1]
POT = LOCALE_DIR / f"{DOMAIN}.pot"
CLDR = PACKAGE / "core" / "cldr.py"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
# Messages the code translates through a variable: Click's headings, the kinds of session,
# Click's usage errors as `language.py` reads them.
_INDIRECT = [
    "Usage: ",
    "[OPTIONS]",
    "COMMAND [ARGS]...",
    "{heading}:",
    "Options",
    "Arguments",
    "Commands",
    "Show this message and exit.",
    "No such option: {name}",
    "(Possible options: {possibilities})",
    *(template for _pattern, template in (*language._USAGE, *language._VALUES) if template),
    *(template for _pattern, template in language._EXTRAS),
    *(kind.value for kind in Kind),
]
_EPOCH = datetime(2021, 11, 16, tzinfo=UTC)  # the files' dates: the same on every run
PLURALS = {"fr": "nplurals=2; plural=(n > 1);", "es": "nplurals=2; plural=(n != 1);"}
_HEADER = (
    "# octopus messages ({language}). Made by `python -m octopus_cli.cli.generate`, which keeps\n"
    "# the translations and adds new messages; terms: docs/guides/languages.md."
)


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def template(help_texts: list[str]) -> Catalog:
    """Every message of octopus: the code's, then the help's, each once, in that order."""
    catalog = _catalog(None)
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == Path(__file__):
            continue
        where = path.relative_to(PACKAGE.parent).as_posix()
        with path.open("rb") as handle:
            for line, message, comments, _context in extract_from_file(
                "python", handle.name, keywords=KEYWORDS
            ):
                catalog.add(message, locations=[(where, line)], auto_comments=comments)
    for text in [*_INDIRECT, *help_texts]:
        if text and text not in catalog:
            catalog.add(text)
    return catalog


def updated(pot: Catalog, lang: str) -> Catalog:
    """The language's catalog for `pot`: its translations kept, new messages empty."""
    path = po_path(lang)
    if path.is_file():
        with path.open("rb") as handle:
            old = read_po(handle, locale=lang)
    else:
        old = Catalog(locale=lang, domain=DOMAIN)
    catalog = _catalog(lang)
    for message in pot:
        if not message.id:
            continue
        known = old.get(message.id)
        catalog.add(
            message.id,
            string=known.string if known is not None else ("", "") if message.pluralizable else "",
            locations=message.locations,
            flags=known.flags if known is not None else (),
            auto_comments=message.auto_comments,
        )
    return catalog


def _catalog(lang: str | None) -> Catalog:
    """An empty catalog with a header that is the same on every run."""
    catalog = Catalog(
        locale=lang,
        domain=DOMAIN,
        project="octopus-cli",
        version="1",
        charset="utf-8",
        header_comment=_HEADER.format(language=lang or "every language"),
        creation_date=_EPOCH,
        revision_date=_EPOCH,
        fuzzy=False,
        msgid_bugs_address="the project's issues",
        last_translator="octopus-cli developers",
        language_team=f"{lang} (octopus-cli developers)" if lang else None,
    )
    if lang in PLURALS:  # GNU gettext's usual rule (CLDR's French has a third form, for
        # millions, which no message here needs)
        catalog.mime_headers = [("Plural-Forms", PLURALS[lang])]
    return catalog


def po_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    # Files without line numbers: editing code does not change the catalogs.
    write_po(buffer, catalog, width=100, sort_output=False, include_lineno=False)
    return buffer.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def cldr_text() -> str:
    """`core/cldr.py`: CLDR's abbreviated names ('mer.', 'nov.') and the weekday words a
    --day accepts ('mercredi', 'mer'), from Babel, for each language but English."""
    from babel.dates import get_day_names, get_month_names

    def weekdays(width: Literal["abbreviated", "wide"], lang: str) -> list[str]:
        names = get_day_names(width, locale=lang)
        return [names[number] for number in range(7)]

    tables: dict[str, dict[str, Any]] = {"WEEKDAYS": {}, "MONTHS": {}, "WEEKDAY_WORDS": {}}
    for lang in LANGUAGES[1:]:
        months = get_month_names("abbreviated", locale=lang)
        tables["WEEKDAYS"][lang] = tuple(weekdays("abbreviated", lang))
        tables["MONTHS"][lang] = tuple(months[number] for number in range(1, 13))
        words = zip(weekdays("wide", lang), weekdays("abbreviated", lang), strict=True)
        tables["WEEKDAY_WORDS"][lang] = tuple(
            tuple(dict.fromkeys(_plain_word(word) for word in pair)) for pair in words
        )
    lines = [
        '"""Weekday and month names from CLDR (via Babel), written by',
        "`python -m octopus_cli.cli.generate`: octopus does not import Babel at run time.",
        'Do not edit."""',
        "",
    ]
    for name, table in tables.items():
        lines.append(f"{name} = {{")
        lines += [f"    {lang!r}: {value!r}," for lang, value in table.items()]
        lines.append("}")
    return "\n".join(lines) + "\n"


def _plain_word(word: str) -> str:
    """'mercredi', 'mer' (no final dot), casefolded: as a typed --day is compared."""
    return word.casefold().rstrip(".")
