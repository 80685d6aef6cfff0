"""Fetching a schedule from an http(s) address: a local server on 127.0.0.1 plays the
conference's, and the cache, revalidation and every failure are checked as the user sees
them. No other network is used."""

from __future__ import annotations

import gzip
import json
import os
import socket
import stat
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from octopus_cli import __version__
from octopus_cli.core.errors import ProgrammeError
from octopus_cli.sources.remote import Fetched, fetch, is_url

BODY = b"<schedule><conference><title>Octopus 2021</title></conference></schedule>\n"
NEW_BODY = BODY.replace(b"2021", b"2022")
ETAG = '"v1"'
MODIFIED = "Mon, 30 Nov 2026 08:00:00 GMT"
T0 = datetime(2026, 11, 30, 8, 12, tzinfo=UTC)


@dataclass
class Site:
    """What the local server serves, and what it was asked."""

    body: bytes = BODY
    etag: str | None = ETAG
    modified: str | None = MODIFIED
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    status: int | None = None  # an error the schedule's address answers with
    release: threading.Event = field(default_factory=threading.Event)
    server: ThreadingHTTPServer | None = None
    port: int = 0

    def stop(self) -> None:
        """The server goes away: its port refuses connections."""
        if self.server is not None:
            self.release.set()
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def url(self, path: str = "/schedule.xml") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def count(self, path: str = "/schedule.xml") -> int:
        return sum(1 for seen, _ in self.requests if seen == path)

    def last_headers(self) -> dict[str, str]:
        return self.requests[-1][1]


def handler_for(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            site.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            route = self.path.split("/")[1]
            getattr(self, f"route_{route.replace('.', '_').replace('-', '_')}")()

        def send(self, status: int, body: bytes, **headers: str) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name.replace("_", "-"), value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def route_schedule_xml(self) -> None:
            if site.status:
                self.send(site.status, b"error")
                return
            validators = {"ETag": site.etag, "Last_Modified": site.modified}
            headers = {name: value for name, value in validators.items() if value}
            if site.etag:
                unchanged = self.headers.get("If-None-Match") == site.etag
            else:
                unchanged = self.headers.get("If-Modified-Since") == site.modified
            if unchanged:
                self.send(304, b"", **headers)
            else:
                self.send(200, site.body, Content_Type="application/xml", **headers)

        def route_missing(self) -> None:
            self.send(404, b"no such page")

        def route_broken(self) -> None:
            self.send(500, b"oops")

        def route_hang(self) -> None:
            site.release.wait(10)

        def route_drip(self) -> None:  # one byte at a time, each before the socket timeout
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            for _ in range(1000):
                if site.release.wait(0.1):
                    return
                self.wfile.write(b"x")
                self.wfile.flush()

        def route_gzip(self) -> None:
            self.send(200, gzip.compress(site.body), Content_Encoding="gzip")

        def route_bomb(self) -> None:
            self.send(200, gzip.compress(b"\0" * 10_000_000), Content_Encoding="gzip")

        def route_endless(self) -> None:  # no length, closes nothing: a stream that never ends
            self.send_response(200)
            self.send_header("Connection", "close")
            self.end_headers()
            while not site.release.is_set():
                try:
                    self.wfile.write(b"y" * 4096)
                except OSError:
                    return

        def route_claims_huge(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", str(30 * 1024 * 1024))
            self.end_headers()

        def route_redirect(self) -> None:  # /redirect/N: N more hops, then the schedule
            hops = int(self.path.split("/")[2])
            target = f"/redirect/{hops - 1}" if hops > 1 else "/schedule.xml"
            self.send(302, b"", Location=target)

        def route_to_file(self) -> None:
            self.send(302, b"", Location="file:///etc/passwd")

    return Handler


@pytest.fixture
def site() -> Iterator[Site]:
    site = Site()
    site.server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(site))
    site.port = int(site.server.server_address[1])
    threading.Thread(target=site.server.serve_forever, args=(0.02,), daemon=True).start()
    yield site
    site.stop()


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """127.0.0.1 directly, whatever proxy the developer's shell names."""
    for name in ("http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.setenv("no_proxy", "*")


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def entry_files(cache: Path) -> list[Path]:
    return sorted((cache / "remote").iterdir())


def test_is_url() -> None:
    assert is_url("https://example.org/schedule.xml")
    assert is_url("HTTP://EXAMPLE.ORG/")
    assert not is_url("schedule.xml")
    assert not is_url("ftp://example.org/schedule.xml")
    assert not is_url("./http://x")


def test_the_first_fetch_stores_and_the_next_within_max_age_asks_nothing(
    site: Site, tmp_path: Path
) -> None:
    first = fetch(site.url(), tmp_path, now=T0)
    assert first == Fetched(BODY, None, T0)
    headers = site.last_headers()
    assert headers["user-agent"] == f"octopus-cli/{__version__}"
    assert headers["accept-encoding"] == "gzip"
    assert "if-none-match" not in headers
    again = fetch(site.url(), tmp_path, now=T0 + timedelta(minutes=9))
    assert again == Fetched(BODY, None, T0)
    assert site.count() == 1


def test_after_max_age_it_revalidates_and_a_304_confirms_the_copy(
    site: Site, tmp_path: Path
) -> None:
    fetch(site.url(), tmp_path, now=T0)
    later = T0 + timedelta(minutes=11)
    result = fetch(site.url(), tmp_path, now=later)
    assert result == Fetched(BODY, None, later)
    assert site.last_headers()["if-none-match"] == ETAG
    assert site.last_headers()["if-modified-since"] == MODIFIED
    assert site.count() == 2
    # confirmed: fresh again from `later`
    assert fetch(site.url(), tmp_path, now=later + timedelta(minutes=5)).fetched_at == later
    assert site.count() == 2


def test_last_modified_alone_is_used_to_revalidate(site: Site, tmp_path: Path) -> None:
    site.etag = None
    fetch(site.url(), tmp_path, now=T0)
    result = fetch(site.url(), tmp_path, now=T0 + timedelta(hours=1))
    assert result.data == BODY
    assert "if-none-match" not in site.last_headers()
    assert site.last_headers()["if-modified-since"] == MODIFIED


def test_a_changed_schedule_replaces_the_copy(site: Site, tmp_path: Path) -> None:
    fetch(site.url(), tmp_path, now=T0)
    site.body, site.etag = NEW_BODY, '"v2"'
    later = T0 + timedelta(hours=1)
    assert fetch(site.url(), tmp_path, now=later) == Fetched(NEW_BODY, None, later)
    site.requests.clear()
    assert fetch(site.url(), tmp_path, now=later).data == NEW_BODY
    assert site.requests == []


def test_refresh_always_asks_the_server(site: Site, tmp_path: Path) -> None:
    fetch(site.url(), tmp_path, now=T0)
    later = T0 + timedelta(minutes=1)
    result = fetch(site.url(), tmp_path, now=later, refresh=True)
    assert result == Fetched(BODY, None, later)
    assert site.count() == 2
    assert site.last_headers()["if-none-match"] == ETAG  # still conditional: 304 confirms


def test_offline_after_a_fetch_uses_the_copy_and_says_how_old(site: Site, tmp_path: Path) -> None:
    fetch(site.url(), tmp_path, now=T0)
    site.stop()
    result = fetch(site.url(), tmp_path, now=T0 + timedelta(hours=3, minutes=5))
    assert result.data == BODY
    assert result.fetched_at == T0
    assert result.note == (
        f"Offline: using the copy of {site.url()} fetched 3 hours ago (2026-11-30 08:12 UTC); "
        "it could not be refreshed: connection refused."
    )


def test_a_server_error_with_a_copy_uses_the_copy(site: Site, tmp_path: Path) -> None:
    fetch(site.url(), tmp_path, now=T0)
    site.status = 500
    result = fetch(site.url(), tmp_path, now=T0 + timedelta(days=2, hours=1), refresh=True)
    assert result == Fetched(BODY, result.note, T0)
    assert result.note == (
        f"Not refreshed: using the copy of {site.url()} fetched 2 days ago (2026-11-30 08:12 "
        "UTC); it could not be refreshed: HTTP 500 Internal Server Error."
    )


def test_offline_without_a_copy_is_an_error_naming_the_url(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{closed_port()}/schedule.xml"
    with pytest.raises(ProgrammeError) as caught:
        fetch(url, tmp_path, now=T0)
    assert caught.value.message == f"cannot fetch {url}: connection refused"
    assert caught.value.hint is not None and "connection" in caught.value.hint


def test_not_found(site: Site, tmp_path: Path) -> None:
    with pytest.raises(ProgrammeError) as caught:
        fetch(site.url("/missing"), tmp_path, now=T0)
    assert caught.value.message == f"cannot fetch {site.url('/missing')}: HTTP 404 Not Found"
    assert not (tmp_path / "remote").exists() or entry_files(tmp_path) == []


def test_an_unresolved_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def unresolved(*args: object, **kwargs: object) -> object:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", unresolved)
    with pytest.raises(ProgrammeError, match=r"^cannot fetch https://schedule\.example/x: name"):
        fetch("https://schedule.example/x", tmp_path, now=T0)


def test_tls_to_a_plain_http_server_is_a_tls_error(site: Site, tmp_path: Path) -> None:
    url = site.url().replace("http://", "https://")
    with pytest.raises(ProgrammeError, match=r": TLS error \(wrong version number\)$") as caught:
        fetch(url, tmp_path, now=T0)
    assert "Traceback" not in str(caught.value)


@pytest.mark.parametrize("path", ["/hang", "/drip"])
def test_the_whole_fetch_is_bounded_in_time(site: Site, tmp_path: Path, path: str) -> None:
    started = time.monotonic()
    with pytest.raises(ProgrammeError) as caught:
        fetch(site.url(path), tmp_path, now=T0, timeout=0.5)
    assert time.monotonic() - started < 2
    assert caught.value.message == f"cannot fetch {site.url(path)}: timed out after 0.5 s"


@pytest.mark.parametrize("path", ["/endless", "/bomb"])
def test_an_oversized_response_is_refused(site: Site, tmp_path: Path, path: str) -> None:
    with pytest.raises(ProgrammeError) as caught:
        fetch(site.url(path), tmp_path, now=T0, max_bytes=100_000)
    assert caught.value.message.endswith(": the response is larger than 100000 bytes")


def test_a_declared_length_over_the_limit_is_refused_in_megabytes(
    site: Site, tmp_path: Path
) -> None:
    with pytest.raises(ProgrammeError) as caught:
        fetch(site.url("/claims-huge"), tmp_path, now=T0)
    assert caught.value.message.endswith(": the response is larger than 20 MB")


def test_gzip_is_decompressed(site: Site, tmp_path: Path) -> None:
    assert fetch(site.url("/gzip"), tmp_path, now=T0).data == BODY


def test_redirects_are_followed_up_to_five(site: Site, tmp_path: Path) -> None:
    assert fetch(site.url("/redirect/5"), tmp_path, now=T0).data == BODY
    with pytest.raises(ProgrammeError) as caught:
        fetch(site.url("/redirect/6"), tmp_path, now=T0)
    assert caught.value.message.endswith(": more than 5 redirects")


def test_a_redirect_elsewhere_than_http_is_refused(site: Site, tmp_path: Path) -> None:
    with pytest.raises(ProgrammeError) as caught:
        fetch(site.url("/to-file"), tmp_path, now=T0)
    assert caught.value.message == (
        f"cannot fetch {site.url('/to-file')}: redirected to an unusable address: "
        "only http:// and https:// addresses can be fetched"
    )


@pytest.mark.parametrize(
    ("url", "shown", "reason"),
    [
        (
            "https://me:secret@example.org/s.xml",
            "https://me:***@example.org/s.xml",
            "addresses with a user name or password are not supported",
        ),
        (
            "https://example.org/my schedule.xml",
            "https://example.org/my schedule.xml",
            "the address contains a space or a control character",
        ),
        (
            "https://example.org/\x1b[31m",
            "https://example.org/\\x1b[31m",
            "the address contains a space or a control character",
        ),
        (
            "ftp://example.org/s.xml",
            "ftp://example.org/s.xml",
            "only http:// and https:// addresses can be fetched",
        ),
        ("https:///s.xml", "https:///s.xml", "the address has no host name"),
        ("http://example.org:port/", "http://example.org:port/", "the address is not valid"),
    ],
)
def test_unusable_addresses_are_clear_errors(
    tmp_path: Path, url: str, shown: str, reason: str
) -> None:
    with pytest.raises(ProgrammeError) as caught:
        fetch(url, tmp_path, now=T0)
    assert caught.value.message == f"cannot fetch {shown}: {reason}"
    assert "\x1b" not in caught.value.message


def test_non_ascii_paths_are_percent_encoded(site: Site, tmp_path: Path) -> None:
    with pytest.raises(ProgrammeError, match="HTTP 404"):
        fetch(site.url("/missing/programmé"), tmp_path, now=T0)
    assert site.requests[-1][0] == "/missing/programm%C3%A9"


@pytest.mark.parametrize("damage", ["body", "meta", "json", "url", "link", "fifo"])
def test_a_damaged_cache_entry_is_a_miss(site: Site, tmp_path: Path, damage: str) -> None:
    fetch(site.url(), tmp_path, now=T0)
    meta, body = (
        next((tmp_path / "remote").glob("*.json")),
        next((tmp_path / "remote").glob("*.body")),
    )
    if damage == "body":
        body.write_bytes(b"tampered")
    elif damage == "meta":
        meta.write_bytes(b"\0\1\2")
    elif damage == "json":
        meta.write_text(json.dumps({"format": 1}))
    elif damage == "url":
        document = json.loads(meta.read_text())
        meta.write_text(json.dumps({**document, "url": "http://elsewhere/"}))
    elif damage == "link":
        target = tmp_path / "elsewhere"
        target.write_bytes(BODY)
        body.unlink()
        body.symlink_to(target)
    else:
        body.unlink()
        os.mkfifo(body)
    result = fetch(site.url(), tmp_path, now=T0 + timedelta(minutes=1))
    assert result == Fetched(BODY, None, T0 + timedelta(minutes=1))
    assert site.count() == 2
    assert "if-none-match" not in site.last_headers()  # nothing trusted to revalidate


def test_cache_files_are_private(site: Site, tmp_path: Path) -> None:
    fetch(site.url(), tmp_path, now=T0)
    assert stat.S_IMODE((tmp_path / "remote").stat().st_mode) == 0o700
    files = entry_files(tmp_path)
    assert [path.suffix for path in files] == [".body", ".json"]
    assert all(stat.S_IMODE(path.stat().st_mode) == 0o600 for path in files)
    meta = json.loads(files[1].read_text())
    assert meta["url"] == site.url()
    assert meta["etag"] == ETAG
    assert meta["last_modified"] == MODIFIED
    assert datetime.fromisoformat(meta["fetched_at"]) == T0


def test_a_read_only_cache_still_fetches(site: Site, tmp_path: Path) -> None:
    (tmp_path / "remote").write_text("not a directory")
    assert fetch(site.url(), tmp_path, now=T0) == Fetched(BODY, None, T0)
    assert fetch(site.url(), tmp_path, now=T0).data == BODY
    assert site.count() == 2
