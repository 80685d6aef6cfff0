"""`info`, `validate` and `schema`: the conference, and the programme file itself."""

from __future__ import annotations

from pathlib import Path

from ...core.choices import OutputFormat
from ...core.errors import ProgrammeError
from ...core.i18n import _, ngettext
from ...core.text import printable
from ..runtime import Invocation, choose_format, load, print_rich, read_programme, write

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (3 ms)
if TYPE_CHECKING:
    from ..options import FormatOption, ProgrammePathArgument

# Written from the Pydantic model by `python -m octopus_cli.cli.generate` (a test checks
# it is current), so that printing it does not import Pydantic.
SCHEMA = Path(__file__).parents[2] / "sources" / "programme.schema.json"


def info(invocation: Invocation, output: FormatOption = None) -> None:
    """The conference: dates, languages, registration, organiser, contact, funders.

    Examples:

      octopus info

      octopus info --format json
    """
    from ...views import formats, info

    programme = load(invocation.settings)
    fmt = choose_format(output)
    if fmt is OutputFormat.JSON:
        write(formats.to_json(info.info_document(programme)))
    elif fmt is OutputFormat.CSV:
        write(info.info_csv(programme))
    elif fmt is OutputFormat.TABLE:
        from ...views.render import info_table

        print_rich(invocation.settings, info_table(info.info_rows(programme)))
    else:
        write(info.info_plain(programme))


def validate(invocation: Invocation, path: ProgrammePathArgument = None) -> None:
    """Check a programme file and list every problem; exit 1 if there is any.

    Examples:

      octopus validate

      octopus validate my-programme.toml && echo valid
    """
    import os

    from ...sources.loader import check_source
    from ...store.cache import load_cached, store
    from ...store.config import cache_dir

    cache = cache_dir(os.environ)
    given = path if path is not None else invocation.settings.programme
    file = given or _("the bundled programme")
    try:
        given_to = "'octopus validate'" if path else "--programme"
        source = read_programme(invocation.settings, path, given_to)
        file = source.name
        # These exact bytes were found valid before by this same octopus: still valid.
        programme = load_cached(cache, source.data, file)
        problems: list[str] = []
        if programme is None:
            programme, problems = check_source(source.data, file)
            if programme is not None and not problems:
                store(cache, source.data, programme)
    except ProgrammeError as error:
        if not error.problems:
            raise  # unreadable: bad input, exit 2
        programme, problems = None, error.problems
    if problems:
        invocation.found_something()
        count = len(problems)
        line = ngettext("{file}: {count} problem", "{file}: {count} problems", count)
        write(line.format(file=printable(file), count=count) + "\n")
        write("".join(f"  - {printable(p)}\n" for p in problems))
        return
    assert programme is not None
    count = len(programme.sessions)
    line = ngettext("{file}: valid, {count} session", "{file}: valid, {count} sessions", count)
    write(line.format(file=printable(file), count=count) + "\n")


def schema(invocation: Invocation) -> None:
    """Print the JSON Schema of the programme file format, for editors and validators.

    Example:

      octopus schema > programme.schema.json
    """
    write(SCHEMA.read_text(encoding="utf-8"))
