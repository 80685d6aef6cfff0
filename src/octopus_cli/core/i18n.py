"""The language octopus speaks: English, French or Spanish (the Octopus Conference's working
languages), from standard gettext catalogs, and the calendar words of each (from CLDR).

`_("text")` and `ngettext(one, many, n)` translate a message into the active language; in
English they return it as it is and nothing is loaded, so an English run pays nothing.
`activate(language)` is called once per run, by the command line, before any output.

Only what a person reads is translated: never JSON or CSV, ids, zone names, exit codes or
the programme's own text."""

from __future__ import annotations

from datetime import date
from pathlib import Path

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (3 ms)
if TYPE_CHECKING:
    from collections.abc import Mapping
    from gettext import GNUTranslations

LANGUAGES = ("en", "fr", "es")
DOMAIN = "octopus"
LOCALE_DIR = Path(__file__).parents[1] / "locale"

_catalog: GNUTranslations | None = None
_language = "en"


def _(message: str) -> str:
    """`message` in the active language (itself in English, or when it has no translation)."""
    return _catalog.gettext(message) if _catalog is not None else message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form for `count` in the active language: '1 session', '2 sessions'."""
    if _catalog is not None:
        return _catalog.ngettext(singular, plural, count)
    return singular if count == 1 else plural


def active_language() -> str:
    return _language


def activate(language: str) -> None:
    """Speak `language` (one of LANGUAGES) from now on; English needs no catalog."""
    global _catalog, _language
    if language == "en" or language not in LANGUAGES:
        _catalog, _language = None, "en"
        return
    from gettext import GNUTranslations

    path = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    try:
        with path.open("rb") as handle:
            _catalog = GNUTranslations(handle)
    except OSError:  # pragma: no cover - a broken installation: English rather than nothing
        _catalog, _language = None, "en"
        return
    _language = language


# ---- which language -------------------------------------------------------------------------


def language_of_locale(value: str | None) -> str | None:
    """'fr' for 'fr_CA.UTF-8', 'es' for 'es_419' or 'es-MX', 'en' for 'C' or 'POSIX';
    None for a language octopus does not speak ('pt_BR') or nothing at all."""
    if not value:
        return None
    name = value.split(".", 1)[0].split("@", 1)[0].replace("-", "_").casefold()
    if name in ("c", "posix"):
        return "en"
    base = name.split("_", 1)[0]
    return base if base in LANGUAGES else None


def language_from_environment(environ: Mapping[str, str]) -> str:
    """The language the POSIX locale variables ask for, as GNU gettext reads them: the
    locale is the first of LC_ALL, LC_MESSAGES, LANG that is set; LANGUAGE (a list, 'fr:es')
    then chooses among languages, unless the locale is C or POSIX (or none is set), where
    messages are English. A language octopus does not speak is passed over; none: English."""
    locale = next((environ[k] for k in ("LC_ALL", "LC_MESSAGES", "LANG") if environ.get(k)), "")
    from_locale = language_of_locale(locale)
    if not locale or (from_locale == "en" and locale.split(".")[0].upper() in ("C", "POSIX")):
        return "en"
    for item in environ.get("LANGUAGE", "").split(":"):
        found = language_of_locale(item)
        if found is not None:
            return found
    return from_locale or "en"


def choose_language(
    option: str | None, environ: Mapping[str, str], configured: str | None = None
) -> str:
    """--lang, else OCTOPUS_LANG, else `config set lang`, else the locale variables, else
    English. `option` and OCTOPUS_LANG are checked by the command line before this."""
    for chosen in (option, environ.get("OCTOPUS_LANG"), configured):
        if chosen:
            language = language_of_locale(chosen)
            if language is not None:
                return language
    return language_from_environment(environ)


# ---- calendar words (CLDR, via Babel when the names were generated: `cldr.py`) ----------


def day_label(day: date, *, year: bool = True, weekday: bool = True) -> str:
    """'Wed 17 Nov 2021', 'mer. 17 nov. 2021', 'mié 17 nov 2021' (CLDR's abbreviated names,
    day before month in all three); without the weekday or the year where asked."""
    if _language == "en":
        weekday_name, month = f"{day:%a}", f"{day:%b}"
    else:
        from .cldr import MONTHS, WEEKDAYS

        weekday_name = WEEKDAYS[_language][day.weekday()]
        month = MONTHS[_language][day.month - 1]
    text = f"{day.day} {month}" + (f" {day.year}" if year else "")
    return f"{weekday_name} {text}" if weekday else text


def month_label(day: date) -> str:
    """'Nov', 'nov.', 'nov': the month's abbreviated name."""
    if _language == "en":
        return f"{day:%b}"
    from .cldr import MONTHS

    return MONTHS[_language][day.month - 1]


def weekday_names() -> dict[str, int]:
    """Weekday names the active language accepts in a --day ('mercredi', 'mer', 'mié'),
    full and abbreviated, casefolded and without their final dot, to 0 (Monday)..6."""
    if _language == "en":
        return {}
    from .cldr import WEEKDAY_WORDS

    return {word: number for number, words in enumerate(WEEKDAY_WORDS[_language]) for word in words}
