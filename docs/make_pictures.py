"""Make the README's pictures from the real commands.

    uv run python docs/make_pictures.py          # rewrite docs/*.svg
    uv run python docs/make_pictures.py --check  # exit 1 if a picture is out of date

Each picture is the output of one `octopus` command, run in a throwaway home directory with
a fixed clock (`--at`), so the pictures only change when the output does. `octopus grid`
draws its own SVG (`-o FILE.svg`); other commands are run as if on a colour terminal and
their output is turned into an SVG the same way."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

DOCS = Path(__file__).resolve().parent
WIDTH = 100


@dataclass(frozen=True)
class Picture:
    file: str
    command: list[str]
    picks: tuple[str, ...] = ()
    status: int = 0  # clashes exits 1 when it finds some


PICTURES = [
    Picture(
        "grid-tokyo.svg",
        ["grid", "--day", "wed", "--tz", "Asia/Tokyo", "--at", "2021-11-17T17:30+09:00"],
        picks=("ws6",),
    ),
    Picture(
        "today-bogota.svg",
        ["today", "--tz", "America/Bogota", "--at", "2021-11-17T08:30-05:00"],
        picks=("ws6", "ws8"),
    ),
    Picture(
        "now-manila.svg",
        ["now", "--tz", "Asia/Manila", "--at", "2021-11-17T21:30+08:00"],
        picks=("ws6",),
    ),
    Picture(
        "clashes-nairobi.svg",
        ["clashes", "--tz", "Africa/Nairobi"],
        picks=("ws6", "ws7", "ws10", "lt1"),
        status=1,
    ),
]


def octopus(
    args: list[str], home: Path, *, colour: bool, status: int = 0
) -> subprocess.CompletedProcess[bytes]:
    # The same terminal whoever runs this: the caller's colour settings are left out.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("OCTOPUS_") and k not in ("NO_COLOR", "COLORTERM", "FORCE_COLOR")
    }
    env.update(
        OCTOPUS_HOME=str(home),
        COLUMNS=str(WIDTH),
        LINES="50",
        PYTHONIOENCODING="utf-8",
        TERM="xterm-256color",
    )
    if colour:
        env["FORCE_COLOR"] = "1"
    done = subprocess.run(
        [sys.executable, "-m", "octopus_cli", *args], env=env, capture_output=True
    )
    if done.returncode != status:
        sys.exit(f"octopus {' '.join(args)} failed:\n{done.stderr.decode(errors='replace')}")
    return done


def make(picture: Picture) -> str:
    from rich.text import Text

    from octopus_cli.views.consoles import export_svg, recording_console

    title = "octopus " + " ".join(picture.command)
    with tempfile.TemporaryDirectory() as directory:
        home = Path(directory)
        if picture.picks:
            octopus(["agenda", "add", *picture.picks], home, colour=False)
        if picture.command[0] == "grid":
            target = home / "picture.svg"
            octopus(
                [*picture.command, "--width", str(WIDTH), "-o", str(target)], home, colour=False
            )
            return target.read_text(encoding="utf-8")
        # Its stdout is a pipe here, so it is asked for the table a terminal gets by default.
        shown = octopus(
            [*picture.command, "--format", "table"], home, colour=True, status=picture.status
        )
        shown_text = shown.stdout.decode("utf-8")
    console = recording_console(WIDTH)
    console.print(Text.from_ansi(shown_text.rstrip("\n")))
    return export_svg(console, title=title)


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for picture in PICTURES:
        path = DOCS / picture.file
        svg = make(picture)
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != svg:
                stale.append(picture.file)
        else:
            path.write_text(svg, encoding="utf-8")
            print(f"wrote {path.relative_to(DOCS.parent)}")
    if stale:
        print(f"out of date: {', '.join(stale)}; run: uv run python docs/make_pictures.py")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
