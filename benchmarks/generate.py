"""Synthetic programmes and calendars for the benchmarks, reproducible from a seed.

python benchmarks/generate.py programme --sessions 10000 --days 5 --tracks 20 -o big.toml
python benchmarks/generate.py programme --sessions 10000 --revised -o big-v2.toml
python benchmarks/generate.py calendar --events 100000 -o busy.ics
python benchmarks/generate.py calendar --events 100000 --google -o google.ics
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


def revised(text: str, every: int = 50) -> str:
    """The next version of a `programme`: of every `every` sessions one is cancelled, one
    retitled, one moved a minute later, one given a new id; and for every `every` in track
    1 a new session beside it, in a track of its own (a diff benchmark's input)."""
    head, *blocks = text.split("[[sessions]]\n")
    kept, added = [], []
    for index, block in enumerate(blocks):
        change = index % every
        if change == 1:
            continue
        if change == 2:
            block = block.replace('title = "', 'title = "Revised: ', 1)
        elif change == 3:
            lines = block.split("\n")
            for number, line in enumerate(lines):
                if line.startswith(("start = ", "end = ")):
                    name, _, value = line.partition(" = ")
                    later = datetime.fromisoformat(value) + timedelta(minutes=1)
                    lines[number] = f"{name} = {later.isoformat()}"
            block = "\n".join(lines)
        elif change == 4:
            block = block.replace('id = "', 'id = "renamed-', 1)
        elif change == 5 and "\ntrack = 1\n" in block:
            extra = block.replace('id = "', 'id = "new-', 1).replace("track = 1", "track = 999")
            added.append(extra.replace('title = "', 'title = "New: ', 1))
        kept.append(block)
    return "[[sessions]]\n".join([head, *kept, *added])


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


_PARIS_VTIMEZONE = [
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Paris",
    "X-LIC-LOCATION:Europe/Paris",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
]
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def google_calendar(events: int, seed: int) -> str:
    """A Google Calendar export of `events` VEVENTs over 2016-2025, shaped as Google writes
    them (a VTIMEZONE, DTSTAMP, CREATED, DESCRIPTION, SEQUENCE, STATUS, TRANSP, VALARM):
    5 % weekly series (a third ended by UNTIL, a tenth by COUNT, the rest endless), 1 %
    overrides that move one occurrence of a series by an hour, the rest single events."""
    rng = random.Random(seed)
    lines = [
        "BEGIN:VCALENDAR",
        "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:benchmark@example.org",
        "X-WR-TIMEZONE:Europe/Paris",
        *_PARIS_VTIMEZONE,
    ]
    first = datetime(2016, 1, 1, 7)
    series: list[tuple[str, datetime]] = []
    for number in range(events):
        uid = f"{seed}x{number:07d}@google.com"
        begins = first + timedelta(
            days=rng.randrange(10 * 365), minutes=rng.randrange(0, 12 * 60, 15)
        )
        length = timedelta(minutes=rng.choice((15, 30, 45, 60, 90)))
        extra: list[str] = []
        kind = number % 100
        if kind < 5:  # a weekly series
            weekday = _WEEKDAYS[begins.weekday()]
            end = rng.random()
            if end < 0.33:
                until = begins + timedelta(weeks=rng.randint(2, 150))
                rule = f"FREQ=WEEKLY;WKST=MO;UNTIL={until:%Y%m%dT%H%M%S}Z;BYDAY={weekday}"
            elif end < 0.43:
                rule = f"FREQ=WEEKLY;WKST=MO;COUNT={rng.randint(2, 60)};BYDAY={weekday}"
            else:
                rule = f"FREQ=WEEKLY;WKST=MO;BYDAY={weekday}"
            extra.append(f"RRULE:{rule}")
            series.append((uid, begins))
        elif kind == 5 and series:  # an override of an earlier series
            uid, original = rng.choice(series)
            moved = original + timedelta(weeks=rng.randint(0, 20))
            extra.append(f"RECURRENCE-ID;TZID=Europe/Paris:{moved:%Y%m%dT%H%M%S}")
            begins = moved + timedelta(hours=1)
        lines += [
            "BEGIN:VEVENT",
            f"DTSTART;TZID=Europe/Paris:{begins:%Y%m%dT%H%M%S}",
            f"DTEND;TZID=Europe/Paris:{begins + length:%Y%m%dT%H%M%S}",
            *extra,
            "DTSTAMP:20211112T084512Z",
            f"UID:{uid}",
            f"CREATED:{begins - timedelta(days=3):%Y%m%dT%H%M%S}Z",
            "DESCRIPTION:Join with Google Meet: https://meet.google.com/abc-defg-hij\\nOr d",
            " ial: (FR) +33 1 23 45 67 89 PIN: 123 456 789#",
            f"LAST-MODIFIED:{begins - timedelta(days=2):%Y%m%dT%H%M%S}Z",
            "LOCATION:",
            f"SEQUENCE:{rng.randint(0, 2)}",
            "STATUS:CONFIRMED",
            f"SUMMARY:{rng.choice(WORDS).capitalize()} meeting {number}",
            "TRANSP:OPAQUE",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            "DESCRIPTION:This is an event reminder",
            "TRIGGER:-P0DT0H10M0S",
            "END:VALARM",
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
    prog.add_argument("--revised", action="store_true", help="the next version (diff)")
    cal = sub.add_parser("calendar")
    cal.add_argument("--events", type=int, default=100_000)
    cal.add_argument("--google", action="store_true", help="Google-style, with series")
    for command in (prog, cal):
        command.add_argument("--seed", type=int, default=2021)
        command.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    if args.what == "programme":
        text = programme(args.sessions, args.days, args.tracks, args.seed, args.clash_every)
        text = revised(text) if args.revised else text
    elif args.google:
        text = google_calendar(args.events, args.seed)
    else:
        text = calendar(args.events, args.seed)
    args.output.write_text(text, encoding="utf-8", newline="")


if __name__ == "__main__":
    main()
