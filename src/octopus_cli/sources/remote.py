"""A schedule fetched from an http(s) address, as Giggity and ConfClerk fetch theirs: kept
in a cache, revalidated with the server's ETag / Last-Modified, and used as it is (with a
note saying how old it is) when the network or the server fails.

The cache trusts nothing it finds (as store/cache.py): a directory of the user's own, only
regular files of the user's, never through a link, whose checksum matches; anything else is
a miss. A copy the server confirmed less than `max_age` ago is used without asking again, so
repeated runs are instant. `refresh` always asks, still conditionally: a 304 Not Modified
confirms the copy as well as a new download would. The request is bounded in time (a worker
thread waited for at most `timeout` seconds: even a hanging name lookup is cut short) and in
size (`max_bytes`, counted after decompression: a gzip bomb is refused too)."""

from __future__ import annotations

import json
import time
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from .. import __version__
from ..core.errors import ProgrammeError
from ..core.i18n import _
from ..core.text import printable
from ..store.fileio import checksum, keep_private, megabytes, owned_directory, read_limited
from .addresses import is_url
from .fetch_failures import (
    Failure,
    ago,
    check_address,
    failure_for,
    later,
    short,
    timed_out_after,
)

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (3 ms)
if TYPE_CHECKING:
    import urllib.request
    import zlib
    from collections.abc import Callable
    from http.client import HTTPMessage
    from typing import IO, Any
    from urllib.request import Request

    _Download = tuple[int, bytes, str | None, str | None]  # status, body, etag, modified

FORMAT = 1  # of the metadata file
MAX_REDIRECTS = 5
_META_BYTES = 64 * 1024
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Fetched:
    data: bytes  # the schedule's bytes
    note: str | None  # a sentence for stderr when the copy is not fresh, else None
    fetched_at: datetime  # aware UTC: when these bytes were last confirmed by the server


def fetch(
    url: str,
    cache_dir: Path,
    *,
    now: datetime,
    refresh: bool = False,
    timeout: float = 10.0,
    max_bytes: int = 20 * 1024 * 1024,
    max_age: timedelta = timedelta(minutes=10),
    offline: bool = False,
    accept: Callable[[bytes], str | None] | None = None,
) -> Fetched:
    """The schedule at `url`: the cached copy while younger than `max_age` (by `now`), else
    downloaded (or confirmed unchanged); the cached copy with a note when that fails. A
    ProgrammeError when there is neither a download nor a copy; `offline`: the copy or none.
    `accept` says why a download is not what was asked for (a Wi-Fi login page instead of a
    schedule): such a download replaces nothing, and counts as a failed refresh."""
    now = now.astimezone(UTC)
    shown = printable(_without_password(url))
    problem = _url_problem(url)
    if problem is not None:
        raise ProgrammeError(
            _("cannot fetch {url}: {reason}").format(url=shown, reason=problem),
            hint=check_address(),
        )
    directory = cache_dir / "remote"
    key = checksum(url.encode("utf-8", "surrogatepass"))
    body_path, meta_path = directory / f"{key}.body", directory / f"{key}.json"
    cached = _load(directory, body_path, meta_path, url, max_bytes)
    if cached and (offline or (not refresh and timedelta(0) <= now - cached[1] < max_age)):
        return Fetched(cached[0], None, cached[1])
    if offline:  # for completion, which must never wait on a network
        raise ProgrammeError(_("no copy of {url} is kept yet").format(url=shown))
    meta: dict[str, Any] = cached[2] if cached is not None else {}
    try:
        status, body, etag, modified = _bounded(
            lambda: _download(url, meta, cached is not None, timeout, max_bytes), timeout
        )
        refused = accept(body) if accept is not None and status != 304 else None
        if refused is not None:
            raise Failure(refused, check_address())
    except Failure as failure:
        if cached is None:
            raise ProgrammeError(
                _("cannot fetch {url}: {reason}").format(url=shown, reason=failure.reason),
                hint=failure.hint,
            ) from None
        if failure.offline:
            note = _(
                "Offline: using the copy of {url} fetched {ago} ({time} UTC); "
                "it could not be refreshed: {reason}."
            )
        else:
            note = _(
                "Not refreshed: using the copy of {url} fetched {ago} ({time} UTC); "
                "it could not be refreshed: {reason}."
            )
        note = note.format(
            url=shown,
            ago=ago(now - cached[1]),
            time=f"{cached[1]:%Y-%m-%d %H:%M}",
            reason=failure.reason,
        )
        return Fetched(cached[0], note, cached[1])
    if status == 304 and cached is not None:
        body = cached[0]
        etag, modified = etag or meta.get("etag"), modified or meta.get("last_modified")
    else:
        keep_private(directory, body_path, body)
    document = {
        "format": FORMAT,
        "url": url,
        "etag": etag,
        "last_modified": modified,
        "fetched_at": now.isoformat(),
        "checksum": checksum(body),
    }
    keep_private(directory, meta_path, json.dumps(document, ensure_ascii=False).encode("utf-8"))
    return Fetched(body, None, now)


def _url_problem(url: str) -> str | None:
    """Why `url` cannot be fetched, None when it can."""
    from urllib.parse import urlsplit

    if any(char <= " " or "\x7f" <= char <= "\x9f" for char in url):
        return _("the address contains a space or a control character")
    if not is_url(url):
        return _("only http:// and https:// addresses can be fetched")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError when the port is not a number
    except ValueError:
        return _("the address is not valid")
    if parts.username is not None or parts.password is not None:
        return _("addresses with a user name or password are not supported")
    if not parts.hostname:
        return _("the address has no host name")
    return None


def _without_password(url: str) -> str:
    """`url` with any password replaced by '***', for messages."""
    scheme, sep, rest = url.partition("://")
    authority, slash, path = rest.partition("/")
    user, at, host = authority.rpartition("@")
    if not sep or not at or ":" not in user:
        return url
    return f"{scheme}://{user.split(':', 1)[0]}:***@{host}{slash}{path}"


def _ascii(url: str) -> str:
    """`url` with the non-ASCII characters of its path and query percent-encoded (UTF-8);
    the host name is left to the IDNA encoding urllib applies."""
    from urllib.parse import quote, urlsplit, urlunsplit

    parts = urlsplit(url)
    safe = "".join(chr(code) for code in range(0x21, 0x7F))
    return urlunsplit(parts._replace(path=quote(parts.path, safe), query=quote(parts.query, safe)))


def _bounded(work: Callable[[], _Download], timeout: float) -> _Download:
    """Run `work` in a worker thread, waiting at most `timeout` seconds for it. An abandoned
    worker ends on its socket's own timeout, and writes nothing."""
    import threading

    outcome: list[_Download | BaseException] = []

    def run() -> None:
        try:
            outcome.append(work())
        except BaseException as error:  # handed to the caller's thread
            outcome.append(error)

    worker = threading.Thread(target=run, name="octopus-fetch", daemon=True)
    worker.start()
    worker.join(timeout + 0.05)  # the worker's own deadline normally comes first
    if not outcome:
        raise timed_out_after(timeout)
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


def _download(
    url: str, meta: dict[str, Any], conditional: bool, timeout: float, max_bytes: int
) -> _Download:
    """(status, body, etag, last_modified): 200 and the body, or 304 and b''."""
    import http.client
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout
    request = urllib.request.Request(_ascii(url))
    request.add_header("User-Agent", f"octopus-cli/{__version__}")
    request.add_header("Accept-Encoding", "gzip")
    if conditional and isinstance(meta.get("etag"), str):
        request.add_header("If-None-Match", meta["etag"])
    if conditional and isinstance(meta.get("last_modified"), str):
        request.add_header("If-Modified-Since", meta["last_modified"])
    opener = urllib.request.build_opener(_redirects())
    timed_out = timed_out_after(timeout)
    try:
        with opener.open(request, timeout=timeout) as response:
            if response.status != 200:
                raise Failure(f"HTTP {response.status} {short(response.reason)}", None)
            body = _read_body(response, max_bytes, deadline, timed_out)
            headers = response.headers
            return 200, body, headers.get("ETag"), headers.get("Last-Modified")
    except urllib.error.HTTPError as error:
        with suppress(Exception):
            error.close()
        if error.code == 304 and conditional:
            return 304, b"", error.headers.get("ETag"), error.headers.get("Last-Modified")
        hint = _("Check the address.") if error.code < 500 else later()
        raise Failure(f"HTTP {error.code} {short(str(error.reason))}", hint) from None
    except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as error:
        cause = error.reason if isinstance(error, urllib.error.URLError) else error
        raise failure_for(cause, timed_out) from None


def _redirects() -> urllib.request.HTTPRedirectHandler:
    """A redirect handler that follows at most MAX_REDIRECTS redirects, to http(s) only."""
    import urllib.request
    from urllib.parse import urljoin

    class Redirects(urllib.request.HTTPRedirectHandler):
        hops = 0

        def http_error_302(
            self, req: Request, fp: IO[bytes], code: int, msg: str, headers: HTTPMessage
        ) -> Any:
            location = headers.get("Location") or headers.get("URI")
            if location:
                problem = _url_problem(urljoin(req.full_url, location.strip()))
                if problem is not None:
                    fp.close()
                    raise Failure(
                        _("redirected to an unusable address: {reason}").format(reason=problem),
                        None,
                    )
                self.hops += 1
                if self.hops > MAX_REDIRECTS:
                    fp.close()
                    raise Failure(
                        _("more than {count} redirects").format(count=MAX_REDIRECTS),
                        _("Check the address."),
                    )
            return super().http_error_302(req, fp, code, msg, headers)

        http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

    return Redirects()


def _read_body(response: Any, max_bytes: int, deadline: float, timed_out: Failure) -> bytes:
    """The response's body, decompressed, at most `max_bytes` of it, read by `deadline`."""
    import zlib

    limit = megabytes(max_bytes) if max_bytes >= 1 << 20 else f"{max_bytes} bytes"
    too_large = Failure(
        _("the response is larger than {limit}").format(limit=limit),
        _("Is this the right address?"),
    )
    length = (response.headers.get("Content-Length") or "").strip()
    encoding = (response.headers.get("Content-Encoding") or "identity").strip().lower()
    if length.isdigit() and int(length) > max_bytes:
        raise too_large
    if encoding not in ("identity", "gzip", "x-gzip"):
        raise Failure(
            _("unsupported content encoding {encoding}").format(encoding=repr(short(encoding))),
            None,
        )
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS) if encoding != "identity" else None
    parts: list[bytes] = []
    received = size = 0
    while True:
        if time.monotonic() > deadline:
            raise timed_out
        chunk = response.read(_CHUNK)
        if not chunk:
            break
        received += len(chunk)
        if received > max_bytes:
            raise too_large
        if inflater is not None:
            try:
                chunk = _inflate(inflater, chunk, max_bytes - size)
            except zlib.error:
                raise Failure(_("the response is not valid gzip"), later()) from None
        size += len(chunk)
        if size > max_bytes:
            raise too_large
        parts.append(chunk)
    if length.isdigit() and received < int(length):  # the connection closed early
        raise Failure(_("the response was cut short"), later())
    if inflater is not None and not inflater.eof:
        raise Failure(_("the compressed response was cut short"), later())
    return b"".join(parts)


def _inflate(inflater: zlib._Decompress, data: bytes, room: int) -> bytes:
    """Decompress `data`, stopping past `room` bytes (a gzip bomb never fills the memory)."""
    out = inflater.decompress(data, room + 1)
    while inflater.unconsumed_tail and len(out) <= room:
        out += inflater.decompress(inflater.unconsumed_tail, room + 1 - len(out))
    return out


def _load(
    directory: Path, body_path: Path, meta_path: Path, url: str, max_bytes: int
) -> tuple[bytes, datetime, dict[str, Any]] | None:
    """(body, fetched_at, metadata) of the cached copy of `url`; None when none is trusted."""
    try:
        if not owned_directory(directory):
            return None
        options: dict[str, Any] = {"regular_only": True, "mine_only": True, "follow_links": False}
        meta = json.loads(read_limited(meta_path, _META_BYTES, **options))
        body = read_limited(body_path, max_bytes, **options)
        fetched_at = datetime.fromisoformat(meta["fetched_at"])
        valid = (
            meta["format"] == FORMAT
            and meta["url"] == url
            and meta["checksum"] == checksum(body)
            and fetched_at.tzinfo is not None
        )
        for name in ("etag", "last_modified"):  # sent back as headers: one clean line
            if not isinstance(meta.get(name), str) or not meta[name].isprintable():
                meta[name] = None
        return (body, fetched_at.astimezone(UTC), meta) if valid else None
    except Exception:  # whatever is wrong with an entry, it is only a miss
        return None
