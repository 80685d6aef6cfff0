"""Every console example in the README and the documentation runs against the real command
(issues 14 and 20).

The examples are collected from README.md and every page of docs/ except docs/cli.md (the
generated command-line reference: its ```console blocks are usage lines such as
`$ octopus list [OPTIONS] [ID...]`, not examples; tests/test_docs.py checks that file).
A ```console block is a terminal session. A line starting with `$ ` is a
command; the lines after it, up to the next `$ ` line or the end of the block, are what
the terminal shows. The conventions the examples are held to (the README says the first
two in "Commands"):

- **What is shown is what a terminal shows**: stdout and stderr together, in the order the
  program wrote them (the command runs unbuffered with both streams into one pipe).
  Trailing blanks at line ends and blank lines at the end are not significant.
- **Output is piped**: plain text, no colour (`NO_COLOR=1`), 80 columns (`COLUMNS=80`),
  `TERM=dumb`, UTF-8.
- **An example without output lines** must still run, and exit 0.
- **Exit status**: the one a comment on the command line states (`# exit 1: ...`), else
  the number a following `$ echo $?` shows, else 2 when the output starts with `Error:`,
  else 0. A pipeline runs under `set -o pipefail`, so octopus failing inside it fails.
- **One heading, one session**: the blocks under one heading of one file run in order in
  the same place, so `agenda add` then `agenda show` sees the pick (also in the next block
  of that section); every heading starts afresh.
- **The place**: the working directory is an empty temporary directory holding the input
  files the examples name (`my-conference.toml`, `work.ics`, `home.ics`, written for this
  test in `tests/readme/`; `work.ics` also in `~/Downloads`). `HOME` is a temporary
  `.../home/you` and `OCTOPUS_HOME` its `.config/octopus`, both shown in output as
  `/home/you/...`. Nothing of the developer's shell reaches the command: no `OCTOPUS_*`,
  `XDG_*`, locale or `TZ` (it is `UTC`).
- **The clock**: an example whose output depends on "now" carries `--at` (or
  `OCTOPUS_NOW=...`) in the README. The rest run under `OCTOPUS_NOW=2099-01-01T12:00`, far
  from the conference, so an example that quietly depends on the real date shows the
  wrong thing and fails rather than passing on some days only.
- **Only octopus runs**: other programs' commands are skipped by the short allowlist `SKIP`
  below, each with its reason; any other program fails the test until it is allowed.
  Pipelines and `&&`/`||` run through `bash -c` (skipped when a program they use is
  missing here). `octopus` is the installed entry point beside this Python.
"""

from __future__ import annotations

import difflib
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
DOCS = REPO / "docs"
# Generated from the app's help (tests/test_docs.py): usage lines, not examples.
NOT_EXAMPLES = {"docs/cli.md"}


def example_files() -> list[Path]:
    """README.md, then the documentation's pages in a fixed order."""
    pages = sorted(DOCS.rglob("*.md"))
    return [README, *(p for p in pages if p.relative_to(REPO).as_posix() not in NOT_EXAMPLES)]


FIXTURES = Path(__file__).resolve().parent / "readme"
OCTOPUS = Path(sys.executable).parent / "octopus"

# Commands of other programs: the program (first word after any VAR=value), and why not.
SKIP = {
    "uv": "works on the clone (sets up the environment, runs the test suite, the benchmarks "
    "or the generators); not an octopus command",
    ".ci/run": "runs the whole CI, this test suite included",
}
# octopus commands that must not run here, by an option they carry, and why.
SKIP_OCTOPUS = {
    "--install-completion": "edits the user's shell start-up files, and detects the shell "
    "from the process that started it",
}
# octopus commands that name an http(s) address: the examples' addresses (example.org) cannot
# be fetched here, so these run in tests/test_other_conferences.py instead, the same command
# lines against a local server that serves tests/readme/ (test_readme_url_examples).
URL_SKIP = (
    "names an http(s) address, which is not fetched here: tests/test_other_conferences.py "
    "runs this command line against a local server serving tests/readme/"
)
# Programs a pipeline or `&&`/`||` may use besides octopus (skipped when not installed).
SHELL_PROGRAMS = {"echo", "head", "jq", "less"}
# The clock for the examples that do not set one: the conference is long over.
UNPINNED_NOW = "2099-01-01T12:00"
SEPARATORS = {"|", "||", "&", "&&", ";", "(", ")"}
REDIRECTS = {">", ">>", "<"}
STATED_STATUS = re.compile(r"^exit (\d+)\b")
TIMEOUT = 30


@dataclass(frozen=True)
class Example:
    """One `$ ` line of a console block and the output shown under it."""

    session: int  # line of the heading the block is under (0: before any heading)
    line: int  # line of the `$ ` line
    command: str  # without the prompt and without a trailing comment
    comment: str  # the trailing comment, without its `#`
    expected: tuple[str, ...]
    file: str = "README.md"  # relative to the repository

    @property
    def id(self) -> str:
        return f"{self.file}:{self.line} {self.command}"

    @property
    def place(self) -> tuple[str, int]:
        """The session it runs in: its file and heading."""
        return (self.file, self.session)


@dataclass(frozen=True)
class Outcome:
    """What running an example gave: its exit status and what the terminal showed."""

    status: int
    output: str
    skipped: str | None = None


def split_comment(command: str) -> tuple[str, str]:
    """The command and its trailing comment, as a shell reads them: `#` starts a comment
    only at the start of a word and outside quotes."""
    quote = ""
    escaped = False
    for index, char in enumerate(command):
        if escaped:
            escaped = False
        elif char == "\\" and quote != "'":
            escaped = True
        elif quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "#" and (index == 0 or command[index - 1].isspace()):
            return command[:index].rstrip(), command[index + 1 :].strip()
    return command.rstrip(), ""


def parse_readme(text: str, file: str = "README.md") -> list[Example]:
    examples: list[Example] = []
    session = 0
    fence = ""  # the fence line of the code block we are in, or ""
    command: tuple[int, str] | None = None
    output: list[str] = []

    def close() -> None:
        nonlocal command
        if command is not None:
            while output and not output[-1].strip():
                output.pop()
            line, shown = command
            examples.append(
                Example(
                    session,
                    line,
                    *split_comment(shown),
                    tuple(s.rstrip() for s in output),
                    file,
                )
            )
        command = None
        output.clear()

    for number, line in enumerate(text.splitlines(), start=1):
        if not fence:
            if line.startswith("```"):
                fence = line.strip()
            elif line.startswith("#"):
                session = number
        elif line.strip() == "```":
            close()
            fence = ""
        elif fence != "```console":
            continue
        elif line.startswith("$ "):
            close()
            command = (number, line[2:])
        elif command is not None:
            output.append(line)
    return examples


EXAMPLES = [
    example
    for path in example_files()
    for example in parse_readme(path.read_text(encoding="utf-8"), path.relative_to(REPO).as_posix())
]


def _words(command: str) -> list[str]:
    """The command split as a shell would, with operators (`|`, `&&`, `>`...) as words."""
    lexer = shlex.shlex(command, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    return list(lexer)


def _assignments(words: list[str]) -> tuple[dict[str, str], list[str]]:
    """Leading VAR=value words apart from the program and its arguments."""
    env: dict[str, str] = {}
    rest = list(words)
    while rest and "=" in rest[0] and rest[0].split("=", 1)[0].isidentifier():
        name, value = rest.pop(0).split("=", 1)
        env[name] = value
    return env, rest


def _compound(command: str) -> bool:
    operators = SEPARATORS | REDIRECTS
    return "$" in command or any(word in operators for word in _words(command))


def skip_reason(command: str) -> str | None:
    """Why this command is not run here, or None (fails for a program nobody allowed)."""
    segments: list[list[str]] = [[]]
    redirect = False
    for word in _words(command):
        if redirect:  # the file a `>` or `<` names is no program
            redirect = False
        elif word in REDIRECTS:
            redirect = True
        elif word in SEPARATORS:
            segments.append([])
        else:
            segments[-1].append(word)
    for segment in segments:
        _, argv = _assignments(segment)
        if not argv:
            continue
        program = argv[0]
        if program in SKIP:
            return f"{program}: {SKIP[program]}"
        if program == "octopus":
            for option, reason in SKIP_OCTOPUS.items():
                if option in argv:
                    return f"octopus {option}: {reason}"
            if any(names_url(word) for word in argv[1:]):
                return f"octopus {URL_SKIP}"
        elif program in SHELL_PROGRAMS:
            if shutil.which(program) is None:
                return f"{program} is not installed here"
        else:
            pytest.fail(
                f"Example `{command}` runs {program!r}, which is neither octopus nor "
                "in the SKIP allowlist of this test: add it there, with the reason",
                pytrace=False,
            )
    return None


def names_url(word: str) -> bool:
    """Whether a word of a command is an http(s) address (or an option's `=address`)."""
    value = word.split("=", 1)[1] if word.startswith("-") and "=" in word else word
    return value.lower().startswith(("http://", "https://"))


class Place:
    """A fresh terminal session: a working directory, a home and an environment."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.home = root / "home" / "you"
        self.cwd = root / "work"
        (self.home / "Downloads").mkdir(parents=True)
        self.cwd.mkdir()
        for fixture in FIXTURES.iterdir():
            shutil.copyfile(fixture, self.cwd / fixture.name)
        shutil.copyfile(FIXTURES / "work.ics", self.home / "Downloads" / "work.ics")
        path = os.pathsep.join([str(OCTOPUS.parent), os.environ.get("PATH", os.defpath)])
        self.env = {
            "PATH": path,
            "HOME": str(self.home),
            "OCTOPUS_HOME": str(self.home / ".config" / "octopus"),
            "OCTOPUS_NOW": UNPINNED_NOW,
            "NO_COLOR": "1",
            "COLUMNS": "80",
            "LINES": "24",
            "TERM": "dumb",
            "TZ": "UTC",
            "LC_ALL": "C.UTF-8",
            "PYTHONIOENCODING": "utf-8",
            "PYTHONUNBUFFERED": "1",
        }

    def run(self, command: str) -> Outcome:
        if _compound(command):
            argv = ["bash", "-c", f"set -o pipefail\n{command}"]
            env = self.env
        else:
            assignments, words = _assignments(shlex.split(command))
            argv = [str(OCTOPUS), *(self._tilde(word) for word in words[1:])]
            env = {**self.env, **assignments}
        result = subprocess.run(
            argv,
            cwd=self.cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            timeout=TIMEOUT,
            check=False,
        )
        output = result.stdout.decode("utf-8", errors="replace")
        return Outcome(result.returncode, output.replace(str(self.root), ""))

    def _tilde(self, word: str) -> str:
        return str(self.home) + word[1:] if word == "~" or word.startswith("~/") else word


def run_session(examples: list[Example], root: Path) -> dict[int, Outcome]:
    """Run the commands under one heading in order, in one place; outcomes by line."""
    place = Place(root)
    outcomes: dict[int, Outcome] = {}
    previous: Outcome | None = None
    for example in examples:
        reason = skip_reason(example.command)
        if reason is not None:
            outcomes[example.line] = previous = Outcome(0, "", skipped=reason)
        elif example.command == "echo $?" and previous is not None:
            if previous.skipped:
                outcomes[example.line] = Outcome(0, "", skipped=previous.skipped)
            else:
                outcomes[example.line] = Outcome(0, f"{previous.status}\n")
        else:
            outcomes[example.line] = previous = place.run(example.command)
    return outcomes


Outcomes = Callable[[Example], Outcome]


@pytest.fixture(scope="module")
def outcome_of(tmp_path_factory: pytest.TempPathFactory) -> Outcomes:
    """The outcome of an example; all the examples of its section run once, when asked."""
    sessions: dict[tuple[str, int], dict[int, Outcome]] = {}

    def outcome(example: Example) -> Outcome:
        if example.place not in sessions:
            examples = [e for e in EXAMPLES if e.place == example.place]
            name = re.sub(r"\W+", "-", example.file)
            root = tmp_path_factory.mktemp(f"{name}-{example.session}")
            sessions[example.place] = run_session(examples, root)
        return sessions[example.place][example.line]

    return outcome


def expected_status(example: Example, examples: list[Example]) -> int:
    stated = STATED_STATUS.match(example.comment)
    if stated:
        return int(stated.group(1))
    later = [e for e in examples if e.place == example.place and e.line > example.line]
    if later and later[0].command == "echo $?" and later[0].expected:
        return int(later[0].expected[0])
    if example.expected and example.expected[0].startswith("Error:"):
        return 2
    return 0


def _diff(expected: list[str], actual: list[str]) -> str:
    lines = difflib.unified_diff(expected, actual, "shown", "actual", lineterm="", n=2)
    return "\n".join(lines)


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.id for e in EXAMPLES])
def test_readme_example(example: Example, outcome_of: Outcomes) -> None:
    outcome = outcome_of(example)
    if outcome.skipped:
        pytest.skip(outcome.skipped)
    where = f"{example.file}:{example.line}: `{example.command}`"
    if "Traceback (most recent call last)" in outcome.output:
        pytest.fail(f"{where} crashed:\n{outcome.output}", pytrace=False)
    actual = [line.rstrip() for line in outcome.output.rstrip().splitlines()]
    if example.expected and actual != list(example.expected):
        pytest.fail(
            f"{where} prints other lines than the example shows (paste the real output "
            "into the example, or fix the program):\n" + _diff(list(example.expected), actual),
            pytrace=False,
        )
    status = expected_status(example, EXAMPLES)
    if outcome.status != status:
        pytest.fail(
            f"{where} exited {outcome.status}, not {status}; it printed:\n{outcome.output}",
            pytrace=False,
        )


# ---- the reading of the README and the pages themselves ------------------------------------


def test_the_readme_and_the_pages_have_console_examples() -> None:
    ran = [e for e in EXAMPLES if e.command.startswith("octopus ")]
    assert len(ran) >= 40
    assert len([e for e in ran if e.file == "README.md"]) >= 6
    assert all(e.command for e in EXAMPLES)
    files = {e.file for e in EXAMPLES}
    assert "docs/cli.md" not in files
    assert {"docs/guides/time-zone.md", "docs/guides/changes.md"} <= files


def test_the_reference_holds_usage_lines_not_examples() -> None:
    """docs/cli.md is left out because its `$ ` lines are synopses; say so if that changes."""
    reference = parse_readme((DOCS / "cli.md").read_text(encoding="utf-8"), "docs/cli.md")
    assert reference
    assert all("[OPTIONS]" in e.command and not e.expected for e in reference)


@pytest.mark.parametrize(
    ("line", "command", "comment"),
    [
        (
            "octopus export -o octopus.ics   # the whole programme",
            "octopus export -o octopus.ics",
            "the whole programme",
        ),
        ("octopus list '#1 fan' --tz UTC  # quoted", "octopus list '#1 fan' --tz UTC", "quoted"),
        ('octopus list "a # b"', 'octopus list "a # b"', ""),
        ("octopus list a#b", "octopus list a#b", ""),
        ("octopus list \\# x # y", "octopus list \\# x", "y"),
        ("octopus clashes  # exit 1: ws6 and ws7", "octopus clashes", "exit 1: ws6 and ws7"),
    ],
)
def test_a_comment_starts_at_a_word_outside_quotes(line: str, command: str, comment: str) -> None:
    assert split_comment(line) == (command, comment)


def test_blocks_are_read_into_commands_and_their_output() -> None:
    text = "\n".join(
        [
            "## One",
            "```console",
            "$ octopus a   # exit 1: note",
            "out 1",
            "",
            "out 2   ",
            "",
            "$ octopus b",
            "```",
            "```sh",
            "# not a heading",
            "$ not a console block",
            "```",
            "```console",
            "$ echo $?",
            "1",
            "```",
        ]
    )
    examples = parse_readme(text)
    assert examples == [
        Example(1, 3, "octopus a", "exit 1: note", ("out 1", "", "out 2")),
        Example(1, 8, "octopus b", "", ()),
        Example(1, 15, "echo $?", "", ("1",)),
    ]
    assert [expected_status(e, examples) for e in examples] == [1, 1, 0]


@pytest.mark.parametrize(
    ("command", "reason"),
    [
        ("octopus list", None),
        ("OCTOPUS_NOW=2021-11-17T08:00 octopus next 2", None),
        ("octopus clashes > /dev/null && echo ok || echo no", None),
        ("uv run pytest", SKIP["uv"]),
        ("HYPOTHESIS_PROFILE=long uv run pytest", SKIP["uv"]),
        ("octopus --install-completion zsh", SKIP_OCTOPUS["--install-completion"]),
        ("octopus --programme https://example.org/schedule.xml today", URL_SKIP),
        ("octopus --programme=http://example.org/s.json now", URL_SKIP),
        ("octopus import HTTPS://example.org/s.json -o s.toml", URL_SKIP),
        ("octopus --programme schedule.xml list --search https", None),
    ],
)
def test_what_is_run_and_what_is_skipped(command: str, reason: str | None) -> None:
    found = skip_reason(command)
    if reason is None:
        assert found is None
    else:
        assert found is not None
        assert found.endswith(reason)
