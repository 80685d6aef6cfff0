"""Hardening of the files and streams octopus touches (issue 15, items 2-5, 10-12, 14, 21):
the one writer (`store/fileio.py` `write_atomic`), the one reader (`read_input`), the cache,
the homes, the programme's key, and the standard streams at the entry point.

Cases that need an ordinary user (a read-only file, a directory one cannot enter) run the
real program as one: as themselves when the tests do not run as root, else (CI runs as
root) as `nobody` through `setpriv`, skipped with the reason when that is impossible.
Cases that could hang (a FIFO where a file should be) run in a subprocess with a timeout."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import MINIMAL_PROGRAMME, Run, write_programme

from octopus_cli.core.choices import Kind
from octopus_cli.core.models import Conference, Programme, Session
from octopus_cli.sources.loader import load_programme
from octopus_cli.sources.programme import default_programme_path
from octopus_cli.store.cache import cache_key, load_cached, store

POSIX = sys.platform != "win32"
IS_ROOT = POSIX and os.geteuid() == 0
NOBODY = 65534
TIMEOUT = 20.0  # a FIFO or /dev/zero that still hangs fails the test instead of the suite
needs_posix = pytest.mark.skipif(not POSIX, reason="POSIX files: FIFOs, devices, modes")


# ---- running the real program, as ourselves or as an ordinary user ------------------------


@dataclass(frozen=True)
class Done:
    returncode: int
    out: str
    err: str


def _env(home: Path | None, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    scrubbed = ("OCTOPUS_", "XDG_", "PYTHON", "NO_COLOR", "COLUMNS", "LC_", "LANG", "TZ")
    env = {k: v for k, v in os.environ.items() if k == "PYTHONPATH" or not k.startswith(scrubbed)}
    env.update({"LANG": "C.UTF-8", "NO_COLOR": "1", "PYTHONDONTWRITEBYTECODE": "1"})
    if home is not None:
        env["OCTOPUS_HOME"] = str(home)
    env.update(extra or {})
    return env


def octopus(
    *args: str,
    home: Path | None,
    env: Mapping[str, str] | None = None,
    user: Sequence[str] = (),
    cwd: Path | None = None,
    shell: str | None = None,
) -> Done:
    """`octopus ARGS` in a process of its own; `shell` wraps it ('exec "$@" >&-')."""
    command = [*user, sys.executable, "-m", "octopus_cli", *args]
    if shell is not None:
        command = ["sh", "-c", shell, "sh", *command]
    proc = subprocess.run(
        command,
        env=_env(home, env),
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )
    out, err = proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    return Done(proc.returncode, out, err)


def _switch_to(uid: int) -> list[str]:
    return ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups"]


def _why_no_other_user() -> str | None:
    """None when the tests can run octopus as another user; else why not."""
    if not IS_ROOT:
        return None  # we are an ordinary user already
    if shutil.which("setpriv") is None:
        return "running as root without setpriv to become an ordinary user"
    probe = [*_switch_to(NOBODY), sys.executable, "-c", "import octopus_cli"]
    try:
        done = subprocess.run(probe, capture_output=True, timeout=TIMEOUT, check=False)
    except OSError as error:
        return f"cannot run setpriv: {error}"
    if done.returncode != 0:
        return f"uid {NOBODY} cannot run {sys.executable}: {done.stderr[-200:]!r}"
    return None


_NO_OTHER_USER = _why_no_other_user()
as_ordinary_user = pytest.mark.skipif(_NO_OTHER_USER is not None, reason=str(_NO_OTHER_USER))


@pytest.fixture
def user_dir(tmp_path: Path) -> Iterator[tuple[Path, list[str]]]:
    """A directory the ordinary user owns, and the command prefix that runs as that user."""
    if not IS_ROOT:
        yield tmp_path, []
        return
    path = Path(tempfile.mkdtemp(prefix="octopus-user-"))  # pytest's tmp_path is root's 0700
    os.chown(path, NOBODY, NOBODY)
    try:
        yield path, _switch_to(NOBODY)
    finally:
        for inner in path.rglob("*"):
            if inner.is_dir() and not inner.is_symlink():
                inner.chmod(0o700)
        shutil.rmtree(path)


def _as_user(path: Path) -> None:
    if IS_ROOT:
        os.lchown(path, NOBODY, NOBODY)


def _line(args: Sequence[str]) -> str:
    """A test id: the command line as typed."""
    return " ".join(args)


def _files(directory: Path) -> list[str]:
    """The names in `directory`, but for the OCTOPUS_HOME of the `home` fixture."""
    return sorted(p.name for p in directory.iterdir() if p.name != "octopus-home")


# ---- 2. one key per programme, whatever the script of its name ------------------------------


def _programme(name: str, edition: int | None = None, title: str = "Opening") -> Programme:
    zone = ZoneInfo("Europe/Paris")
    start = datetime(2021, 11, 16, 9, tzinfo=zone)
    session = Session(
        id="s1", title=title, kind=Kind.TALK, start=start, end=start + timedelta(hours=1)
    )
    conference = Conference(
        name=name,
        edition=edition,
        timezone="Europe/Paris",
        start_date=date(2021, 11, 16),
        end_date=date(2021, 11, 16),
    )
    return Programme(conference, zone, [session], "test.toml")


DISTINCT_NAMES = [
    "Конференция по киберпреступности",
    "Симпозиум по киберпреступности",
    "東京サイバー会議",
    "大阪サイバー会議",
    "مؤتمر الجرائم الإلكترونية",
    "Conférence",
    "Conference",
    "C++ Days",
    "C Days",
    "!!!",
    "???",
]


def test_distinct_names_in_any_script_have_distinct_keys() -> None:
    keys = [_programme(name).key for name in DISTINCT_NAMES]
    assert len(set(keys)) == len(keys), dict(zip(DISTINCT_NAMES, keys, strict=True))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*(--[0-9a-f]{12})?", key) for key in keys)
    # Editions make programmes distinct in every script too.
    assert _programme("Конференция", 2021).key != _programme("Конференция", 2022).key


def test_the_same_programme_keeps_its_key_in_every_run() -> None:
    name = "Конференция по киберпреступности"
    assert _programme(name).key == _programme(name, title="Another session").key
    assert _programme(name.upper()).key == _programme(name).key  # case is not identity
    # Pinned: UIDs in calendars and keys in agenda files must survive every release.
    assert _programme(name).key == "programme--51c21382ab21"
    assert _programme("Conférence de Paris").key.startswith("conference-de-paris--")


@pytest.mark.parametrize(
    ("name", "edition", "key"),
    [
        ("Octopus Conference", 2021, "octopus-conference-2021"),
        ("Octopus Conference 2021", None, "octopus-conference-2021"),
        ("Test Conference", None, "test-conference"),
        ("Night Conference", None, "night-conference"),
        ("FOSDEM: Free & Open", None, "fosdem-free-open"),
        ("Notepad++ Days", None, "notepad-days--"),
        ("PyCon US (2024), Pittsburgh", None, "pycon-us-2024-pittsburgh"),
        ("  Chaos Communication Congress  ", 37, "chaos-communication-congress-37"),
    ],
)
def test_names_that_had_a_good_key_keep_it(name: str, edition: int | None, key: str) -> None:
    found = _programme(name, edition).key
    assert found.startswith(key) if key.endswith("--") else found == key


def test_the_bundled_programme_keeps_its_key() -> None:
    assert load_programme(None).key == "octopus-conference-2021"


def _cyrillic(name: str) -> str:
    return MINIMAL_PROGRAMME.replace('name = "Test Conference"', f'name = "{name}"')


def test_two_conferences_share_neither_agenda_nor_uids(run: Run, tmp_path: Path) -> None:
    first = write_programme(tmp_path, _cyrillic("Конференция 2021"), "a.toml")
    second = write_programme(tmp_path, _cyrillic("Симпозиум 2021"), "b.toml")
    assert run("--programme", str(first), "agenda", "add", "a1").exit_code == 0
    assert run("--programme", str(second), "agenda", "add", "b1").exit_code == 0
    assert run("--programme", str(second), "agenda", "clear").exit_code == 0
    kept = run("--programme", str(first), "agenda", "show", "--format", "json")
    assert kept.exit_code == 0, kept.stderr
    assert [s["id"] for s in json.loads(kept.stdout)["sessions"]] == ["a1"]
    uids = []
    for path in (first, second):
        exported = run("--programme", str(path), "export", "a1", "-o", "-")
        assert exported.exit_code == 0, exported.stderr
        uids += re.findall(r"^UID:(\S+)", exported.stdout, re.MULTILINE)
    assert len(uids) == 2 and uids[0] != uids[1], uids


# ---- 3 and 12. the one writer: what it refuses --------------------------------------------


@needs_posix
@as_ordinary_user
@pytest.mark.parametrize("through", ["file", "link"])
@pytest.mark.parametrize("command", [["export"], ["grid", "--day", "1"]], ids=_line)
def test_a_read_only_target_is_refused_and_kept(
    user_dir: tuple[Path, list[str]], command: list[str], through: str
) -> None:
    directory, user = user_dir
    name = "keep.ics" if command[0] == "export" else "keep.txt"
    target = directory / (name if through == "file" else f"real-{name}")
    target.write_bytes(b"keep\n")
    target.chmod(0o444)
    _as_user(target)
    if through == "link":  # written through, as ever: so its target must be writable
        (directory / name).symlink_to(target.name)
        _as_user(directory / name)
    done = octopus(*command, "-o", name, home=directory / "home", user=user, cwd=directory)
    assert done.returncode == 2, done
    assert done.err.startswith(f"Error: cannot write {name}: it is read-only"), done.err
    assert target.read_bytes() == b"keep\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o444
    assert [n for n in _files(directory) if n != "home"] == sorted({name, target.name})


@needs_posix
@as_ordinary_user
@pytest.mark.parametrize("command", [["export"], ["grid", "--day", "1"]], ids=_line)
def test_a_directory_the_user_cannot_enter(
    user_dir: tuple[Path, list[str]], command: list[str]
) -> None:
    directory, user = user_dir
    locked = directory / "locked"
    locked.mkdir()
    _as_user(locked)
    locked.chmod(0)
    out = "locked/x.ics" if command[0] == "export" else "locked/x.txt"
    done = octopus(*command, "-o", out, home=directory / "home", user=user, cwd=directory)
    assert done.returncode == 2, done
    assert done.err.startswith(f"Error: cannot write {out}: Permission denied"), done.err
    locked.chmod(0o700)
    assert _files(locked) == []


@needs_posix
def test_a_symlink_loop_is_refused(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    Path("loop.ics").symlink_to("loop.ics")
    result = run("export", "-o", "loop.ics")
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith("Error: cannot write loop.ics: "), result.stderr
    assert "symbolic links" in result.stderr
    assert _files(tmp_path) == ["loop.ics"]


def test_a_file_name_too_long_is_refused(run: Run, tmp_path: Path) -> None:
    name = "a" * 300 + ".ics"
    result = run("export", "-o", str(tmp_path / name))
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith("Error: cannot write "), result.stderr
    assert "File name too long" in result.stderr
    assert _files(tmp_path) == []


def test_a_long_name_that_fits_is_written_without_a_stray_temporary(
    run: Run, tmp_path: Path
) -> None:
    name = "a" * 250 + ".ics"  # its temporary name '.NAME.xxxxxxxxxxxx' would not fit
    result = run("export", "-o", str(tmp_path / name))
    assert result.exit_code == 0, result.stderr
    assert _files(tmp_path) == [name]
    assert (tmp_path / name).read_bytes().startswith(b"BEGIN:VCALENDAR")


@needs_posix
@pytest.mark.parametrize("device", ["/dev/stdout", "/dev/null"])
def test_a_device_is_written_to_in_place(home: Path, device: str) -> None:
    done = octopus("export", "ws6", "-o", device, home=home)
    assert done.returncode == 0, done
    assert done.out.startswith("BEGIN:VCALENDAR") == (device == "/dev/stdout")
    assert Path(device).exists()


# ---- 4 and 5. the cache -------------------------------------------------------------------


def _entry(home: Path, programme: Path) -> Path:
    return home / "cache" / f"programme-{cache_key(programme.read_bytes())}.json"


@pytest.fixture
def cached(run: Run, home: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A programme and its cache entry, made by a first run."""
    path = write_programme(tmp_path, MINIMAL_PROGRAMME)
    assert run("--programme", str(path), "list", "--format", "json").exit_code == 0
    entry = _entry(home, path)
    assert entry.is_file()
    return path, entry


def _lists_the_programme(run: Run, path: Path) -> None:
    result = run("--programme", str(path), "list", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    sessions = json.loads(result.stdout)["sessions"]
    assert [(s["id"], s["track"], s["title"]) for s in sessions] == [
        ("a1", 1, "First"),
        ("b1", 2, "Second"),
    ]


def _forged(programme: Programme) -> Programme:
    """The same programme with its first title changed: what a planted entry would serve."""
    first, *rest = programme.sessions
    changed = Session(**{**{n: getattr(first, n) for n in first.__slots__}, "title": "FORGED"})
    return Programme(programme.conference, programme.zone, [changed, *rest], programme.path)


@needs_posix
def test_a_link_planted_at_the_entry_name_is_neither_read_nor_written_through(
    run: Run, tmp_path: Path, cached: tuple[Path, Path]
) -> None:
    path, entry = cached
    elsewhere = tmp_path / "elsewhere"
    data = path.read_bytes()
    store(elsewhere, data, _forged(load_programme(path)))  # a valid entry, forged titles
    (victim,) = elsewhere.iterdir()
    planted = victim.read_bytes()
    entry.unlink()
    entry.symlink_to(victim)
    _lists_the_programme(run, path)
    assert victim.read_bytes() == planted
    assert entry.is_file() and not entry.is_symlink()  # replaced by a new entry


@pytest.mark.parametrize(
    "damage",
    ["track-as-text", "deep-nesting", "truncated", "not-utf-8"],
)
def test_a_damaged_entry_is_a_miss(run: Run, cached: tuple[Path, Path], damage: str) -> None:
    path, entry = cached
    data = entry.read_bytes()
    if damage == "track-as-text":
        assert b'"workshop",1,' in data  # a session's row: ..., kind, track, ...
        entry.write_bytes(data.replace(b'"workshop",1,', b'"workshop","1",'))
    elif damage == "deep-nesting":
        entry.write_bytes(b"[" * 100_000 + b"]" * 100_000)
    elif damage == "truncated":
        entry.write_bytes(data[: len(data) // 2])
    else:
        entry.write_bytes(data.replace(b"Europe/Paris", b"Europe/P\xe4ris"))
    _lists_the_programme(run, path)


@needs_posix
def test_a_fifo_at_the_entry_name_does_not_hang(home: Path, cached: tuple[Path, Path]) -> None:
    path, entry = cached
    entry.unlink()
    os.mkfifo(entry)
    done = octopus("--programme", str(path), "list", "--format", "plain", home=home)
    assert done.returncode == 0, done
    assert "a1" in done.out


@needs_posix
@pytest.mark.skipif(not IS_ROOT, reason="needs root to give the directory to another user")
def test_a_cache_directory_of_another_user_is_not_used(tmp_path: Path) -> None:
    data = default_programme_path().read_bytes()
    cache = tmp_path / "cache"
    store(cache, data, _forged(load_programme(None)))
    (entry,) = cache.iterdir()
    os.chown(cache, NOBODY, NOBODY)
    assert load_cached(cache, data, "x") is None
    os.chown(cache, 0, 0)
    os.chown(entry, NOBODY, NOBODY)  # our directory, someone else's entry
    assert load_cached(cache, data, "x") is None


def test_the_cache_directory_is_private(tmp_path: Path) -> None:
    data = default_programme_path().read_bytes()
    cache = tmp_path / "new" / "cache"
    store(cache, data, load_programme(None))
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    (entry,) = cache.iterdir()
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert load_cached(cache, data, "x") is not None


@needs_posix
def test_a_cache_directory_that_is_a_link_is_not_used(tmp_path: Path) -> None:
    data = default_programme_path().read_bytes()
    real = tmp_path / "real"
    store(real, data, _forged(load_programme(None)))
    link = tmp_path / "cache"
    link.symlink_to(real)
    assert load_cached(link, data, "x") is None
    (entry,) = real.iterdir()
    entry.unlink()
    store(link, data, load_programme(None))
    assert list(real.iterdir()) == []


def _zone_file(key: str) -> bytes:
    import zoneinfo

    for base in zoneinfo.TZPATH:
        if Path(base, key).is_file():
            return Path(base, key).read_bytes()
    import tzdata

    return Path(tzdata.__file__).parent.joinpath("zoneinfo", key).read_bytes()


def test_the_cache_follows_the_zone_rules(home: Path, tmp_path: Path) -> None:
    """A tzdata update, simulated by PYTHONTZPATH: Paris takes Tokyo's rules (+09:00)."""
    path = write_programme(tmp_path, MINIMAL_PROGRAMME)
    rules = tmp_path / "tz"
    (rules / "Europe").mkdir(parents=True)
    (rules / "Europe" / "Paris").write_bytes(_zone_file("Asia/Tokyo"))
    (rules / "UTC").write_bytes(_zone_file("UTC"))

    def first_start(**env: str) -> str:
        done = octopus("--programme", str(path), "list", "--format", "json", home=home, env=env)
        assert done.returncode == 0, done
        start: str = json.loads(done.out)["sessions"][0]["start"]
        return start

    assert first_start() == "2021-11-16T09:00:00+01:00"
    assert first_start(PYTHONTZPATH=str(rules)) == "2021-11-16T09:00:00+09:00"
    assert first_start() == "2021-11-16T09:00:00+01:00"


# ---- 10. the standard streams -------------------------------------------------------------


@needs_posix
def test_a_closed_stdout_is_an_error_not_a_crash(home: Path) -> None:
    done = octopus("list", home=home, shell='exec "$@" >&-')
    assert done.returncode == 2, done
    assert done.err == "Error: cannot write the output: standard output is closed\n"


@needs_posix
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize(
    "args",
    [["list", "--format", "json"], ["export", "-o", "-"], ["--version"], ["--help"]],
    ids=_line,
)
def test_a_full_disk_on_stdout_is_an_error(home: Path, args: list[str]) -> None:
    done = octopus(*args, home=home, shell='exec "$@" >/dev/full')
    assert done.returncode == 2, done
    assert done.err == "Error: cannot write the output: No space left on device\n"


@needs_posix
@pytest.mark.parametrize("closed", ["2>&-", ">&-", "<&- >&- 2>&-"])
def test_an_export_to_a_file_needs_neither_stdout_nor_stderr(
    home: Path, tmp_path: Path, closed: str
) -> None:
    target = tmp_path / "f.ics"
    done = octopus("export", "-o", str(target), home=home, shell=f'exec "$@" {closed}')
    assert done.returncode == 0, done
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert _files(tmp_path) == ["f.ics"]


# ---- 11. homes ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [["today"], ["list"], ["config", "show"], ["agenda", "show"], ["export", "-o", "-"]],
    ids=_line,
)
def test_an_octopus_home_of_an_unknown_user(run: Run, args: list[str]) -> None:
    result = run(*args, env={"OCTOPUS_HOME": "~nosuchuser-octopus/x"})
    assert result.exit_code == 2, result.stdout
    assert result.stderr.startswith(
        "Error: OCTOPUS_HOME: cannot find the home directory in '~nosuchuser-octopus/x'"
    ), result.stderr


def _uid_without_a_name() -> int | None:
    import pwd

    for uid in range(54321, 54400):
        try:
            pwd.getpwuid(uid)
        except KeyError:
            return uid
    return None


@needs_posix
@pytest.mark.skipif(not IS_ROOT, reason="needs root to run as a uid without a passwd entry")
@pytest.mark.skipif(_NO_OTHER_USER is not None, reason=str(_NO_OTHER_USER))
@pytest.mark.parametrize(
    "args", [["today"], ["agenda", "add", "ws6"], ["config", "show"]], ids=_line
)
def test_no_home_at_all(tmp_path: Path, args: list[str]) -> None:
    uid = _uid_without_a_name()
    assert uid is not None
    env = {k: v for k, v in _env(None).items() if k != "HOME"}
    command = [*_switch_to(uid), sys.executable, "-m", "octopus_cli", *args]
    proc = subprocess.run(command, env=env, capture_output=True, timeout=TIMEOUT, cwd="/")
    err = proc.stderr.decode()
    assert "Traceback" not in err, err
    assert proc.returncode == 2, err
    assert err.startswith("Error: cannot find your home directory"), err
    assert "HOME" in err and "OCTOPUS_HOME" in err


# ---- 21. the settings and the agenda are regular files of a sane size ----------------------


@needs_posix
@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "huge"])
@pytest.mark.parametrize(
    ("name", "args", "says", "cap"),
    [
        ("config.toml", ["list"], "Error: cannot read the config file {file}: ", "1 MB"),
        ("agenda.json", ["agenda", "show"], "Error: the agenda file {file} ", "32 MB"),
    ],
    ids=["config.toml", "agenda.json"],
)
def test_settings_and_agenda_must_be_regular_files_of_a_sane_size(
    home: Path, kind: str, name: str, args: list[str], says: str, cap: str
) -> None:
    path = home / name
    if kind == "fifo":
        os.mkfifo(path)
        problem = "not a regular file"
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
        problem = "not a regular file"
    else:
        with path.open("wb") as handle:
            handle.truncate(100 * 1024 * 1024)  # sparse: 100 MB of nothing
        problem = f"too large (over {cap})"
    done = octopus(*args, home=home)
    assert done.returncode == 2, done
    assert done.err.startswith(says.format(file=path)), done.err
    assert problem in done.err
    assert done.out == ""


@needs_posix
def test_a_fifo_agenda_only_costs_the_marks(home: Path) -> None:
    os.mkfifo(home / "agenda.json")
    done = octopus("list", "--format", "plain", home=home)
    assert done.returncode == 0, done
    assert "ws6" in done.out
    assert done.err.startswith("Warning: the agenda file"), done.err
