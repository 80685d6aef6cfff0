"""The translations are complete and current: every message octopus writes for people has
a French and a Spanish translation, none fuzzy, with the same placeholders as the English;
the catalogs, compiled files and calendar words are what the generator makes from the code
(so a new English message without its translations fails here)."""

from __future__ import annotations

import re
import string

import pytest

babel = pytest.importorskip("babel", reason="Babel (a development dependency) reads catalogs")

from babel.messages.pofile import read_po  # noqa: E402

from octopus_cli.cli import catalogs  # noqa: E402
from octopus_cli.cli.generate import catalog_files  # noqa: E402

LANGS = ("fr", "es")


def _catalog(lang: str):  # type: ignore[no-untyped-def]
    with catalogs.po_path(lang).open("rb") as handle:
        return read_po(handle, locale=lang)


def _fields(text: str) -> list[str]:
    """The placeholders of a message: '{name}' fields, and %-style ones."""
    names = [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]
    return sorted(names + re.findall(r"%\(\w+\)s|%[sd]", text))


def test_the_catalogs_are_what_the_generator_makes_from_the_code() -> None:
    stale = [
        str(path.relative_to(catalogs.PACKAGE.parent))
        for path, data in catalog_files().items()
        if not path.is_file() or path.read_bytes() != data
    ]
    assert not stale, "run: uv run python -m octopus_cli.cli.generate (then translate)"


@pytest.mark.parametrize("lang", LANGS)
def test_every_message_is_translated_and_none_is_fuzzy(lang: str) -> None:
    catalog = _catalog(lang)
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            missing.append(message.id)
    assert not missing, f"{len(missing)} untranslated in {lang}: {missing[:5]}"
    assert not [m.id for m in catalog if m.id and m.fuzzy]


@pytest.mark.parametrize("lang", LANGS)
def test_translations_keep_the_placeholders(lang: str) -> None:
    wrong = []
    for message in _catalog(lang):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = _fields(ids[-1])
        for translated in strings:
            if (
                translated
                and _fields(translated) != wanted
                and _fields(translated) != _fields(ids[0])
            ):
                wrong.append((message.id, translated))
    assert not wrong, wrong[:5]


@pytest.mark.parametrize("lang", LANGS)
def test_examples_in_help_are_kept_word_for_word(lang: str) -> None:
    """A command's examples are command lines: translated help keeps them as they are."""
    for message in _catalog(lang):
        if not isinstance(message.id, str) or "\n  octopus " not in message.id:
            continue
        examples = re.findall(r"^ +octopus .*$", message.id, re.M)
        for example in examples:
            assert example in message.string, (lang, example)


def test_french_uses_no_break_spaces_before_colons() -> None:
    """French typography: a no-break space, never a plain one or none, before ':' in
    sentences ('Erreur : ...'), where the English has a colon and a space after it."""
    offenders = []
    for message in _catalog("fr"):
        text = message.string if isinstance(message.string, str) else ""
        if not message.id or not isinstance(message.id, str) or "\n  octopus " in message.id:
            continue  # the header; examples hold command lines
        for found in re.finditer(r"(\S| ):(?=\s|$)", text):
            before = found.group(1)
            quoted = before in "\"'"  # a JSON or TOML sample: code, not a sentence
            if (
                before != "\u00a0"
                and not quoted
                and not re.search(r"https?$|\d$", text[: found.end() - 1])
            ):
                offenders.append((message.id, text))
                break
    assert not offenders, offenders[:5]
