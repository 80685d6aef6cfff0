"""Build the documentation site and open every page in headless Chromium.

    uv run --group docs python docs/check_site.py   # exit 1 on any problem

The site is built with `mkdocs build --strict` into a temporary directory and served on
localhost; each page is loaded by Chromium (`apt-get install chromium`) with its console
logged. A page fails when the browser logs anything to its console (Chromium's log does
not say the level: a script error, a failed request, a console.error), when it loads
nothing, or when the server answered any of its requests with an error. A script, not a
test: it needs a browser and takes a few seconds a page.
"""

from __future__ import annotations

import http.server
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from functools import partial
from pathlib import Path
from typing import ClassVar

REPO = Path(__file__).resolve().parents[1]
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--enable-logging=stderr",
    "--v=0",
    "--virtual-time-budget=3000",
    "--dump-dom",
]
# Chromium logs every console message of a page to stderr as `...:CONSOLE:1] "text"` (or
# `CONSOLE(1)`), whatever its level: a clean page logs none, so any is reported.
ERROR = re.compile(r":CONSOLE[(:]\d+|Uncaught|Failed to load resource")


def browser() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    sys.exit("check_site: no Chromium here (apt-get install -y chromium)")


class Handler(http.server.SimpleHTTPRequestHandler):
    failures: ClassVar[list[str]] = []

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        Handler.failures.append(f"{code} {self.path}")
        super().send_error(code, message, explain)


def main() -> int:
    chromium = browser()
    with tempfile.TemporaryDirectory() as work:
        site = Path(work) / "site"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(site)],
            cwd=REPO,
            env=env,
            check=True,
        )
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), partial(Handler, directory=str(site))
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))
        problems = 0
        profile = Path(work) / "profile"
        for page in pages:
            Handler.failures = []
            done = subprocess.run(
                [chromium, *FLAGS, f"--user-data-dir={profile}", base + page],
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )
            errors = [line for line in done.stderr.splitlines() if ERROR.search(line)]
            errors += [f"server: {failure}" for failure in Handler.failures]
            if done.returncode != 0 or "<article" not in done.stdout:
                errors.append(f"chromium exited {done.returncode} without the page's article")
            status = "ok" if not errors else "FAILED"
            print(f"{status:6} {page}")
            for error in errors:
                print(f"         {error}")
            problems += bool(errors)
        server.shutdown()
    print(f"check_site: {len(pages)} pages, {problems} with problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
