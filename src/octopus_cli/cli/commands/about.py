"""`info`, `validate` and `schema`: the conference, and the programme file itself."""

from __future__ import annotations

from pathlib import Path

from ...core.choices import OutputFormat
from ...core.errors import ProgrammeError
from ...core.text import printable
from ..runtime import Invocation, choose_format, load, print_rich, write

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
    from ...views import formats

    programme = load(invocation.settings)
    fmt = choose_format(output)
    if fmt is OutputFormat.JSON:
        write(formats.to_json(formats.info_document(programme)))
    elif fmt is OutputFormat.CSV:
        write(formats.info_csv(programme))
    elif fmt is OutputFormat.TABLE:
        from ...views.render import info_table

        print_rich(invocation.settings, info_table(formats.info_rows(programme)))
    else:
        write(formats.info_plain(programme))


def validate(invocation: Invocation, path: ProgrammePathArgument = None) -> None:
    """Check a programme file and list every problem; exit 1 if there is any.

    Examples:

      octopus validate

      octopus validate my-programme.toml && echo valid
    """
    import os

    from ...sources.programme import (
        check_programme_text,
        decode_programme,
        default_programme_path,
        read_programme_bytes,
    )
    from ...store.cache import load_cached, store
    from ...store.config import cache_dir

    file = path or invocation.settings.programme_path or default_programme_path()
    try:
        data = read_programme_bytes(file, "'octopus validate'" if path else "--programme")
        # These exact bytes were found valid before by this same octopus: still valid.
        cache = cache_dir(os.environ)
        programme = load_cached(cache, data, str(file))
        problems: list[str] = []
        if programme is None:
            programme, problems = check_programme_text(decode_programme(data, file), str(file))
            if programme is not None and not problems:
                store(cache, data, programme)
    except ProgrammeError as error:
        if not error.problems:
            raise  # unreadable: bad input, exit 2
        programme, problems = None, error.problems
    if problems:
        invocation.found_something()
        count = len(problems)
        write(f"{printable(str(file))}: {count} problem{'s' if count != 1 else ''}\n")
        write("".join(f"  - {printable(p)}\n" for p in problems))
        return
    assert programme is not None
    count = len(programme.sessions)
    write(f"{printable(str(file))}: valid, {count} session{'s' if count != 1 else ''}\n")


def schema(invocation: Invocation) -> None:
    """Print the JSON Schema of the programme file format, for editors and validators.

    Example:

      octopus schema > programme.schema.json
    """
    write(SCHEMA.read_text(encoding="utf-8"))
