"""Weekdays as people type and read them: in a --day ('wed', 'Thursday', and the active
language's names: 'mercredi', 'mer.', 'miércoles'), and in a sentence ('Wednesday',
'mercredi')."""

from __future__ import annotations

from .i18n import _

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def weekday_name(number: int) -> str:
    """'Wednesday' (0 is Monday), as a sentence names one day of the week."""
    # Translators: a weekday in a sentence: "the conference has no Wednesday in Asia/Tokyo"
    # (French and Spanish write it in lower case).
    names = (
        _("Monday"),
        _("Tuesday"),
        _("Wednesday"),
        _("Thursday"),
        _("Friday"),
        _("Saturday"),
        _("Sunday"),
    )
    return names[number]


def weekdays_name(number: int) -> str:
    """'Wednesdays': several days of the conference on that weekday."""
    # Translators: a weekday in the plural: "the conference has 2 Wednesdays in Asia/Tokyo".
    names = (
        _("Mondays"),
        _("Tuesdays"),
        _("Wednesdays"),
        _("Thursdays"),
        _("Fridays"),
        _("Saturdays"),
        _("Sundays"),
    )
    return names[number]


def weekday_of(text: str) -> int | None:
    """The weekday (0 is Monday) a --day names: English, from three letters ('wed',
    'Thursday'), or the active language's names as CLDR writes them, full or abbreviated
    ('mercredi', 'mer.', 'miércoles', 'mié'; accents optional); None for any other text."""
    folded = text.casefold()
    weekday = next(
        (n for n, name in enumerate(_WEEKDAYS) if len(folded) >= 3 and name.startswith(folded)),
        None,
    )
    if weekday is not None or (not folded.isalpha() and not folded.endswith(".")):
        return weekday
    from .i18n import weekday_names

    try:
        names = weekday_names()
    except ImportError:  # the calendar names are not generated (yet): English only
        return None
    if not names:
        return None
    word = folded.removesuffix(".")
    found = names.get(word)
    if found is None:
        unaccented = {plain(name): number for name, number in names.items()}
        found = unaccented.get(plain(word))
    return found


def plain(word: str) -> str:
    """'miércoles' -> 'miercoles': a word without its accents, as people type it without."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))
