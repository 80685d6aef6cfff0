"""Differential fuzzing of the fast path (`cli/fast.py`, `cli/shell.py`) against the Typer
app: command lines and completion requests built from the real grammar (every command
path, option name, short form, `--opt=value`, flag and argument, with good values and
nasty ones) must get, from the fast path, either nothing at all (it defers: no output, no
file touched) or exactly Typer's answer: the exit status, stdout's bytes, stderr's, and
the same files written.

Each side runs on its own fresh copy of the same home and working directory, with the
clock pinned, so commands that change state (`agenda add`, `config set`, `export -o`)
compare too. `HYPOTHESIS_PROFILE=long` runs a campaign of 20,000 examples a property."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import sys
from collections.abc import Iterator
from contextlib import chdir, contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from unittest import mock

import pytest
from conftest import MINIMAL_PROGRAMME, REPO
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from octopus_cli.cli.app import app
from octopus_cli.cli.fast import grammar, run_fast

NOW = "2021-11-17T10:00"
# Descriptions that shells need escaped (zsh: quotes, $, `, :) and a title too long for a line.
ODD_PROGRAMME = MINIMAL_PROGRAMME.replace(
    'title = "First"', 'title = "It\'s \\"quoted\\": $HOME, `uname`, a:b::c"'
).replace('title = "Second"', 'title = "Café ☕ ' + "and on " * 20 + '"')
GRAMMAR = grammar()
PATHS = list(GRAMMAR)
DATA = str(REPO / "data" / "programme.toml")
CALENDAR = REPO / "tests" / "calendars" / "google.ics"

# ---- values -------------------------------------------------------------------------------

NASTY = [
    "", "-", "--", "-x", "--bogus", "=", "a=b", "--tz=", "٣", "+3", "1_0", " ", "-1", "0",
    "-h", "--help", "--version", "-a", "--no-breaks", "ws6", "é", "\t", "'", "\udcff", "-f=json",
]  # fmt: skip
IDS = ["ws6", "ws1*", "WS 6", "plenary", "ws99", "outlook1", "*", "ws1", "WS6", "break1", "a1"]
ZONES = [
    "Asia/Tokyo", "UTC", "local", "CET", "new york", "Mars/Olympus", "asia/tokyo",
    "America/Los_Angeles", "PST", "Europe/Paris", "utc", "tokyo",
]  # fmt: skip
BY_NAME: dict[str, list[str]] = {
    "tz": ZONES,
    "at": [NOW, "2021-11-17T14:30+01:00", "2020-01-01T00:00", "yesterday-ish", "2021-11-18"],
    "day": ["1", "2", "3", "9", "wed", "Thu", "2021-11-17", "2021-12-01", "0"],
    "date_": ["2021-11-18", "tomorrow", "yesterday", "17 Nov 2021", "never"],
    "between": ["08:00-12:00", "22:00-06:00", "8-12", "25:00-26:00"],
    "search": ["asia", "AI", "ransomware", "zzz", "é"],
    "tag": ["regional", "asia", "nosuchtag", "REGIONAL", "covid-19"],
    "output_path": ["-", "out.ics", "out.svg", "out.json", "out.csv", "out.xml", "nodir/x.ics"],
    "alarm": ["15m", "1h", "1d", "ten", "0m", "-5m"],
    "min_overlap": ["10m", "0", "soon", "1h30m"],
    "buffer": ["10m", "0", "soon", "1h30m"],
    "programme": ["p.toml", "odd.toml", "missing.toml", DATA, "cal.ics"],
    "calendar": ["cal.ics", "missing.ics", "p.toml"],
    "free_in": ["cal.ics", "missing.ics", "p.toml"],
    "ids": IDS,
    "session_id": IDS,
    "path": ["p.toml", "odd.toml", "missing.toml", DATA, "cal.ics", "."],
    "key": ["tz", "colour", "TZ"],
    "value": ["Asia/Tokyo", "Mars/Olympus", "new york", "red"],
}
INTS = ["+3", "1_0", "٣", "03", " 3", "3.0", "0x10", "1e3", "-0", "²"]

tiny_text = st.text(st.characters(exclude_characters="\x00"), max_size=6)


def mixed_case(word: str) -> st.SearchStrategy[str]:
    return st.sampled_from([word, word.upper(), word.title(), word.swapcase(), word[:2]])


def values(param: dict[str, Any]) -> st.SearchStrategy[str]:
    """Text for one value of `param`: mostly good, sometimes anything at all."""
    if param["type"] == "choice":
        good = st.sampled_from(param["choices"]).flatmap(mixed_case)
    elif param["type"] == "int":
        low = param["min"] if param["min"] is not None else -3
        high = param["max"] if param["max"] is not None else 12
        edges = [low - 1, low, low + 1, high - 1, high, high + 1]
        good = st.integers(low - 2, min(high, low + 12)).map(str) | st.sampled_from(
            [str(n) for n in edges] + INTS
        )
    else:
        good = st.sampled_from(BY_NAME.get(param["name"], ["x"]))
    return st.one_of(good, good, good, st.sampled_from(NASTY), tiny_text)


# ---- command lines ------------------------------------------------------------------------


def _options(entry: dict[str, Any]) -> list[dict[str, Any]]:
    return [p for p in entry["params"] if p["option"]]


ALL_OPTIONS = [p for entry in GRAMMAR.values() for p in _options(entry)]


@st.composite
def option_tokens(draw: st.DrawFn, entry: dict[str, Any]) -> list[str]:
    """One option as it may be written: `--opt v`, `--opt=v`, `-ov`, `-o=v`, `-ab`..."""
    own = _options(entry)
    param = draw(st.sampled_from(own) if draw(st.integers(0, 9)) else st.sampled_from(ALL_OPTIONS))
    name = draw(st.sampled_from([*param["opts"], *param["secondary"]]))
    if param["flag"]:
        shorts = [o[1] for p in own for o in p["opts"] if len(o) == 2]
        form = draw(st.integers(0, 9))
        if form == 0 and name.startswith("--"):
            return [f"{name}={draw(values(param))}"]
        if form == 1 and shorts:
            letters = draw(st.lists(st.sampled_from(shorts), min_size=1, max_size=3))
            return ["-" + "".join(letters) + draw(st.sampled_from(["", "json", "x"]))]
        return [name]
    value = draw(values(param))
    form = draw(st.integers(0, 9))
    if form == 0:
        return [name]  # its value missing (or the next token taken as it)
    if form in (1, 2):
        return [f"{name}={value}"]
    if form == 3 and len(name) == 2:
        return [name + value]
    return [name, value]


@st.composite
def positional_tokens(draw: st.DrawFn, entry: dict[str, Any]) -> list[str]:
    arguments = [p for p in entry["params"] if not p["option"]]
    if arguments and draw(st.integers(0, 3)):
        return [draw(values(draw(st.sampled_from(arguments))))]
    return [draw(st.sampled_from([*NASTY, *IDS, "extra"]))]


@st.composite
def level_tokens(draw: st.DrawFn, path: str, max_size: int = 5) -> list[str]:
    entry = GRAMMAR[path]
    item = st.one_of(
        option_tokens(entry),
        option_tokens(entry),
        positional_tokens(entry),
        st.sampled_from([["-h"], ["--help"], ["--version"], ["--"], ["--bogus"], ["-"]]),
    )
    parts = draw(st.lists(item, max_size=max_size))
    tokens = [token for part in parts for token in part]
    arguments = [p for p in entry["params"] if not p["option"]]
    if arguments and draw(st.booleans()):  # the arguments a command needs, in order
        tokens += [draw(values(p)) for p in arguments if draw(st.integers(0, 5))]
    return tokens


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    path = draw(st.sampled_from(PATHS))
    words = path.split()
    mangle = draw(st.integers(0, 11))
    if mangle == 0 and words:
        words[-1] = draw(st.sampled_from([words[-1].upper(), words[-1][:-1], "lst", "bogus"]))
    elif mangle == 1 and words:
        words = words[:-1]
    argv = draw(level_tokens("", max_size=2)) if draw(st.integers(0, 3)) == 0 else []
    argv += words
    if path:  # a group's own options (help) between the group and its subcommand
        if len(words) > 1 and draw(st.integers(0, 5)) == 0:
            argv.insert(len(argv) - 1, draw(st.sampled_from(["-h", "--help", "-x"])))
        argv += draw(level_tokens(path))
    if argv and draw(st.integers(0, 5)) == 0:
        spot = draw(st.integers(0, len(argv)))
        argv.insert(spot, draw(st.sampled_from(["-h", "--help", "--version", "--", "-"])))
    takes_at = any("--at" in p["opts"] for p in GRAMMAR[path]["params"])
    if takes_at and "--at" not in argv and draw(st.booleans()):
        argv += ["--at", NOW]  # OCTOPUS_NOW pins the clock too
    return argv


# ---- running both paths on fresh copies of one environment --------------------------------


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Homes and working directories to copy: an empty home, one with an agenda and a
    default zone (set by the app itself), one whose files are damaged. The programme's
    cache is filled in all."""
    found = {}
    for kind in ("empty", "picked", "damaged"):
        base = tmp_path_factory.mktemp(kind)
        (base / "home").mkdir()
        (base / "work").mkdir()
        (base / "work" / "p.toml").write_text(MINIMAL_PROGRAMME, encoding="utf-8")
        (base / "work" / "odd.toml").write_text(ODD_PROGRAMME, encoding="utf-8")
        shutil.copy(CALENDAR, base / "work" / "cal.ics")
        setup = [["list"], *(["--programme", name, "list"] for name in ("p.toml", "odd.toml"))]
        if kind == "picked":
            setup += [["agenda", "add", "ws6", "ws1", "plenary"], ["config", "set", "tz", "UTC"]]
        with chdir(base / "work"):
            for args in setup:
                assert CliRunner().invoke(app, args, env=_environment(base)).exit_code == 0
        if kind == "damaged":
            (base / "home" / "config.toml").write_text("tz = 5\n", encoding="utf-8")
            (base / "home" / "agenda.json").write_text("{not json", encoding="utf-8")
        found[kind] = base
    return found


def _environment(base: Path, extra: dict[str, str] | None = None) -> dict[str, str | None]:
    return {
        "HOME": str(base / "home"),  # where `--install-completion` would write
        "OCTOPUS_HOME": str(base / "home"),
        "OCTOPUS_NOW": NOW,
        "COLUMNS": "100",
        "NO_COLOR": "1",
        "OCTOPUS_TZ": None,
        "OCTOPUS_PROGRAMME": None,
        "TZ": None,
        **(extra or {}),
    }


Outcome = tuple[object, bytes, bytes, dict[str, bytes]]


def _tree(base: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(base)): path.read_bytes()
        for path in sorted(base.rglob("*"))
        if path.is_file()
    }


@contextmanager
def _fresh(template: Path) -> Iterator[Path]:
    base = template.parent / "run"  # the same path on both sides: messages name it
    shutil.copytree(template, base)
    try:
        with chdir(base / "work"):
            yield base
    finally:
        shutil.rmtree(base)


def _typer(template: Path, argv: list[str], env: dict[str, str]) -> Outcome:
    # Help wrapped as on a terminal, not at the 80 columns CliRunner forces (a stand-in
    # module absorbs its setting).
    terminal = SimpleNamespace(FORCED_WIDTH=None)
    with _fresh(template) as base, mock.patch("typer.testing.formatting", terminal):
        result = CliRunner().invoke(app, argv, env=_environment(base, env))
        status: object = result.exit_code
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            status = f"crash: {type(result.exception).__name__}"
        return status, result.stdout_bytes, result.stderr_bytes, _tree(base)


def _fast(template: Path, argv: list[str], env: dict[str, str]) -> Outcome:
    with _fresh(template) as base:
        runner = CliRunner()
        with (
            runner.isolation(env=_environment(base, env)) as (out, err, _),
            mock.patch.object(sys, "argv", ["octopus"]),
        ):
            status: object
            try:
                status = run_fast(list(argv))
            except SystemExit as stop:
                status = stop.code
            except Exception as error:
                status = f"crash: {type(error).__name__}"
            sys.stdout.flush()
            sys.stderr.flush()
            return status, out.getvalue(), err.getvalue(), _tree(base)


def _compare(kind: str, argv: list[str], env: dict[str, str], templates: dict[str, Path]) -> None:
    fast = _fast(templates[kind], argv, env)
    if fast[0] is None:
        event("deferred")
        assert fast[1:3] == (b"", b""), "deferring must write nothing"
        assert fast[3] == _tree(templates[kind]), "deferring must change no file"
        return
    event("answered")
    typer = _typer(templates[kind], argv, env)
    if str(typer[0]).startswith("crash"):
        event(f"Typer: {typer[0]}")  # then the fast path must crash alike
    shell = env.get("_OCTOPUS_COMPLETE", "")
    fast_out = _rendered(fast[1], shell)
    expected = (typer[0], _normalise(typer[1], shell), typer[2], typer[3])
    assert (fast[0], _normalise(fast_out, shell), fast[2], fast[3]) == expected


ZSH_ITEM = re.compile(r'(_arguments \'\*: :\(\()?("(?:[^"]|"")*")(?::"((?:[^"]|"")*)")?(\)\)\')?')


def _rendered(output: bytes, shell: str) -> bytes:
    """The fast path's zsh and fish candidates with their descriptions rendered by Rich, as
    Typer renders them: it reads markup and emoji codes in them (a title's 'a:b::c' comes
    out as 'a🅱:c'), expands tabs and wraps at the terminal's width (a description's second
    line, which fish offers as a candidate). The fast path writes descriptions as they
    are, on purpose; the requests set a width at which Rich does not wrap."""
    if shell not in ("complete_zsh", "complete_fish"):
        return output
    from typer.rich_utils import rich_render_text

    lines = []
    with mock.patch.dict(os.environ, {"COLUMNS": "100000"}):
        for line in output.decode().split("\n"):
            if shell == "complete_fish" and "\t" in line:
                value, _, description = line.partition("\t")
                line = f"{value}\t{rich_render_text(description)}"
            match = ZSH_ITEM.fullmatch(line) if shell == "complete_zsh" else None
            if match and match[3] is not None:
                start, value, description, end = match.groups()
                line = f'{start or ""}{value}:"{rich_render_text(description)}"{end or ""}'
            lines.append(line)
    return "\n".join(lines).encode()


def _normalise(output: bytes, shell: str) -> bytes:
    """Completion output without the order of -h/--help, which varies in Typer (Click keeps
    the help option's names in a set)."""
    if not shell:
        return output
    text = output.decode("utf-8", "replace")
    help_text = "Show this message and exit."
    for short in ("-h", f'"-h":"{help_text}"', f"-h\t{help_text}"):
        long = short.replace("-h", "--help")
        text = text.replace(f"{long}\n{short}", f"{short}\n{long}")
    return text.encode()


homes = st.sampled_from(["empty", "picked", "picked", "damaged"])
variables = st.fixed_dictionaries(
    {},
    optional={
        "COLUMNS": st.sampled_from(["80", "79", "200"]),  # help is fast from 80 columns
        "OCTOPUS_TZ": st.sampled_from(["Asia/Tokyo", "Mars/Olympus"]),
        "OCTOPUS_PROGRAMME": st.sampled_from(["p.toml", "odd.toml", "", "missing.toml"]),
    },
)
FUZZ = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FUZZ
@given(argv=command_lines(), kind=homes, env=variables)
def test_the_fast_path_defers_or_answers_as_typer_does(
    templates: dict[str, Path], argv: list[str], kind: str, env: dict[str, str]
) -> None:
    _compare(kind, argv, env, templates)


# ---- completion requests ------------------------------------------------------------------

PARTIAL = ["", "", "-", "--", "--t", "-f", "w", "ws", "Asia/", "=", "--tz=", "--tz=Asia/T", "x"]


@st.composite
def completion_requests(draw: st.DrawFn) -> dict[str, str]:
    shell = draw(st.sampled_from(["bash", "zsh", "fish"]))
    argv = draw(command_lines())
    cut = draw(st.integers(0, len(argv)))
    words, rest = argv[:cut], argv[cut:]
    if rest and draw(st.booleans()):
        incomplete = rest[0][: draw(st.integers(0, len(rest[0])))]
    else:
        incomplete = draw(st.sampled_from(PARTIAL) | tiny_text)
    if shell == "bash" and draw(st.booleans()):  # bash splits words at '=' (COMP_WORDBREAKS)
        words = [piece for word in words for piece in re.split(r"(=)", word) if piece]
    quote = shlex.quote if draw(st.integers(0, 3)) else str
    line = " ".join(["octopus", *map(quote, words), incomplete])
    if draw(st.integers(0, 9)) == 0:
        line = "octopus " + draw(tiny_text)
    # What an environment variable can hold: undecodable bytes arrive as \udc80-\udcff.
    line = "".join(
        c for c in line if not 0xD800 <= ord(c) < 0xDC80 and not 0xDD00 <= ord(c) < 0xE000
    )
    # Typer renders zsh and fish descriptions with Rich (see `_rendered`), at this width
    # without wrapping them.
    env = {"_OCTOPUS_COMPLETE": f"complete_{shell}", "COLUMNS": "100000"}
    if shell == "bash":
        count = len(line.split())
        cword = count - (0 if line.endswith(" ") else 1)
        env["COMP_WORDS"] = line
        odd = [0, 1, count + 1, -1, -count - 2, " 2", "", "x"]
        env["COMP_CWORD"] = str(draw(st.sampled_from([cword, cword, cword, cword, *odd])))
    else:
        env["_TYPER_COMPLETE_ARGS"] = line
        env["_TYPER_COMPLETE_FISH_ACTION"] = draw(st.sampled_from(["get-args", "is-args", ""]))
    return env


@FUZZ
@given(request=completion_requests(), kind=homes, env=variables)
def test_completion_defers_or_answers_as_typer_does(
    templates: dict[str, Path], request: dict[str, str], kind: str, env: dict[str, str]
) -> None:
    _compare(kind, [], {**env, **request}, templates)


@pytest.mark.parametrize("args", [["--help"], ["list", "--help"]], ids=" ".join)
def test_help_is_wrapped_as_typer_wraps_it_on_a_terminal(
    templates: dict[str, Path], args: list[str]
) -> None:
    from typer._click import formatting

    with (
        _fresh(templates["empty"]) as base,
        CliRunner().isolation(env=_environment(base)) as (out, _, _),
        mock.patch.object(formatting, "FORCED_WIDTH", None),  # as on a terminal
    ):
        with pytest.raises(SystemExit):
            app(args, prog_name="octopus")
        sys.stdout.flush()
        typer_help = out.getvalue()
    assert _fast(templates["empty"], args, {})[:2] == (0, typer_help)


# Eager options complete as plain flags: their callbacks do not act while a shell asks.
@pytest.mark.parametrize("line", ["octopus --version ", "octopus --show-completion zsh "])
def test_completion_after_an_eager_option_answers_as_typer_does(
    templates: dict[str, Path], line: str
) -> None:
    words = str(len(line.split()))
    request = {"_OCTOPUS_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": words}
    typer = _typer(templates["empty"], [], request)
    assert _fast(templates["empty"], [], request)[:3] == typer[:3]


def test_the_environment_is_restored() -> None:
    """The runs above patch and restore the process environment (CliRunner's isolation)."""
    assert "_OCTOPUS_COMPLETE" not in os.environ
