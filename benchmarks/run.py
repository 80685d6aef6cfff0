"""Every speed figure of octopus, side by side with khal, in one run:

    uv run python benchmarks/run.py [--runs 9] [--seed 2021] [--skip-khal]
        [--calendar-only | --big-only]

Start-up: every octopus command, each run as its own process on the bundled programme
(`today`, `now`, `next 3`, `list`, `list --format json`, `show ws6`, `info`, `grid --day 2`,
`agenda show` with ws6 picked, `clashes ws6 ws7`, `config show`, `validate`, `schema`,
`export -o -`, `list --help`, `--version`, `--help`, the clock pinned with `--at` where a
command takes it) and two shell-completion requests made as bash and zsh make them
(Typer's `_OCTOPUS_COMPLETE` protocol), each against `khal list` for one day on the same
sessions (khal is installed into a throwaway virtual environment here; it is not a
dependency of octopus): at most 0.35 x khal, `today` and `now` at most 0.25 x. Scale, on
generated programmes: `list --format json` and `validate` on 10,000 sessions (5 days,
20 tracks), `diff` of two versions of those 10,000 sessions (820 changed),
`clashes` over 100,000 picked sessions, and `export --format ics` of 10,000
sessions against what icalendar itself needs to build and serialise the same events.
Calendars: reading a generated Google Calendar export (5 % weekly series, 1 % overrides,
2016-2025) as busy time for the conference week, as `clashes --calendar` does, against
icalendar alone parsing the whole file (`Calendar.from_ical`), at 20,000 and 100,000
events: at most 0.06 x (`--calendar-only` runs just these).
Big schedules: a generated FOSDEM-sized schedule (`fosdem_like.py`: 2 days, 60 rooms,
1,000 events, as frab XML and as pretalx JSON) as --programme: `today`, `now`,
`list --format json` and `show` from the cache, at most 0.35 x khal, and the first read
of each file (no cache) under 1 s (`--big-only` runs just these, with khal).
Each figure is the median of several runs, after one warm-up run that also checks the
command works; ratios come from the same run, so a slower machine shifts both sides."""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import fosdem_like
import generate
from calendars import calendar_figures, median_call

REPO = Path(__file__).resolve().parents[1]
AT = "2021-11-17T10:00"
BIG_AT = "2025-02-01T11:00"  # Saturday morning of the FOSDEM-like schedule, in Brussels


def median_time(
    command: Sequence[str], env: dict[str, str], runs: int, expect: str | None = None
) -> float:
    """Median wall time of `command`, after one warm-up run (which fills caches and checks
    that the command exits with 0 or 1, without a traceback (which also exits with 1)
    and, if `expect` is given, prints it)."""
    warm_up = subprocess.run(command, env=env, capture_output=True, text=True)
    if warm_up.returncode not in (0, 1) or "Traceback (most recent call last)" in warm_up.stderr:
        raise SystemExit(f"{' '.join(command)} exited with {warm_up.returncode}:\n{warm_up.stderr}")
    if expect is not None and expect not in warm_up.stdout:
        raise SystemExit(
            f"{' '.join(command)} did not print {expect!r} (stdout: {warm_up.stdout[:200]!r}, "
            f"stderr: {warm_up.stderr[:200]!r})"
        )
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        result = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - began)
        if result.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr.decode()}")
    return statistics.median(times)


@dataclass(frozen=True)
class Startup:
    """One start-up figure: `octopus <words>`, with `--at AT` when it reads the clock,
    extra environment variables, and text it must print (completions must offer something)."""

    words: str
    limit: float = 0.35  # at most this fraction of khal's median
    clock: bool = False
    env: Mapping[str, str] = field(default_factory=dict)
    expect: str | None = None
    label: str = ""

    @property
    def argv(self) -> list[str]:
        return [*self.words.split(), *(["--at", AT] if self.clock else [])]

    @property
    def name(self) -> str:
        return self.label or f"octopus {self.words}"


STARTUP = (
    Startup("today", 0.25, clock=True),
    Startup("now", 0.25, clock=True),
    # Issue 17: in French or Spanish (catalog and CLDR names loaded) within 0.3x.
    Startup("--lang fr today", 0.3, clock=True),
    Startup("--lang es now", 0.3, clock=True),
    Startup("--lang fr list --help", 0.35),
    Startup("next 3", clock=True),
    Startup("list", clock=True),
    Startup("list --format json", clock=True),
    Startup("show ws6"),
    Startup("info"),
    Startup("grid --day 2", clock=True),
    Startup("agenda show", clock=True, expect="ws6"),
    Startup("clashes ws6 ws7"),
    Startup("config show"),
    Startup("validate"),
    Startup("schema"),
    Startup("export -o -"),
    Startup("list --help"),
    Startup("--version"),
    Startup("--help"),
    # What the shells run on Tab (Typer 0.28, typer/_completion_classes.py): the script's
    # own name picks the variable, and an empty answer would mean "no completions".
    # `--tz` belongs to the commands (the root has no `--tz`), hence `today --tz`.
    Startup(
        "",
        label="bash completes `octopus today --tz Asia/`",
        env={
            "_OCTOPUS_COMPLETE": "complete_bash",
            "COMP_WORDS": "octopus today --tz Asia/",
            "COMP_CWORD": "3",
        },
        expect="Asia/",
    ),
    Startup(
        "",
        label="zsh completes `octopus show ws`",
        env={"_OCTOPUS_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "octopus show ws"},
        expect='"ws6"',  # zsh gets `_files` (not empty) when there is nothing to offer
    ),
)


def first_run_time(command: Sequence[str], env: dict[str, str], workdir: Path, runs: int) -> float:
    """Median wall time of `command` run with an empty OCTOPUS_HOME each time (no cache)."""
    times = []
    for number in range(runs):
        home = workdir / f"first-run-{number}"
        began = time.perf_counter()
        subprocess.run(command, env={**env, "OCTOPUS_HOME": str(home)}, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def setup_khal(workdir: Path, ics: Path) -> list[str] | None:
    """khal in its own virtual environment, with the programme's sessions in a vdir."""
    venv = workdir / "khal-venv"
    uv = shutil.which("uv")
    try:
        if uv:
            subprocess.run([uv, "venv", "-q", str(venv)], check=True)
            env = {**os.environ, "VIRTUAL_ENV": str(venv)}
            subprocess.run([uv, "pip", "install", "-q", "khal"], check=True, env=env)
        else:
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
            pip = venv / "bin" / "pip"
            subprocess.run([str(pip), "install", "-q", "khal"], check=True)
    except (subprocess.CalledProcessError, OSError) as error:
        print(f"khal could not be installed ({error}); its comparisons are skipped")
        return None
    import icalendar

    vdir = workdir / "khal-calendar"
    vdir.mkdir()
    source = icalendar.Calendar.from_ical(ics.read_bytes())
    zones = list(source.walk("VTIMEZONE"))
    for event in source.walk("VEVENT"):
        single = icalendar.Calendar()
        single.add("version", "2.0")
        single.add("prodid", "-//octopus benchmarks//EN")
        for zone in zones:
            single.add_component(zone)
        single.add_component(event)
        (vdir / f"{event['uid']}.ics").write_bytes(single.to_ical())
    config = workdir / "khal.conf"
    config.write_text(
        f"[calendars]\n[[octopus]]\npath = {vdir}\n"
        "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
        "local_timezone = Europe/Paris\ndefault_timezone = Europe/Paris\n"
        f"[sqlite]\npath = {workdir / 'khal.db'}\n",
        encoding="utf-8",
    )
    return [str(venv / "bin" / "khal"), "-c", str(config), "list", "2021-11-17", "1d"]


def icalendar_baseline(programme_path: Path, runs: int) -> float:
    """What icalendar alone needs to build and serialise the events octopus exports: the
    same properties with the same values (computed beforehand, outside the timing)."""
    import icalendar

    from octopus_cli.core.overlaps import parallel_index
    from octopus_cli.exports.ics import describe, event_uid, sequence, version_stamp
    from octopus_cli.exports.vtimezone import observances
    from octopus_cli.sources.loader import load_programme

    programme = load_programme(programme_path)
    sessions = [s for s in programme.sessions if not s.is_break]
    parallel = parallel_index(programme.sessions)
    position = {s.id: index for index, s in enumerate(programme.sessions)}
    stamp, revision = version_stamp(programme), sequence(programme)
    values = [
        {
            "uid": event_uid(programme, s),
            "dtstamp": stamp,
            "sequence": revision,
            "dtstart": s.start,
            "dtend": s.end,
            "summary": s.display_title,
            "description": describe(programme, s, parallel[position[s.id]]),
            "categories": [s.kind, *s.tags],
            **({"location": "Online"} if programme.conference.online else {}),
        }
        for s in sessions
    ]
    instants = [moment for s in sessions for moment in (s.start, s.end)]

    def timezone() -> icalendar.Timezone:
        # octopus writes its VTIMEZONE itself; here icalendar builds the same one.
        component = icalendar.Timezone()
        component.add("tzid", programme.zone.key)
        for observance in observances(programme.zone, instants):
            daylight = observance.daylight
            part = icalendar.TimezoneDaylight() if daylight else icalendar.TimezoneStandard()
            part.add("dtstart", observance.start)
            part.add("tzoffsetfrom", observance.offset_from)
            part.add("tzoffsetto", observance.offset_to)
            if observance.name:
                part.add("tzname", observance.name)
            if observance.rrule is not None:
                part.add("rrule", observance.rrule)
            component.add_component(part)
        return component

    def build() -> bytes:
        calendar = icalendar.Calendar()
        calendar.add("version", "2.0")
        calendar.add("prodid", "-//baseline//EN")
        calendar.add_component(timezone())
        for properties in values:
            event = icalendar.Event()
            for name, value in properties.items():
                event.add(name, value)
            calendar.add_component(event)
        data: bytes = calendar.to_ical()
        return data

    return median_call(build, runs)


def import_summary(octopus: list[str], env: dict[str, str]) -> list[tuple[str, float]]:
    """Cumulative import time of the top-level modules `octopus today` loads."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "octopus_cli", "today", "--at", AT],
        env=env,
        capture_output=True,
        text=True,
    )
    totals: dict[str, float] = {}
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = (part.strip() for part in line.split("|"))
        if name.startswith(" ") or not cumulative.isdigit():
            continue
        if not name.startswith(" "):
            top = name.split(".")[0]
            totals[top] = max(totals.get(top, 0.0), int(cumulative) / 1e6)
    return sorted(totals.items(), key=lambda item: -item[1])[:8]


def big_schedule_figures(
    octopus: str, env: dict[str, str], workdir: Path, runs: int, seed: int, khal: float | None
) -> list[tuple[str, float, str, bool | None]]:
    """A FOSDEM-sized published schedule (`fosdem_like.py`: 2 days, 60 rooms, 1,000
    events) as --programme: `today`, `now`, `list --format json` and `show` from the
    cache (each figure's warm-up run fills it) against khal, at most 0.35 x; then the
    first read of the XML and of the JSON (read, mapped, validated, cached and shown by
    `today`) with an empty OCTOPUS_HOME each time: under 1 s."""
    events = fosdem_like.schedule(seed)
    xml, pretalx = workdir / "fosdem-like.xml", workdir / "fosdem-like.json"
    xml.write_text(fosdem_like.to_xml(events), encoding="utf-8")
    pretalx.write_text(fosdem_like.to_json(events), encoding="utf-8")
    shown = events[len(events) // 2]
    # Each format a home of its own: both are the same conference, so reading one after
    # the other would note each time a changed version (their URLs differ).
    homes = {xml: workdir / "home-xml", pretalx: workdir / "home-json"}
    figures = (  # (source, words, text the warm-up run must print)
        (xml, f"today --at {BIG_AT}", None),
        (xml, f"now --at {BIG_AT}", None),
        (xml, f"list --format json --at {BIG_AT}", f'"id": "{shown.id}"'),
        (xml, f"show {shown.id}", shown.title),
        (pretalx, f"today --at {BIG_AT}", None),
    )
    rows: list[tuple[str, float, str, bool | None]] = []
    for source, words, expect in figures:
        command = [octopus, "--programme", str(source), *words.split()]
        seconds = median_time(command, {**env, "OCTOPUS_HOME": str(homes[source])}, runs, expect)
        name = f"octopus --programme {source.name} {words.replace(f' --at {BIG_AT}', '')}"
        if khal is None:
            rows.append((name, seconds, "<= 0.35 x khal", None))
        else:
            ratio = seconds / khal
            rows.append((name, seconds, f"{ratio:.2f} x khal (<= 0.35)", ratio <= 0.35))
    for source in (xml, pretalx):
        command = [octopus, "--programme", str(source), "today", "--at", BIG_AT]
        first = first_run_time(command, env, workdir / f"first-{source.suffix[1:]}", runs)
        name = f"{source.name} ({source.stat().st_size // 1000} kB), first read"
        rows.append((name, first, "no cache: < 1 s", first < 1))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description="Run every octopus speed figure.")
    parser.add_argument("--runs", type=int, default=9, help="runs per figure (median)")
    parser.add_argument("--seed", type=int, default=2021, help="seed of the generated data")
    parser.add_argument("--skip-khal", action="store_true", help="do not install khal")
    parser.add_argument(
        "--calendar-only", action="store_true", help="only the calendar-reading figures"
    )
    parser.add_argument(
        "--big-only",
        action="store_true",
        help="only khal and the FOSDEM-sized schedule's figures",
    )
    args = parser.parse_args()
    if args.calendar_only:
        with tempfile.TemporaryDirectory(prefix="octopus-bench-") as temporary:
            print_rows(calendar_figures(Path(temporary), args.runs, args.seed), args.runs, [])
        return
    octopus = shutil.which("octopus")
    if octopus is None:
        raise SystemExit("run this with 'uv run python benchmarks/run.py' (octopus not on PATH)")

    rows: list[tuple[str, float, str, bool | None]] = []
    with tempfile.TemporaryDirectory(prefix="octopus-bench-") as temporary:
        workdir = Path(temporary)
        # As on a user's machine: Python keeps compiled bytecode (some sandboxes turn that
        # off, which makes every run of octopus and khal alike compile its modules again).
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith("OCTOPUS_") and key not in ("COLUMNS", "PYTHONDONTWRITEBYTECODE")
        }
        env["OCTOPUS_HOME"] = str(workdir / "home")
        run = args.runs

        def octo(
            *command: str, extra: Mapping[str, str] | None = None, expect: str | None = None
        ) -> float:
            """Median time of `octopus <command>` with `extra` added to the environment."""
            return median_time([octopus, *command], {**env, **(extra or {})}, run, expect)

        bundled_ics = workdir / "octopus.ics"
        subprocess.run([octopus, "export", "-o", str(bundled_ics)], env=env, check=True)
        khal_command = None if args.skip_khal else setup_khal(workdir, bundled_ics)
        khal = median_time(khal_command, env, run) if khal_command else None
        if khal is not None:
            rows.append(("khal list (one day)", khal, "reference", None))
        if args.big_only:
            today = octo(*STARTUP[0].argv)  # the bundled programme's 21 sessions, for scale
            rows.append((STARTUP[0].name, today, "for scale", None))
            rows += big_schedule_figures(octopus, env, workdir, run, args.seed, khal)
            print_rows(rows, args.runs, [])
            return

        # So that `agenda show` shows something.
        subprocess.run([octopus, "agenda", "add", "ws6"], env=env, check=True, capture_output=True)
        for figure in STARTUP:
            seconds = octo(*figure.argv, extra=figure.env, expect=figure.expect)
            if khal is None:
                rows.append((figure.name, seconds, f"<= {figure.limit} x khal", None))
            else:
                ratio = seconds / khal
                target = f"{ratio:.2f} x khal (<= {figure.limit})"
                rows.append((figure.name, seconds, target, ratio <= figure.limit))

        big = workdir / "big.toml"
        big.write_text(generate.programme(10_000, 5, 20, args.seed), encoding="utf-8")
        huge = workdir / "huge.toml"
        huge.write_text(
            generate.programme(100_000, 100, 2, args.seed, clash_every=10), encoding="utf-8"
        )
        listing = octo("--programme", str(big), "list", "--format", "json")
        rows.append(("list --format json, 10k sessions", listing, "< 1 s", listing < 1))
        validating = octo("validate", str(big))
        rows.append(("validate, 10k sessions", validating, "< 1 s", validating < 1))
        first = first_run_time([octopus, "validate", str(big)], env, workdir, run)
        rows.append(("validate, 10k sessions, first run", first, "no cache: < 1 s", first < 1))
        revision = workdir / "big-v2.toml"
        revision.write_text(generate.revised(big.read_text(encoding="utf-8")), encoding="utf-8")
        diffing = octo("diff", str(big), str(revision), "--format", "json")
        rows.append(("diff, two versions of 10k sessions", diffing, "< 1 s", diffing < 1))
        command = [octopus, "diff", str(big), str(revision), "--format", "json"]
        cold = first_run_time(command, env, workdir / "diff", run)
        rows.append(("diff, 10k sessions, first run", cold, "no cache: 2 validations", None))
        subprocess.run(
            [octopus, "--programme", str(huge), "agenda", "add", "s*"],
            env=env,
            check=True,
            stderr=subprocess.DEVNULL,
        )
        clashing = octo("--programme", str(huge), "clashes", "--format", "plain")
        rows.append(("clashes, 100k picked sessions", clashing, "< 2 s", clashing < 2))
        out = workdir / "big.ics"
        exporting = octo("--programme", str(big), "export", "-o", str(out))
        baseline = icalendar_baseline(big, max(3, run // 3))
        ratio = exporting / baseline
        rows.append(("icalendar alone, 10k events", baseline, "reference", None))
        rows.append(
            (
                "export --format ics, 10k sessions",
                exporting,
                f"{ratio:.2f} x icalendar (<= 1.2)",
                ratio <= 1.2,
            )
        )
        rows += big_schedule_figures(octopus, env, workdir, run, args.seed, khal)
        imports = import_summary([octopus], env)
        rows += calendar_figures(workdir, run, args.seed)
    print_rows(rows, args.runs, imports)


def print_rows(
    rows: list[tuple[str, float, str, bool | None]], runs: int, imports: list[tuple[str, float]]
) -> None:
    cpu = platform.processor() or platform.machine()
    print(
        f"octopus benchmarks: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, Python "
        f"{platform.python_version()}, {os.cpu_count()} CPUs ({cpu}), {runs} runs each\n"
    )
    width = max(len(name) for name, *_ in rows)
    print(f"{'figure':<{width}}  {'median':>9}  target")
    for name, seconds, target, met in rows:
        mark = "" if met is None else ("  ok" if met else "  MISSED")
        print(f"{name:<{width}}  {seconds * 1000:7.0f}ms  {target}{mark}")
    if imports:
        print("\nimports of `octopus today` (python -X importtime, cumulative, top level):")
    for module, seconds in imports:
        print(f"  {module:<24} {seconds * 1000:6.1f} ms")
    missed = [name for name, _, _, met in rows if met is False]
    print("\nall targets met" if not missed else f"\nmissed: {', '.join(missed)}")


if __name__ == "__main__":
    main()
