"""Hardening: the real program (`python -m octopus_cli`) under the things users and their
systems do to it: a reader that goes away, Ctrl-C, a kill in the middle of a write, odd
terminals and encodings, and programme data that tries to take over the terminal.

Every case runs a real subprocess. They are slow (~0.5 s each), so each group starts its
processes together in a module-scoped fixture and the tests only look at the outcomes."""

from __future__ import annotations

import json
import os
import re
import signal
import struct
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from rich.cells import cell_len

from octopus_cli.core.models import Programme
from octopus_cli.sources.loader import load_programme
from octopus_cli.sources.schema import Conference

try:  # POSIX only
    import fcntl
    import pty
    import termios
except ImportError:  # pragma: no cover - Windows
    HAVE_PTY = False
else:
    HAVE_PTY = True

POSIX = sys.platform != "win32"
needs_pty = pytest.mark.skipif(not HAVE_PTY, reason="needs a pseudo-terminal (POSIX pty)")
needs_signals = pytest.mark.skipif(
    not POSIX, reason="needs POSIX signals (SIGINT to a process, SIGKILL)"
)

OCTOPUS = (sys.executable, "-m", "octopus_cli")
TIMEOUT = 120.0

# Variables that change how the program or Rich behave; every run starts without them.
_SCRUBBED = {
    "PYTHONUNBUFFERED",
    "PYTHONIOENCODING",
    "PYTHONUTF8",
    "NO_COLOR",
    "FORCE_COLOR",
    "CLICOLOR_FORCE",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
    "COLUMNS",
    "LINES",
    "JUPYTER_COLUMNS",
    "JUPYTER_LINES",
    "TERM",
    "COLORTERM",
    "LANG",
    "LANGUAGE",
    "LC_ALL",
    "LC_CTYPE",
    "TZ",
}


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("OCTOPUS_") and k not in _SCRUBBED
    }
    env.update({"OCTOPUS_HOME": str(home), "LANG": "C.UTF-8"})
    env.update(extra)
    return env


# ---- running many processes at once -------------------------------------------------------


@dataclass(frozen=True)
class Job:
    """One run of the program. `stdout` is how its standard output is connected:
    'pipe' (read to the end), 'closed' (a pipe whose reader is gone before it starts),
    'head' (the reader takes one byte and goes away) or 'pty' (a terminal `columns` wide)."""

    args: tuple[str, ...]
    env: Mapping[str, str]
    stdout: str = "pipe"
    columns: int = 80
    cwd: Path | None = None


@dataclass(frozen=True)
class Outcome:
    job: Job
    returncode: int
    stdout: bytes
    stderr: bytes

    @property
    def out(self) -> str:
        """stdout as text, terminal line ends ('\\r\\n' on a pty) made '\\n'."""
        return self.stdout.decode("utf-8", "replace").replace("\r\n", "\n")

    @property
    def err(self) -> str:
        return self.stderr.decode("utf-8", "replace")

    def describe(self) -> str:
        return (
            f"octopus {' '.join(self.job.args[3:])} [{self.job.stdout}] -> {self.returncode}\n"
            f"stdout: {self.stdout[:600]!r}\nstderr: {self.stderr[-1500:]!r}"
        )


def _execute(job: Job) -> Outcome:
    if job.stdout == "pty":
        return _execute_on_pty(job)
    if job.stdout == "closed":
        reader, writer = os.pipe()
        os.close(reader)  # the reader is gone before the program writes anything
        try:
            proc = subprocess.Popen(
                job.args,
                stdin=subprocess.DEVNULL,
                stdout=writer,
                stderr=subprocess.PIPE,
                env=job.env,
                cwd=job.cwd,
            )
        finally:
            os.close(writer)
        _, err = proc.communicate(timeout=TIMEOUT)
        return Outcome(job, proc.returncode, b"", err)
    proc = subprocess.Popen(
        job.args,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=job.env,
        cwd=job.cwd,
    )
    if job.stdout == "head":  # `octopus ... | head -c 1`
        assert proc.stdout is not None
        first = proc.stdout.read(1)
        proc.stdout.close()
        _, err = proc.communicate(timeout=TIMEOUT)
        return Outcome(job, proc.returncode, first, err)
    out, err = proc.communicate(timeout=TIMEOUT)
    return Outcome(job, proc.returncode, out, err)


def _execute_on_pty(job: Job) -> Outcome:
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, _winsize(job.columns))
    with tempfile.TemporaryFile() as err_file:
        try:
            proc = subprocess.Popen(
                job.args,
                stdin=subprocess.DEVNULL,
                stdout=slave,
                stderr=err_file,
                env=job.env,
                cwd=job.cwd,
            )
        finally:
            os.close(slave)
        chunks = []
        try:
            while True:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: the terminal's other side is closed
                    break
                if not chunk:
                    break
                chunks.append(chunk)
        finally:
            os.close(master)
        proc.wait(timeout=TIMEOUT)
        err_file.seek(0)
        return Outcome(job, proc.returncode, b"".join(chunks), err_file.read())


def _winsize(columns: int) -> bytes:
    return struct.pack("HHHH", 40, columns, 0, 0)


def _run_all(jobs: Sequence[Job]) -> list[Outcome]:
    """Run the jobs concurrently; outcomes in the order of the jobs."""
    with ThreadPoolExecutor(max_workers=max(1, min(8, len(jobs)))) as pool:
        return list(pool.map(_execute, jobs))


# ---- programmes ---------------------------------------------------------------------------

BIG_SESSIONS = 3000
BIG_NAME = "Big Test Conference"


def _big_programme_text() -> str:
    """3000 half-hour sessions in 20 tracks, 16-20 Nov 2021 in Europe/Paris: the output of
    every command is far larger than a pipe's buffer, and an export takes a few seconds."""
    from datetime import datetime, timedelta

    lines = [
        "[conference]",
        f'name = "{BIG_NAME}"',
        'timezone = "Europe/Paris"',
        "start_date = 2021-11-16",
        "end_date = 2021-11-20",
        "",
    ]
    first = datetime(2021, 11, 16, 0, 0)
    for index in range(BIG_SESSIONS):
        start = first + timedelta(minutes=30 * (index // 20))
        end = start + timedelta(minutes=30)
        lines += [
            "[[sessions]]",
            f'id = "s{index + 1}"',
            f'title = "Session {index + 1}: a title long enough to fill the pipe quickly"',
            'kind = "workshop"',
            f"track = {index % 20 + 1}",
            f"start = {start:%Y-%m-%dT%H:%M:%S}",
            f"end = {end:%Y-%m-%dT%H:%M:%S}",
            "",
        ]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.toml"
    path.write_text(_big_programme_text(), encoding="utf-8")
    return path


def _programme_key(path: Path) -> str:
    """Programme.key (the agenda's key) without validating thousands of sessions."""
    raw = tomllib.loads(path.read_text(encoding="utf-8"))["conference"]
    conference = Conference.model_validate(raw).to_model()
    return Programme(conference, ZoneInfo(conference.timezone), [], str(path)).key


def _write_agenda(home: Path, key: str, ids: Sequence[str]) -> None:
    home.mkdir(parents=True, exist_ok=True)
    document = {"version": 1, "programmes": {key: list(ids)}}
    (home / "agenda.json").write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


DEFAULT_KEY = load_programme().key

# ---- 1. output into a closed pipe ---------------------------------------------------------

# name -> (arguments, exit status); the bundled programme, picks in the agenda.
CLOSED_PIPE: dict[str, tuple[tuple[str, ...], int]] = {
    "list": (("list",), 0),
    "list-json": (("list", "--format", "json"), 0),
    "today": (("today", "--at", "2021-11-17T10:00"), 0),
    "grid": (("grid", "--at", "2021-11-17T10:00"), 0),
    "now": (("now", "--at", "2021-11-17T10:00"), 0),
    "next-50": (("next", "50", "--at", "2021-11-17T10:00"), 0),
    "show": (("show", "plenary"), 0),
    "info": (("info",), 0),
    "schema": (("schema",), 0),
    "export-ics": (("export", "-o", "-"), 0),
    "export-xml": (("export", "-o", "-", "--format", "xml"), 0),
    "clashes": (("clashes", "ws*"), 1),  # ws6 and ws7 clash: 1, as on a terminal
    "agenda-show": (("agenda", "show"), 0),
    "config-show": (("config", "show"), 0),
    "validate": (("validate",), 0),
    "help": (("--help",), 0),
    # more: the version, bare `octopus` (its help) and CSV
    "version": (("--version",), 0),
    "bare": ((), 0),
    "list-csv": (("list", "--format", "csv"), 0),
}

# The big programme, the reader leaving after one byte: name -> (arguments, exit status).
MID_STREAM: dict[str, tuple[tuple[str, ...], int]] = {
    "list": (("list",), 0),
    "list-json": (("list", "--format", "json"), 0),
    "clashes": (("clashes", "s1*"), 1),
}


@pytest.fixture(scope="module")
def pipe_outcomes(
    tmp_path_factory: pytest.TempPathFactory, big: Path
) -> dict[tuple[str, str], Outcome]:
    home = tmp_path_factory.mktemp("pipe-home")
    _write_agenda(home, DEFAULT_KEY, ["ws6", "ws7", "outlook1"])
    big_home = tmp_path_factory.mktemp("pipe-big-home")
    _write_agenda(big_home, _programme_key(big), [f"s{n}" for n in range(1, BIG_SESSIONS, 2)])
    jobs: dict[tuple[str, str], Job] = {}
    for name, (args, _) in CLOSED_PIPE.items():
        jobs["closed", name] = Job((*OCTOPUS, *args), _env(home), stdout="closed")
    for name, (args, _) in MID_STREAM.items():
        argv = (*OCTOPUS, "--programme", str(big), *args)
        jobs["head", name] = Job(argv, _env(big_home), stdout="head")
    return dict(zip(jobs, _run_all(list(jobs.values())), strict=True))


def _assert_quiet_end(outcome: Outcome, status: int) -> None:
    assert b"Traceback" not in outcome.stderr, outcome.describe()
    assert b"Exception ignored" not in outcome.stderr, outcome.describe()
    assert b"BrokenPipe" not in outcome.stderr, outcome.describe()
    assert outcome.stderr == b"", outcome.describe()
    assert outcome.returncode == status, outcome.describe()


@pytest.mark.parametrize("name", list(CLOSED_PIPE))
def test_reader_gone_before_the_first_write_ends_quietly(
    pipe_outcomes: dict[tuple[str, str], Outcome], name: str
) -> None:
    _assert_quiet_end(pipe_outcomes["closed", name], CLOSED_PIPE[name][1])


@pytest.mark.parametrize("name", list(MID_STREAM))
def test_reader_leaving_mid_stream_ends_quietly(
    pipe_outcomes: dict[tuple[str, str], Outcome], name: str
) -> None:
    outcome = pipe_outcomes["head", name]
    assert len(outcome.stdout) == 1, outcome.describe()  # the program did start writing
    _assert_quiet_end(outcome, MID_STREAM[name][1])


# ---- 2. and 3. signals while writing ------------------------------------------------------

PREVIOUS_ICS = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//previous export//EN\r\nEND:VCALENDAR\r\n"
)


@dataclass(frozen=True)
class Signalled:
    outcome: Outcome
    when: str  # the delay; 'staged' / 'running: staged': as the temporary file appeared
    sent: bool  # False: the program had ended before the signal was due
    target: bytes | None  # the target file afterwards (None: absent)
    leftovers: tuple[str, ...]  # other names in the directory afterwards


def _start(job: Job, stdout: int | None = subprocess.DEVNULL) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        job.args,
        stdin=subprocess.DEVNULL,
        stdout=stdout,
        stderr=subprocess.PIPE,
        env=job.env,
        cwd=job.cwd,
    )


def _finish(job: Job, proc: subprocess.Popen[bytes]) -> Outcome:
    out, err = proc.communicate(timeout=TIMEOUT)
    return Outcome(job, proc.returncode, out or b"", err)


def _snapshot(outcome: Outcome, when: str, sent: bool, directory: Path, target: str) -> Signalled:
    path = directory / target
    data = path.read_bytes() if path.exists() else None
    others = tuple(sorted(p.name for p in directory.iterdir() if p.name != target))
    return Signalled(outcome, when, sent, data, others)


def _signal_after(jobs: Sequence[Job], delay: float, sig: int) -> list[tuple[Outcome, bool]]:
    """Start the jobs together, send `sig` to each after `delay` seconds."""
    procs = [_start(job, subprocess.PIPE) for job in jobs]
    time.sleep(delay)
    sent = []
    for proc in procs:
        running = proc.poll() is None
        if running:
            proc.send_signal(sig)
        sent.append(running)
    return [(_finish(job, proc), s) for job, proc, s in zip(jobs, procs, sent, strict=True)]


def _signal_when_staged(
    job: Job, directory: Path, prefix: str, sig: int, reset: Callable[[], object]
) -> tuple[Outcome, bool]:
    """Send `sig` the moment the atomic writer's temporary file (`prefix`...) appears, in
    the middle of the write. A short write can be missed: then `reset` and try again."""
    for _ in range(3):
        reset()
        proc = _start(job)
        sent = False
        deadline = time.monotonic() + TIMEOUT
        while proc.poll() is None and time.monotonic() < deadline:
            # os.listdir: the cheapest look, in a loop that must not miss a short write
            if any(name.startswith(prefix) for name in os.listdir(directory)):  # noqa: PTH208
                proc.send_signal(sig)
                sent = True
                break
        outcome = _finish(job, proc)
        if sent:
            break
    return outcome, sent


def _complete_export(data: bytes) -> bool:
    """A whole export of the big programme: framed, every event there, parseable."""
    if not (data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")):
        return False
    if data.count(b"BEGIN:VEVENT\r\n") != BIG_SESSIONS:
        return False
    if data.count(b"END:VEVENT\r\n") != BIG_SESSIONS:
        return False
    calendar = icalendar.Calendar.from_ical(data)
    return len(calendar.walk("VEVENT")) == BIG_SESSIONS


def _octopus_traceback(outcome: Outcome) -> bool:
    """A traceback raised while octopus's own code ran (interpreter start-up before
    octopus_cli is imported - site, runpy - is outside the program's reach)."""
    return b"Traceback" in outcome.stderr and b"octopus_cli" in outcome.stderr


def _interpreter_start_up(outcome: Outcome) -> bool:
    """Interrupted before octopus's code started: Python's own start-up reported it."""
    if outcome.returncode in (0, 130) or b"octopus_cli" in outcome.stderr:
        return False
    return (
        outcome.returncode == -signal.SIGINT
        or b"Fatal Python error" in outcome.stderr
        or (b"Could not import runpy" in outcome.stderr)
    )


def _signal_on_first_byte(job: Job, sig: int) -> tuple[Outcome, bool]:
    """Send `sig` once the program has written its first byte: it is surely running."""
    proc = _start(job, subprocess.PIPE)
    assert proc.stdout is not None
    first = proc.stdout.read(1)
    sent = proc.poll() is None
    if sent:
        proc.send_signal(sig)
    out, err = proc.communicate(timeout=TIMEOUT)
    return Outcome(job, proc.returncode, first + out, err), sent


@pytest.fixture(scope="module")
def interrupted(tmp_path_factory: pytest.TempPathFactory, big: Path) -> list[Signalled]:
    """Ctrl-C (SIGINT) to `export -o out.ics` and `list`: during the interpreter's start-up
    and octopus's imports (fixed delays), and surely while running (on the first byte of
    output; the moment the export's temporary file appears, in the middle of the write)."""
    if not POSIX:
        pytest.skip("needs POSIX signals")
    results: list[Signalled] = []
    work = tmp_path_factory.mktemp("sigint")
    home = work / "home"
    home.mkdir()
    export = Job(
        (*OCTOPUS, "--programme", str(big), "export", "-o", "out.ics"), _env(home), cwd=work
    )
    listing = Job((*OCTOPUS, "--programme", str(big), "list"), _env(home), cwd=work)
    early = Job((*OCTOPUS, "list"), _env(home), cwd=work)
    for delay in (0.03, 0.06, 0.1, 0.15, 0.2, 0.3):
        # one cheap run at a time, so that the delays mean what they say
        ((outcome, sent),) = _signal_after([early], delay, signal.SIGINT)
        results.append(_snapshot(outcome, f"{delay}s", sent, work, "out.ics"))
    for delay in (0.05, 0.2, 0.4):
        (work / "out.ics").write_bytes(PREVIOUS_ICS)
        (exported, sent_export), (listed, sent_list) = _signal_after(
            [export, listing], delay, signal.SIGINT
        )
        results.append(_snapshot(exported, f"{delay}s", sent_export, work, "out.ics"))
        results.append(_snapshot(listed, f"{delay}s", sent_list, work, "out.ics"))
    outcome, sent = _signal_when_staged(
        export,
        work,
        ".out.ics.",
        signal.SIGINT,
        lambda: (work / "out.ics").write_bytes(PREVIOUS_ICS),
    )
    results.append(_snapshot(outcome, "running: staged", sent, work, "out.ics"))
    outcome, sent = _signal_on_first_byte(listing, signal.SIGINT)
    results.append(_snapshot(outcome, "running: writing", sent, work, "out.ics"))
    return results


def _exports(results: Iterable[Signalled]) -> list[Signalled]:
    return [r for r in results if "export" in r.outcome.job.args]


@needs_signals
def test_ctrl_c_while_running_exits_130_quietly(interrupted: list[Signalled]) -> None:
    running = [r for r in interrupted if r.when.startswith("running")]
    assert len(running) == 2
    for result in running:
        assert result.sent, f"{result.when}: finished before the signal"
        assert result.outcome.returncode == 130, f"{result.when}: {result.outcome.describe()}"
        assert b"Traceback" not in result.outcome.stderr, result.outcome.describe()
        assert b"Exception ignored" not in result.outcome.stderr, result.outcome.describe()


@needs_signals
def test_ctrl_c_during_start_up_exits_130_without_traceback(
    interrupted: list[Signalled],
) -> None:
    # Python's own start-up (site, runpy) is out of octopus's reach; from the moment
    # octopus_cli's code runs, Ctrl-C must end with status 130 and no traceback.
    wrong = [
        r
        for r in interrupted
        if _octopus_traceback(r.outcome)
        or (r.outcome.returncode not in (0, 130) and not _interpreter_start_up(r.outcome))
    ]
    assert not wrong, "\n\n".join(f"SIGINT after {r.when}: {r.outcome.describe()}" for r in wrong)


@needs_signals
def test_ctrl_c_keeps_the_previous_export_and_no_temporary_file(
    interrupted: list[Signalled],
) -> None:
    exports = _exports(interrupted)
    assert any(r.when == "running: staged" and r.sent for r in exports), "missed the write"
    for result in exports:
        assert result.target is not None, f"SIGINT after {result.when} lost out.ics"
        assert result.target == PREVIOUS_ICS or _complete_export(result.target), result.when
        assert not [n for n in result.leftovers if n.startswith(".out.ics.")], (
            f"SIGINT after {result.when} left {result.leftovers}"
        )


@pytest.fixture(scope="module")
def killed_exports(tmp_path_factory: pytest.TempPathFactory, big: Path) -> list[Signalled]:
    """SIGKILL to `export -o out.ics` (big programme) at several moments, and the moment
    the temporary file appears (in the middle of the write), over a previous out.ics."""
    if not POSIX:
        pytest.skip("needs POSIX signals")
    results: list[Signalled] = []
    delays = (0.5, 1.5, 2.5)
    work = [tmp_path_factory.mktemp(f"kill-export-{n}") for n in range(len(delays) + 1)]
    jobs = []
    for directory in work:
        (directory / "out.ics").write_bytes(PREVIOUS_ICS)
        argv = (*OCTOPUS, "--programme", str(big), "export", "-o", "out.ics")
        jobs.append(Job(argv, _env(directory / "home"), cwd=directory))
    # each delay in its own directory, all at once
    procs = [_start(job) for job in jobs[: len(delays)]]
    started = time.monotonic()
    sent: list[bool] = []
    for proc, delay in zip(procs, delays, strict=True):
        time.sleep(max(0.0, started + delay - time.monotonic()))
        running = proc.poll() is None
        if running:
            proc.kill()
        sent.append(running)
    timed = zip(jobs, procs, delays, sent, work[: len(delays)], strict=False)
    for job, proc, delay, was_sent, directory in timed:
        outcome = _finish(job, proc)
        results.append(_snapshot(outcome, f"{delay}s", was_sent, directory, "out.ics"))
    for job, directory in zip(jobs[len(delays) :], work[len(delays) :], strict=True):
        target = directory / "out.ics"
        outcome, was_sent = _signal_when_staged(
            job, directory, ".out.ics.", signal.SIGKILL, partial(target.write_bytes, PREVIOUS_ICS)
        )
        results.append(_snapshot(outcome, "staged", was_sent, directory, "out.ics"))
    return results


@needs_signals
def test_kill_during_export_never_leaves_a_partial_target(killed_exports: list[Signalled]) -> None:
    assert any(r.when == "staged" and r.sent for r in killed_exports), "never caught the write"
    for result in killed_exports:
        assert result.target is not None, f"SIGKILL after {result.when} lost out.ics"
        whole = result.target == PREVIOUS_ICS or _complete_export(result.target)
        assert whole, f"SIGKILL after {result.when}: out.ics is partial"


@needs_signals
def test_kill_during_export_leaves_only_the_atomic_writers_temporary_file(
    killed_exports: list[Signalled],
) -> None:
    for result in killed_exports:
        strays = [n for n in result.leftovers if n != "home"]
        # After SIGKILL nothing can clean up: a '.out.ics.*' temporary file may remain
        # (the atomic writer's), but nothing else, and never one after a finished run.
        assert all(n.startswith(".out.ics.") for n in strays), (result.when, strays)
        if result.outcome.returncode == 0:
            assert not strays, (result.when, strays)


OLD_PICKS = ["ws1"]
NEW_PICKS = ["ws1", "ws6", "ws7", "outlook1", "outlook2", "outlook3"]
OLD_CONFIG = 'tz = "Europe/Paris"\n'


@dataclass(frozen=True)
class Killed:
    outcome: Outcome
    when: str
    files: dict[str, bytes]  # every file in the home directory afterwards


def _kill_runs(
    tmp_path_factory: pytest.TempPathFactory,
    name: str,
    args: tuple[str, ...],
    prepare: Callable[[Path], None],
    staged_prefix: str,
) -> list[Killed]:
    delays = (0.4, 0.8, 1.2, 1.6)
    homes = [tmp_path_factory.mktemp(f"{name}-{n}") for n in range(len(delays) + 1)]
    for home in homes:
        prepare(home)
    jobs = [Job((*OCTOPUS, *args), _env(home), cwd=home) for home in homes]
    procs = [_start(job) for job in jobs[: len(delays)]]
    started = time.monotonic()
    for proc, delay in zip(procs, delays, strict=True):
        time.sleep(max(0.0, started + delay - time.monotonic()))
        if proc.poll() is None:
            proc.kill()
    outcomes = [_finish(job, proc) for job, proc in zip(jobs, procs, strict=False)]
    whens = [f"{d}s" for d in delays]
    for job, home in zip(jobs[len(delays) :], homes[len(delays) :], strict=True):
        outcome, _ = _signal_when_staged(
            job, home, staged_prefix, signal.SIGKILL, partial(prepare, home)
        )
        outcomes.append(outcome)
        whens.append("staged")
    return [
        Killed(o, w, {p.name: p.read_bytes() for p in home.iterdir() if p.is_file()})
        for o, w, home in zip(outcomes, whens, homes, strict=True)
    ]


@pytest.fixture(scope="module")
def killed_agenda(tmp_path_factory: pytest.TempPathFactory) -> list[Killed]:
    if not POSIX:
        pytest.skip("needs POSIX signals")
    return _kill_runs(
        tmp_path_factory,
        "kill-agenda",
        ("agenda", "add", "ws6", "ws7", "outlook*"),
        lambda home: _write_agenda(home, DEFAULT_KEY, OLD_PICKS),
        ".agenda.json.",
    )


@pytest.fixture(scope="module")
def killed_config(tmp_path_factory: pytest.TempPathFactory) -> list[Killed]:
    if not POSIX:
        pytest.skip("needs POSIX signals")
    return _kill_runs(
        tmp_path_factory,
        "kill-config",
        ("config", "set", "tz", "Asia/Tokyo"),
        lambda home: (home / "config.toml").write_text(OLD_CONFIG, encoding="utf-8"),
        ".config.toml.",
    )


@needs_signals
def test_kill_during_agenda_add_leaves_old_or_new_picks(killed_agenda: list[Killed]) -> None:
    for run in killed_agenda:
        assert "agenda.json" in run.files, f"{run.when}: agenda.json lost"
        document = json.loads(run.files["agenda.json"].decode("utf-8"))
        picks = document["programmes"][DEFAULT_KEY]
        assert picks in (OLD_PICKS, NEW_PICKS), f"{run.when}: {picks}"
        if run.outcome.returncode == 0:
            assert picks == NEW_PICKS, run.outcome.describe()
        strays = set(run.files) - {"agenda.json", "agenda.json.lock"}
        assert all(n.startswith(".agenda.json.") for n in strays), (run.when, strays)
        assert b"Traceback" not in run.outcome.stderr, run.outcome.describe()


@needs_signals
def test_kill_during_config_set_leaves_old_or_new_setting(killed_config: list[Killed]) -> None:
    for run in killed_config:
        assert "config.toml" in run.files, f"{run.when}: config.toml lost"
        settings = tomllib.loads(run.files["config.toml"].decode("utf-8"))
        assert settings in ({"tz": "Europe/Paris"}, {"tz": "Asia/Tokyo"}), (run.when, settings)
        if run.outcome.returncode == 0:
            assert settings == {"tz": "Asia/Tokyo"}, run.outcome.describe()
        strays = set(run.files) - {"config.toml"}
        assert all(n.startswith(".config.toml.") for n in strays), (run.when, strays)
        assert b"Traceback" not in run.outcome.stderr, run.outcome.describe()


# ---- 4. odd environments ------------------------------------------------------------------

_ASCII_C = {"LANG": "C", "LC_ALL": "C", "PYTHONUTF8": "0"}
# name -> (variables, width of the terminal); every one runs on a pseudo-terminal, so the
# table renderer sees what it sees on a real one.
ODD_TERMINALS: dict[str, tuple[dict[str, str], int]] = {
    "ascii": ({"TERM": "xterm-256color", "PYTHONIOENCODING": "ascii"}, 80),
    "lang-c": ({"TERM": "xterm-256color", **_ASCII_C}, 80),
    "dumb": ({"TERM": "dumb"}, 80),
    "no-color": ({"TERM": "xterm-256color", "NO_COLOR": "1"}, 80),
    "columns-30": ({"TERM": "xterm-256color", "COLUMNS": "30"}, 30),
    "columns-40": ({"TERM": "xterm-256color", "NO_COLOR": "1", "COLUMNS": "40"}, 40),
    "all-at-once": (
        {"PYTHONIOENCODING": "ascii", **_ASCII_C, "TERM": "dumb", "NO_COLOR": "1", "COLUMNS": "30"},
        30,
    ),
}
# The same encodings with output into a pipe (plain text, not the table).
ODD_PIPES: dict[str, dict[str, str]] = {
    "ascii": {"PYTHONIOENCODING": "ascii"},
    "lang-c": dict(_ASCII_C),
}
_ASCII_ONLY = {"ascii", "lang-c", "all-at-once"}  # the stream's encoding is ASCII
_NO_ESCAPES = {"dumb", "no-color", "columns-40", "all-at-once"}  # NO_COLOR=1 or TERM=dumb

# name -> (arguments, exit status, ids or words that must be shown whole)
ODD_COMMANDS: dict[str, tuple[tuple[str, ...], int, tuple[str, ...]]] = {
    "list": (("list",), 0, ("plenary", "ws6", "ws14", "outlook1", "conclusions")),
    "today-tokyo": (
        ("today", "--at", "2021-11-17T10:00", "--tz", "Asia/Tokyo"),
        0,
        ("plenary", "ws1", "ws6", "ws7"),
    ),
    "grid-tokyo": (
        ("grid", "--at", "2021-11-17T10:00", "--tz", "Asia/Tokyo"),
        0,
        ("plenary", "ws1", "ws6", "ws14", "conclusions"),
    ),
    "show": (("show", "plenary"), 0, ("plenary", "Opening")),
    "info": (("info",), 0, ("Octopus", "Strasbourg")),
    "clashes": (("clashes", "ws6", "ws7"), 1, ("ws6", "ws7")),
    "now": (("now", "--at", "2021-11-17T14:30"), 0, ("ws6", "ws7", "ws8")),
}
# Every command in every environment of the brief; at 40 columns (and for `now`, whose
# table has a narrow form of its own) what a narrow terminal changes.
_TERMINAL_CASES = [
    (env, cmd)
    for env in ODD_TERMINALS
    for cmd in ODD_COMMANDS
    if (env == "columns-40" and cmd in ("list", "today-tokyo", "grid-tokyo", "show", "now"))
    or (env != "columns-40" and (cmd != "now" or env == "columns-30"))
]
_PIPE_CASES = [("ascii", "list"), ("ascii", "show"), ("ascii", "grid-tokyo")]
_SGR = re.compile(r"\x1b\[[0-9;]*m")
_SUMMARY = re.compile(r"^(\d+ clash(es)? among|No clashes among)")
_ASCII_TIMES = re.compile(r"\d\d:\d\d-\d\d:\d\d")  # '–' written as its look-alike '-'


@pytest.fixture(scope="module")
def odd_outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str, str], Outcome]:
    home = tmp_path_factory.mktemp("odd-home")
    jobs: dict[tuple[str, str, str], Job] = {}
    if HAVE_PTY:
        for env_name, cmd in _TERMINAL_CASES:
            variables, width = ODD_TERMINALS[env_name]
            argv = (*OCTOPUS, *ODD_COMMANDS[cmd][0])
            jobs["pty", env_name, cmd] = Job(
                argv, _env(home, **variables), stdout="pty", columns=width
            )
    for env_name, cmd in _PIPE_CASES:
        argv = (*OCTOPUS, *ODD_COMMANDS[cmd][0])
        jobs["pipe", env_name, cmd] = Job(argv, _env(home, **ODD_PIPES[env_name]))
    return dict(zip(jobs, _run_all(list(jobs.values())), strict=True))


def _shown_whole(text: str, word: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


def _assert_readable(outcome: Outcome, command: str) -> None:
    _, status, expected = ODD_COMMANDS[command]
    assert outcome.returncode == status, outcome.describe()
    assert b"Traceback" not in outcome.stderr, outcome.describe()
    # Only the grid speaks on stderr: too narrow, it says it shows the list instead.
    fallback = command.startswith("grid") and outcome.stderr.startswith(b"Note: the grid needs ")
    assert outcome.stderr == b"" or fallback, outcome.describe()
    text = _SGR.sub("", outcome.out)
    missing = [word for word in expected if not _shown_whole(text, word)]
    assert not missing, f"{missing} not shown whole:\n{text}"


@needs_pty
@pytest.mark.parametrize(("env_name", "command"), _TERMINAL_CASES)
def test_odd_terminal_output_is_readable(
    odd_outcomes: dict[tuple[str, str, str], Outcome], env_name: str, command: str
) -> None:
    _assert_readable(odd_outcomes["pty", env_name, command], command)


def _too_wide(outcome: Outcome, width: int) -> list[str]:
    lines = [_SGR.sub("", line) for line in outcome.out.split("\n")]
    # The clash summary is a sentence printed after the table, not part of it: a terminal
    # wraps a sentence by itself.
    return [line for line in lines if cell_len(line) > width and not _SUMMARY.match(line)]


@needs_pty
@pytest.mark.parametrize(("env_name", "command"), _TERMINAL_CASES)
def test_odd_terminal_table_fits_the_terminal(
    odd_outcomes: dict[tuple[str, str, str], Outcome], env_name: str, command: str
) -> None:
    outcome = odd_outcomes["pty", env_name, command]
    width = ODD_TERMINALS[env_name][1]
    assert not _too_wide(outcome, width), f"wider than {width} columns:\n{outcome.out}"


@needs_pty
@pytest.mark.parametrize(
    ("env_name", "command"), [case for case in _TERMINAL_CASES if case[0] in _ASCII_ONLY]
)
def test_ascii_terminal_gets_only_ascii(
    odd_outcomes: dict[tuple[str, str, str], Outcome], env_name: str, command: str
) -> None:
    outcome = odd_outcomes["pty", env_name, command]
    outcome.stdout.decode("ascii")  # only ASCII reached the terminal...
    if command != "info":  # ...with look-alikes, not '?'
        assert _ASCII_TIMES.search(_SGR.sub("", outcome.out)), outcome.out


@pytest.mark.parametrize(("env_name", "command"), _PIPE_CASES)
def test_odd_encoding_into_a_pipe(
    odd_outcomes: dict[tuple[str, str, str], Outcome], env_name: str, command: str
) -> None:
    outcome = odd_outcomes["pipe", env_name, command]
    _assert_readable(outcome, command)
    assert b"\x1b" not in outcome.stdout, outcome.describe()  # piped: never colour
    outcome.stdout.decode("ascii")
    if command != "info":
        assert _ASCII_TIMES.search(outcome.out), outcome.out


# ---- 5. hostile data ----------------------------------------------------------------------

MARKUP = "[bold red]x[/]"
LINK = "[link=file:///etc/passwd]y[/link]"
HOSTILE_PROGRAMME = r"""
[conference]
name = "Evil [bold red]x[/] \u001b]0;pwned\u0007 Conference \u202e"
title = "[link=file:///etc/passwd]y[/link] \u001b[2J"
timezone = "Europe/Paris"
start_date = 2021-11-16
end_date = 2021-11-18
themes = ["\u001b[31mred\u0008\u009b1m [/]"]
participation = "bell\u0007 \u001b[2J"

[[sessions]]
id = "ws6"
label = "[/]"
title = "[bold red]x[/] \u001b[2J cls \u001b]0;title\u0007 bel\u0007 bs\u0008 \u009b31m \u202eevil"
kind = "workshop"
track = 1
start = 2021-11-17T14:00:00
end = 2021-11-17T15:50:00
description = "[link=file:///etc/passwd]y[/link] \u001b[31mred \u001b]8;;file:///etc/passwd\u001b\\z"
agenda = ["[bold red]x[/]", "\u001b[2J\u0007\u0008\u009b", "[/]", "\u202eevil"]
url = "https://example.org/\u001b[2J"

[[sessions]]
id = "ws7"
title = "Plain \u001b[31m [/] [bold red]x[/] \u0008\u0008\u0008"
kind = "workshop"
track = 2
start = 2021-11-17T14:00:00
end = 2021-11-17T15:50:00
"""

# Ids cannot carry any of this (the schema refuses them); the places they are echoed back.
HOSTILE_ID = "[bold red]x[/]\u001b[2J\u0007\u009b"
HOSTILE_ID_PROGRAMME = HOSTILE_PROGRAMME.replace('id = "ws7"', 'id = "[bold red]x[/]\\u001b[2J"')

HOSTILE_COMMANDS: dict[str, tuple[tuple[str, ...], int, tuple[str, ...]]] = {
    "list": (("list",), 0, (MARKUP, "ws6", "ws7")),
    "show": (("show", "ws6"), 0, (MARKUP, LINK, "ws7")),
    "today": (("today", "--at", "2021-11-17T10:00"), 0, (MARKUP, "ws6")),
    "grid": (("grid", "--at", "2021-11-17T10:00"), 0, (MARKUP, "ws6")),
    "now": (("now", "--at", "2021-11-17T14:30"), 0, (MARKUP, "ws6", "ws7")),
    "info": (("info",), 0, (MARKUP, LINK)),
    "clashes": (("clashes", "ws6", "ws7"), 1, (MARKUP, "ws6", "ws7")),
}
_CONTROLS = ("\x07", "\x08", "\x9b", "\x1b")


@pytest.fixture(scope="module")
def hostile_outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Outcome]:
    work = tmp_path_factory.mktemp("hostile")
    programme = work / "hostile.toml"
    programme.write_text(HOSTILE_PROGRAMME, encoding="utf-8")
    bad_ids = work / "bad-ids.toml"
    bad_ids.write_text(HOSTILE_ID_PROGRAMME, encoding="utf-8")
    home = work / "home"
    home.mkdir()
    picks_home = work / "picks-home"
    _write_agenda(picks_home, _programme_key(programme), ["ws6", HOSTILE_ID])
    config_home = work / "config-home"
    config_home.mkdir()
    (config_home / "config.toml").write_text(
        'tz = "\\u001b[2J\\u001b]0;pwned\\u0007[bold red]x[/]"\n', encoding="utf-8"
    )
    plain = _env(home)
    width = "200"  # wide enough that no title wraps through the literal markup
    colour = _env(home, TERM="xterm-256color", COLUMNS=width)
    no_colour = _env(home, TERM="xterm-256color", COLUMNS=width, NO_COLOR="1")
    jobs: dict[tuple[str, str], Job] = {}
    for name, (args, _, _) in HOSTILE_COMMANDS.items():
        argv = (*OCTOPUS, "--programme", str(programme), *args)
        jobs["plain", name] = Job(argv, plain)
        if HAVE_PTY:
            jobs["colour", name] = Job(argv, colour, stdout="pty", columns=int(width))
            if name in ("list", "show"):
                jobs["no-colour", name] = Job(argv, no_colour, stdout="pty", columns=int(width))
    p = ("--programme", str(programme))
    echoes: dict[str, tuple[tuple[str, ...], Mapping[str, str]]] = {
        "validate-bad-ids": (("validate", str(bad_ids)), plain),
        "list-bad-ids": (("--programme", str(bad_ids), "list"), plain),
        "show-unknown-id": ((*p, "show", HOSTILE_ID), plain),
        "agenda-show-stale-pick": ((*p, "agenda", "show"), _env(picks_home)),
        "config-show-hostile-tz": (("config", "show"), _env(config_home)),
        "list-hostile-tz": ((*p, "list"), _env(config_home)),
    }
    for name, (args, env) in echoes.items():
        jobs["echo", name] = Job((*OCTOPUS, *args), env)
    return dict(zip(jobs, _run_all(list(jobs.values())), strict=True))


def _assert_inert(text: str, *, colour: bool) -> None:
    """No control character from the data reached the output; with colour, the only
    escapes are Rich's own SGR codes (ESC [ digits ; ... m)."""
    if colour:
        stray = [m.start() for m in re.finditer("\x1b", text) if not _SGR.match(text, m.start())]
        assert not stray, f"ESC not starting an SGR code at {stray}: {text!r}"
        text = _SGR.sub("", text)
    for char in _CONTROLS:
        assert char not in text, f"{char!r} in output: {text!r}"


@pytest.mark.parametrize("command", list(HOSTILE_COMMANDS))
def test_hostile_data_is_shown_as_text_in_plain_output(
    hostile_outcomes: dict[tuple[str, str], Outcome], command: str
) -> None:
    outcome = hostile_outcomes["plain", command]
    _, status, expected = HOSTILE_COMMANDS[command]
    assert outcome.returncode == status, outcome.describe()
    _assert_inert(outcome.out, colour=False)
    _assert_inert(outcome.err, colour=False)
    for text in expected:
        assert text in outcome.out, f"{text!r} missing: {outcome.describe()}"


@needs_pty
@pytest.mark.parametrize("command", list(HOSTILE_COMMANDS))
def test_hostile_data_is_shown_as_text_in_colour_tables(
    hostile_outcomes: dict[tuple[str, str], Outcome], command: str
) -> None:
    outcome = hostile_outcomes["colour", command]
    _, status, expected = HOSTILE_COMMANDS[command]
    assert outcome.returncode == status, outcome.describe()
    assert _SGR.search(outcome.out), "colour was not on: the check would prove nothing"
    _assert_inert(outcome.out, colour=True)
    _assert_inert(outcome.err, colour=False)
    visible = _SGR.sub("", outcome.out)
    for text in expected:
        assert text in visible, f"{text!r} missing: {visible!r}"


@needs_pty
@pytest.mark.parametrize("command", ["list", "show"])
def test_hostile_data_with_no_color_on_a_terminal(
    hostile_outcomes: dict[tuple[str, str], Outcome], command: str
) -> None:
    outcome = hostile_outcomes["no-colour", command]
    assert outcome.returncode == 0, outcome.describe()
    # Nothing from the data gets through (whether Rich may still send its own bold with
    # NO_COLOR is test_no_color_or_dumb_terminal_means_no_escape_codes_at_all's question).
    _assert_inert(outcome.out, colour=True)
    assert MARKUP in _SGR.sub("", outcome.out)


@needs_pty
def test_no_color_or_dumb_terminal_means_no_escape_codes_at_all(
    odd_outcomes: dict[tuple[str, str, str], Outcome],
    hostile_outcomes: dict[tuple[str, str], Outcome],
) -> None:
    # NO_COLOR=1 (or TERM=dumb) on a terminal: README says colour is off; no escape code at
    # all should reach the terminal then (no colour, and no bold or dim either).
    runs = [o for (kind, env, _), o in odd_outcomes.items() if kind == "pty" and env in _NO_ESCAPES]
    runs += [o for (kind, _), o in hostile_outcomes.items() if kind == "no-colour"]
    escaped = sorted(
        {f"{' '.join(o.job.args[3:])} with {_variables(o)}" for o in runs if b"\x1b" in o.stdout}
    )
    assert not escaped, "ESC sequences in:\n" + "\n".join(escaped)


def _variables(outcome: Outcome) -> str:
    names = ("TERM", "NO_COLOR", "COLUMNS", "PYTHONIOENCODING")
    return " ".join(f"{n}={outcome.job.env[n]}" for n in names if n in outcome.job.env)


# name -> exit status: 1 problems found, 2 refused, 0 shown (with a note)
ECHO_STATUS = {
    "validate-bad-ids": 1,
    "list-bad-ids": 2,
    "show-unknown-id": 2,
    "agenda-show-stale-pick": 0,
    "config-show-hostile-tz": 0,
    "list-hostile-tz": 2,
}


@pytest.mark.parametrize("name", list(ECHO_STATUS))
def test_hostile_values_echoed_back_are_made_visible(
    hostile_outcomes: dict[tuple[str, str], Outcome], name: str
) -> None:
    # Ids, picks and settings are refused or reported - never sent raw to the terminal.
    outcome = hostile_outcomes["echo", name]
    assert b"Traceback" not in outcome.stderr, outcome.describe()
    assert outcome.returncode == ECHO_STATUS[name], outcome.describe()
    _assert_inert(outcome.out, colour=False)
    _assert_inert(outcome.err, colour=False)
    assert outcome.out or outcome.err, outcome.describe()
