"""Synthetic programmes and calendars for the benchmarks, reproducible from a seed.

python benchmarks/generate.py programme --sessions 10000 --days 5 --tracks 20 -o big.toml
python benchmarks/generate.py calendar --events 100000 -o busy.ics
"""

from __future__ import annotations

import argparse
import random
from datetime import date, datetime, timedelta
from pathlib import Path

KINDS = ("workshop", "talk", "panel", "keynote", "lightning-talks")
WORDS = (
    "cybercrime",
    "evidence",
    "ransomware",
    "cooperation",
    "protocol",
    "capacity",
    "judicial",
    "training",
    "victims",
    "offenders",
    "legislation",
    "strategy",
    "detection",
    "cloud",
    "jurisdiction",
    "privacy",
    "forensics",
)


def programme(sessions: int, days: int, tracks: int, seed: int, clash_every: int = 0) -> str:
    """A valid programme of `sessions` over `days` and `tracks`.

    Normally the tracks run in parallel, slot by slot, as at a real conference. With
    `clash_every` N the tracks take turns within each slot instead, so sessions rarely
    overlap, except every Nth one, which starts a minute early (a clash benchmark whose
    answer is a few percent of the sessions, not all pairs)."""
    rng = random.Random(seed)
    first_day = date(2021, 11, 16)
    per_track = -(-sessions // tracks)
    per_day = -(-per_track // days)
    slot = (24 * 60) // per_day
    if slot < (tracks if clash_every else 1):
        raise SystemExit("too many sessions for these days and tracks: add days")
    lines = [
        "[conference]",
        f'name = "Synthetic Conference {seed}"',
        'timezone = "UTC"',
        f"start_date = {first_day.isoformat()}",
        f"end_date = {(first_day + timedelta(days=days)).isoformat()}",
        "",
    ]
    made = 0
    for track in range(1, tracks + 1):
        for index in range(per_track):
            if made == sessions:
                break
            day, position = divmod(index, per_day)
            begins = datetime.combine(first_day + timedelta(days=day), datetime.min.time())
            begins += timedelta(minutes=position * slot)
            if clash_every:
                width = slot // tracks
                begins += timedelta(minutes=(track - 1) * width)
                ends = begins + timedelta(minutes=width)
                if track > 1 and index % clash_every == 0:
                    begins -= timedelta(minutes=1)
            else:
                ends = begins + timedelta(minutes=max(1, slot - slot // 6))
            title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 6))).capitalize()
            tags = sorted({rng.choice(WORDS) for _ in range(rng.randint(0, 3))})
            lines += [
                "[[sessions]]",
                f'id = "s{made + 1}"',
                f'title = "{title}"',
                f'kind = "{rng.choice(KINDS)}"',
                f"track = {track}",
                f"start = {begins.isoformat()}",
                f"end = {ends.isoformat()}",
                "tags = [" + ", ".join(f'"{tag}"' for tag in tags) + "]",
                "",
            ]
            made += 1
    return "\n".join(lines)


def calendar(events: int, seed: int) -> str:
    """An .ics export with `events` timed events (UTC and zoned) around the conference."""
    rng = random.Random(seed)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//octopus benchmarks//EN"]
    first = datetime(2021, 1, 1)
    for number in range(events):
        begins = first + timedelta(minutes=rng.randint(0, 365 * 24 * 60 // 15) * 15)
        ends = begins + timedelta(minutes=rng.choice((15, 30, 45, 60, 90)))
        when = (
            [f"DTSTART:{begins:%Y%m%dT%H%M%S}Z", f"DTEND:{ends:%Y%m%dT%H%M%S}Z"]
            if number % 2
            else [
                f"DTSTART;TZID=Europe/Paris:{begins:%Y%m%dT%H%M%S}",
                f"DTEND;TZID=Europe/Paris:{ends:%Y%m%dT%H%M%S}",
            ]
        )
        lines += [
            "BEGIN:VEVENT",
            f"UID:bench-{seed}-{number}",
            "DTSTAMP:20211001T000000Z",
            *when,
            f"SUMMARY:{rng.choice(WORDS).capitalize()} meeting {number}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    prog = sub.add_parser("programme")
    prog.add_argument("--sessions", type=int, default=10_000)
    prog.add_argument("--days", type=int, default=5)
    prog.add_argument("--tracks", type=int, default=20)
    prog.add_argument("--clash-every", type=int, default=0)
    cal = sub.add_parser("calendar")
    cal.add_argument("--events", type=int, default=100_000)
    for command in (prog, cal):
        command.add_argument("--seed", type=int, default=2021)
        command.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    if args.what == "programme":
        text = programme(args.sessions, args.days, args.tracks, args.seed, args.clash_every)
    else:
        text = calendar(args.events, args.seed)
    args.output.write_text(text, encoding="utf-8", newline="")


if __name__ == "__main__":
    main()
