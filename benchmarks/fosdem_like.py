"""A FOSDEM-sized published schedule for the benchmarks, reproducible from a seed.

    python benchmarks/fosdem_like.py -o big.xml            # frab/pentabarf schedule.xml
    python benchmarks/fosdem_like.py --json -o big.json    # the same as pretalx's JSON

Two days (Saturday 1 and Sunday 2 February 2025, Europe/Brussels), 60 rooms named as
FOSDEM names them ('Janson', 'K.1.105 (La Fontaine)', 'UD2.218A'), about 1,000 events of
5 to 60 minutes: main-track talks, keynotes, lightning talks and devrooms that open with a
five-minute welcome, each with one to three persons, an abstract and often a description
in HTML, a feedback link and sometimes slides and a video. The XML is in pentabarf's
later shape: a <day_change> (09:00, as FOSDEM's) and a third of the events without
<date>, read from their <day> and <start>; the JSON is pretalx's, every event dated.
Generated into a temporary directory by `run.py`; never kept as data."""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

BRUSSELS = timezone(timedelta(hours=1))  # CET: FOSDEM is in winter
DAYS = (date(2025, 2, 1), date(2025, 2, 2))
ACRONYM = "fosdem-like-2025"
BASE = "https://fosdem.example.org/2025"

# 60 rooms, in the order the schedule lists them (the big ones first, then by building).
ROOMS = (
    "Janson",
    "K.1.105 (La Fontaine)",
    "H.2215 (Ferrer)",
    "H.1301 (Cornil)",
    "H.1302 (Depage)",
    "H.1308 (Rolin)",
    "H.1309 (Van Rijn)",
    "H.2213",
    "H.2214",
    "H.3227",
    "H.3228",
    "H.3242",
    "H.3244",
    "UA2.114 (Baudoux)",
    "UA2.118 (Henriot)",
    "UA2.220 (Guillissen)",
    "UB2.147",
    "UB2.252A (Lameere)",
    "UB4.132",
    "UB4.136",
    "UB4.228",
    "UB5.132",
    "UB5.230",
    "UD2.119",
    "UD2.120 (Chavanne)",
    "UD2.208 (Decroly)",
    "UD2.218A",
    "UD6.215",
    "AW1.117",
    "AW1.120",
    "AW1.121",
    "AW1.123",
    "AW1.124",
    "AW1.125",
    "AW1.126",
    "K.3.201",
    "K.3.401",
    "K.3.601",
    "K.4.201",
    "K.4.401",
    "K.4.601",
    "K.1.102",
    "K.3.101",
    "K.4.102",
    "H.1306",
    "H.1307",
    "H.1310",
    "H.3229",
    "H.4.302",
    "H.4.303",
    "UB4.210",
    "UB5.210",
    "UD2.121",
    "UD2.122",
    "UD6.101",
    "UD6.103",
    "J.1.106",
    "D.online (Matrix)",
    "Stand area (Building K)",
    "H.2111 (Brüssel–Bruxelles)",
)
MAIN_ROOMS = {"Janson": "Main Track", "K.1.105 (La Fontaine)": "Main Track"}
LIGHTNING_ROOM = "H.2215 (Ferrer)"
DEVROOMS = (
    "Rust",
    "Go",
    "Python",
    "Kernel",
    "Containers",
    "Community",
    "Databases",
    "Embedded, Mobile and Automotive",
    "Free Java",
    "Mozilla",
    "Open Hardware and CAD/CAM",
    "Security",
    "Legal and Policy Issues",
    "Monitoring and Observability",
    "HPC, Big Data & Data Science",
    "Software Defined Networking",
    "Declarative and Minimalistic Computing",
    "Graphics",
    "Open Media",
    "Open Source Design",
    "Testing and Continuous Delivery",
    "Virtualization and IaaS",
    "RISC-V",
    "LLVM",
    "GCC (GNU Toolchain)",
    "Distributions",
    "Nix and NixOS",
    "Erlang, Elixir and Friends",
    "Collaboration and Content Management",
    "Translations",
    "Energy",
    "Geospatial",
    "Web Performance",
    "JavaScript",
    "Ada",
    "BSD",
    "Confidential Computing",
    "Matrix",
    "Modern Email",
    "Open Research",
    "Public Code and Digital Public Goods",
    "Low-level AI Engineering and Hacking",
    "Emulator Development",
    "Retrocomputing",
    "Music Production",
    "Funding the FOSS Ecosystem",
    "Bioinformatics & Computational Biology",
    "Identity and Access Management",
    "Kotlin",
    "Zig",
    "Haskell",
    "OCaml",
    "Gaming",
    "Accessibility",
    "Education",
    "Package Management",
    "Building Communities",
    "Image-based Linux",
    "Browser and Web Platform",
    "Foreign Language Interfaces",
    "Android Open Source Project",
    "Mobile Linux",
)
FIRST = (
    "Alice", "Bram", "Chloé", "Dimitri", "Elena", "Fatou", "Gunnar", "Hiroshi", "Ines",
    "Jarkko", "Kateřina", "Lars", "Maëlle", "Nikolai", "Olamide", "Priya", "Quentin",
    "Radosław", "Sofía", "Tomasz", "Ulrike", "Vincent", "Wen", "Xavier", "Yasmin", "Zoë",
)  # fmt: skip
LAST = (
    "Andersson", "Beaumont", "Chen", "De Smet", "Eriksen", "Fernández", "Gruber",
    "Hoffmann", "Ivanova", "Janssens", "Kowalski", "Lefèvre", "Müller", "Nakamura",
    "O'Brien", "Peeters", "Quispe", "Rossi", "Sørensen", "Tanaka", "Van den Bossche",
    "Wójcik", "Yilmaz", "Zhang",
)  # fmt: skip
SUBJECTS = (
    "reproducible builds", "memory safety", "a new scheduler", "eBPF tracing", "the build "
    "system", "WebAssembly", "container images", "supply-chain security", "a query planner",
    "the garbage collector", "package signing", "firmware updates", "accessibility testing",
    "distributed tracing", "the device tree", "a compiler backend", "video decoding",
    "SBOMs", "the type checker", "zero-copy networking", "end-to-end encryption",
)  # fmt: skip
VERBS = (
    "Scaling", "Debugging", "Rethinking", "Porting", "Securing", "Profiling", "Shipping",
    "Testing", "Untangling", "Maintaining", "Rewriting", "Measuring",
)  # fmt: skip
WHERE = (
    "in production", "on RISC-V", "at scale", "for everyone", "without root", "in 2025",
    "the hard way", "on a budget", "in the browser", "on embedded Linux", "",
)  # fmt: skip
SENTENCES = (
    "This talk shows how {s} works today and what changed in the last two releases.",
    "We walk through a real migration, with the numbers before and after.",
    "Expect live demos, a few war stories and a look at what is still missing.",
    "The audience will learn where {s} breaks and how to find out before users do.",
    "No prior knowledge of {s} is needed, though some familiarity with C helps.",
    "We also cover the community side: reviews, funding, and onboarding new maintainers.",
    "Finally we discuss the roadmap and how you can help.",
)


@dataclass
class Event:
    id: int
    guid: str
    day: int  # 0 or 1
    room: str
    start: datetime  # aware, +01:00
    minutes: int
    title: str
    subtitle: str
    track: str
    type: str
    language: str
    abstract: str
    description: str
    persons: list[tuple[int, str]]
    links: list[tuple[str, str]]  # (title, url)
    dated: bool  # the XML gives its <date>

    @property
    def slug(self) -> str:
        words = "".join(c if c.isalnum() else " " for c in self.title.lower()).split()
        return "_".join(words)[:60]


def schedule(seed: int, events: int = 1_000) -> list[Event]:
    """`events` events over the two days and 60 rooms, laid out room by room."""
    rng = random.Random(seed)
    slots = [(day, room) for day in range(len(DAYS)) for room in ROOMS]
    weights = [rng.uniform(0.5, 1.5) for _ in slots]
    shares = [events * w / sum(weights) for w in weights]
    counts = [int(share) for share in shares]
    by_fraction = sorted(range(len(slots)), key=lambda i: counts[i] - shares[i])
    for index in by_fraction[: events - sum(counts)]:
        counts[index] += 1
    devrooms = list(DEVROOMS)
    rng.shuffle(devrooms)  # a devroom a room a day, some of them again on the other day
    ids = rng.sample(range(4000, 7000), events)
    made: list[Event] = []
    for (day, room), count in zip(slots, counts, strict=True):
        if room in MAIN_ROOMS:
            track, kind, lengths = MAIN_ROOMS[room], "maintrack", (50, 50, 50, 25)
        elif room == LIGHTNING_ROOM:
            track, kind, lengths = "Lightning Talks", "lightningtalk", (15, 20)
        else:
            track, kind = devrooms[len(made) % len(devrooms)], "devroom"
            lengths = (10, 20, 25, 30, 30, 40, 45, 60)
        opening = 9 * 60 if count > 7 else rng.choice((9 * 60, 10 * 60 + 30, 13 * 60, 14 * 60))
        clock = datetime.combine(DAYS[day], datetime.min.time(), BRUSSELS)
        clock += timedelta(minutes=opening)
        for position in range(count):
            number = len(made)
            event_kind, minutes = kind, rng.choice(lengths)
            if kind == "devroom" and position == 0:
                title, minutes = f"Welcome to the {track} devroom", 5
            elif room == "Janson" and position == day == 0:
                title, event_kind, minutes = "Welcome to FOSDEM-like 2025", "keynote", 25
            else:
                subject = rng.choice(SUBJECTS)
                title = f"{rng.choice(VERBS)} {subject} {rng.choice(WHERE)}".strip()
            made.append(_event(rng, ids[number], day, room, clock, minutes, title, track))
            made[-1].type = event_kind
            made[-1].dated = number % 3 != 0
            clock += timedelta(minutes=minutes + rng.choice((0, 5, 5, 10)))
    return made


def _event(
    rng: random.Random,
    ident: int,
    day: int,
    room: str,
    start: datetime,
    minutes: int,
    title: str,
    track: str,
) -> Event:
    subject = rng.choice(SUBJECTS)
    said = [sentence.format(s=subject) for sentence in rng.sample(SENTENCES, rng.randint(2, 4))]
    abstract = f"<p>{said[0]}</p>" + "".join(f"<p>{text}</p>" for text in said[1:])
    if rng.random() < 0.3:
        abstract += (
            f'<p>Code: <a href="https://git.example.org/{ident}">git.example.org/{ident}</a></p>'
        )
    description = ""
    if rng.random() < 0.5:
        items = "".join(f"<li>{rng.choice(SUBJECTS)}</li>" for _ in range(rng.randint(2, 5)))
        description = f"<p>Outline:</p><ul>{items}</ul><p>Slides &amp; code are on the page.</p>"
    links = [("Submit feedback", f"https://submission.example.org/feedback/{ident}.php")]
    if rng.random() < 0.4:
        code = room.split(" ")[0].replace(".", "").lower()
        links.append(
            ("Video recording (WebM/VP9)", f"https://video.example.org/2025/{code}/{ident}.webm")
        )
    if rng.random() < 0.3:
        links.append(("Slides", f"{BASE}/schedule/event/{ident}/attachments/slides/{ident}.pdf"))
    persons = [
        (1000 + rng.randrange(9000), f"{rng.choice(FIRST)} {rng.choice(LAST)}")
        for _ in range(rng.choice((1, 1, 1, 2, 2, 3)))
    ]
    return Event(
        id=ident,
        guid="%08x-%04x-4%03x-8%03x-%012x"  # noqa: UP031 - a uuid4's shape, from the seed
        % (
            rng.getrandbits(32),
            rng.getrandbits(16),
            rng.getrandbits(12),
            rng.getrandbits(12),
            rng.getrandbits(48),
        ),
        day=day,
        room=room,
        start=start,
        minutes=minutes,
        title=title,
        subtitle=rng.choice(("", "", "", "A field report", "Lessons from five years")),
        track=track,
        type="devroom",
        language=rng.choice(("en", "en", "en", "")),
        abstract=abstract,
        description=description,
        persons=persons,
        links=links,
        dated=True,
    )


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def to_xml(events: list[Event]) -> str:
    """pentabarf's schedule.xml (as FOSDEM publishes it), HTML escaped in the text."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        "<schedule>",
        "  <version>Generated 1</version>",
        "  <conference>",
        f"    <acronym>{ACRONYM}</acronym>",
        "    <title>FOSDEM-like 2025</title>",
        "    <subtitle/>",
        "    <venue>ULB (Université Libre de Bruxelles)</venue>",
        "    <city>Brussels</city>",
        f"    <start>{DAYS[0]}</start>",
        f"    <end>{DAYS[-1]}</end>",
        f"    <days>{len(DAYS)}</days>",
        "    <day_change>09:00:00</day_change>",
        "    <timeslot_duration>00:05:00</timeslot_duration>",
        f"    <base_url>{BASE}/schedule/</base_url>",
        "    <time_zone_name>Europe/Brussels</time_zone_name>",
        "  </conference>",
    ]
    for day, when in enumerate(DAYS):
        begins = datetime.combine(when, datetime.min.time(), BRUSSELS) + timedelta(hours=9)
        ends = begins + timedelta(hours=10)
        out.append(
            f'  <day index="{day + 1}" date="{when}" start="{begins.isoformat()}" '
            f'end="{ends.isoformat()}">'
        )
        for room in ROOMS:
            held = [e for e in events if e.day == day and e.room == room]
            if not held:
                continue
            out.append(f"    <room name={quoteattr(room)}>")
            for e in held:
                out += _xml_event(e)
            out.append("    </room>")
        out.append("  </day>")
    out.append("</schedule>")
    return "\n".join(out) + "\n"


def _xml_event(e: Event) -> list[str]:
    start = e.start.hour * 60 + e.start.minute
    lines = [f'      <event id="{e.id}" guid="{e.guid}">']
    if e.dated:
        lines.append(f"        <date>{e.start.isoformat()}</date>")
    lines += [
        f"        <start>{_clock(start)}</start>",
        f"        <duration>{_clock(e.minutes)}</duration>",
        f"        <room>{escape(e.room)}</room>",
        f"        <slug>{e.slug}</slug>",
        f"        <url>{BASE}/schedule/event/{e.id}/</url>",
        f"        <title>{escape(e.title)}</title>",
        f"        <subtitle>{escape(e.subtitle)}</subtitle>",
        f"        <track>{escape(e.track)}</track>",
        f"        <type>{e.type}</type>",
        f"        <language>{e.language}</language>",
        f"        <abstract>{escape(e.abstract)}</abstract>",
        f"        <description>{escape(e.description)}</description>",
        "        <persons>",
        *(f'          <person id="{i}">{escape(name)}</person>' for i, name in e.persons),
        "        </persons>",
        "        <attachments/>",
        "        <links>",
        *(f"          <link href={quoteattr(url)}>{escape(t)}</link>" for t, url in e.links),
        "        </links>",
        "      </event>",
    ]
    return lines


def to_json(events: list[Event]) -> str:
    """The same schedule as pretalx's schedule.json (the c3voc schema)."""
    days = []
    for day, when in enumerate(DAYS):
        begins = datetime.combine(when, datetime.min.time(), BRUSSELS) + timedelta(hours=4)
        rooms: dict[str, list[dict[str, object]]] = {}
        for room in ROOMS:
            held = [_json_event(e) for e in events if e.day == day and e.room == room]
            if held:
                rooms[room] = held
        days.append(
            {
                "index": day + 1,
                "date": str(when),
                "day_start": begins.isoformat(),
                "day_end": (begins + timedelta(hours=23, minutes=59)).isoformat(),
                "rooms": rooms,
            }
        )
    document = {
        "$schema": "https://c3voc.de/schedule/schema.json",
        "generator": {"name": "pretalx", "version": "benchmark"},
        "schedule": {
            "url": f"{BASE}/schedule/",
            "version": "Generated 1",
            "base_url": BASE,
            "conference": {
                "acronym": ACRONYM,
                "title": "FOSDEM-like 2025",
                "start": str(DAYS[0]),
                "end": str(DAYS[-1]),
                "daysCount": len(DAYS),
                "timeslot_duration": "00:05",
                "time_zone_name": "Europe/Brussels",
                "rooms": [{"name": room, "slug": room.lower()} for room in ROOMS],
                "tracks": [],
                "days": days,
            },
        },
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def _json_event(e: Event) -> dict[str, object]:
    start = e.start.hour * 60 + e.start.minute
    return {
        "guid": e.guid,
        "code": f"F{e.id}",
        "id": e.id,
        "logo": None,
        "date": e.start.isoformat(),
        "start": _clock(start),
        "duration": _clock(e.minutes),
        "room": e.room,
        "slug": f"{ACRONYM}-{e.id}-{e.slug.replace('_', '-')}",
        "url": f"{BASE}/talk/F{e.id}/",
        "title": e.title,
        "subtitle": e.subtitle,
        "track": e.track,
        "type": e.type,
        "language": e.language,
        "abstract": e.abstract,
        "description": e.description,
        "recording_license": "",
        "do_not_record": False,
        "persons": [
            {"id": i, "code": f"P{i}", "public_name": name, "biography": None, "answers": []}
            for i, name in e.persons
        ],
        "links": [{"url": url, "title": title, "type": "related"} for title, url in e.links],
        "feedback_url": e.links[0][1],
        "answers": [],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="Write a FOSDEM-sized frab schedule.")
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--events", type=int, default=1_000)
    parser.add_argument("--json", action="store_true", help="pretalx's schedule.json")
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    events = schedule(args.seed, args.events)
    text = to_json(events) if args.json else to_xml(events)
    args.output.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
