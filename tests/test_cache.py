"""The cache of validated programmes saves time and can never serve stale data."""

from __future__ import annotations

from pathlib import Path

from conftest import MINIMAL_PROGRAMME, Run, write_programme

from octopus_cli.sources.loader import load_programme
from octopus_cli.store.cache import load_cached, store


def _entries(home: Path) -> list[Path]:
    return sorted((home / "cache").glob("programme-*.json"))


def test_a_loaded_programme_equals_the_validated_one(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    validated = load_programme(None)
    cached = load_programme(None, cache=cache)  # validates, then stores
    again = load_programme(None, cache=cache)  # from the cache
    assert len(list(cache.iterdir())) == 1
    assert again.sessions == validated.sessions
    assert again.conference == validated.conference
    # Equal datetimes could still differ in their zones: the same fixed offsets, the zone's.
    times = [(s.start, s.end) for s in validated.sessions]
    assert [(s.start.tzinfo, s.end.tzinfo) for s in again.sessions] == [
        (start.tzinfo, end.tzinfo) for start, end in times
    ]
    assert all(
        start.utcoffset() == start.astimezone(validated.zone).utcoffset() for start, _ in times
    )
    assert cached.sessions == validated.sessions


def test_an_edited_file_is_validated_again(run: Run, tmp_path: Path, home: Path) -> None:
    path = write_programme(tmp_path, MINIMAL_PROGRAMME)
    assert run("validate", str(path)).exit_code == 0
    assert len(_entries(home)) == 1
    path.write_text(MINIMAL_PROGRAMME.replace('"b1"', '"a1"'), encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert "duplicate id" in result.stdout
    listing = run("--programme", str(path), "list")
    assert listing.exit_code == 2
    assert "duplicate id" in listing.stderr


def test_a_damaged_entry_is_a_miss_not_an_error(run: Run, tmp_path: Path, home: Path) -> None:
    path = write_programme(tmp_path, MINIMAL_PROGRAMME)
    assert run("--programme", str(path), "list", "-f", "json").exit_code == 0
    (entry,) = _entries(home)
    entry.write_text('{"format": 1, "zone": "Europe/Paris", "sessions": [', encoding="utf-8")
    result = run("--programme", str(path), "list", "--format", "plain")
    assert result.exit_code == 0
    assert "a1" in result.stdout
    assert result.stderr == ""


def test_an_unwritable_cache_only_costs_time(tmp_path: Path) -> None:
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the directory should be", encoding="utf-8")
    programme = load_programme(None, cache=blocked)
    assert len(programme.sessions) == 25
    data = Path(programme.path).read_bytes()
    store(blocked, data, programme)  # no error
    assert load_cached(blocked, data, programme.path) is None


def test_a_cached_programme_keeps_its_snapshot_fingerprint(tmp_path: Path) -> None:
    """What changed since the user last looked is found by the sessions' fingerprint; the
    cache keeps it, so that a run need not make and hash 1,000 rows to compare it."""
    from octopus_cli.store.snapshots import Version, fingerprint

    schedules = Path(__file__).parent / "fixtures" / "schedules"
    for source in (None, *sorted(schedules.iterdir())):
        cache = tmp_path / "cache"
        load_programme(source, cache=cache)  # validates, then stores
        cached = load_programme(source, cache=cache)
        assert cached.fingerprint is not None
        validated = load_programme(source)
        assert cached.sessions == validated.sessions
        computed = Version.of(validated).fingerprint
        assert cached.fingerprint == computed == fingerprint(cached)


def test_an_entry_keeps_every_field_of_a_session() -> None:
    """Entries keep sessions as rows: a field added to `Session` must be added there."""
    from dataclasses import fields

    from octopus_cli.core.models import Session
    from octopus_cli.store.cache import SESSION_FIELDS

    assert tuple(field.name for field in fields(Session)) == SESSION_FIELDS
