"""Why fetching a schedule failed, in words for people: the reason and the hint that go
with each failure `remote.py` meets, and how old a kept copy is."""

from __future__ import annotations

from datetime import timedelta

from ..core.i18n import _, ngettext
from ..core.text import printable


class Failure(Exception):
    """Why a fetch failed: a short reason for the message, a hint, and whether the server
    was never reached (offline) rather than reached and unhelpful."""

    def __init__(self, reason: str, hint: str | None, *, offline: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.hint = hint
        self.offline = offline


def check_connection() -> str:
    return _("Check the address and the connection; once fetched, a copy is kept.")


def later() -> str:
    return _("Try again later.")


def check_address() -> str:
    return _("Give the schedule's address, such as https://example.org/schedule.xml.")


def timed_out_after(timeout: float) -> Failure:
    return Failure(
        _("timed out after {seconds} s").format(seconds=f"{timeout:g}"),
        check_connection(),
        offline=True,
    )


def failure_for(cause: object, timed_out: Failure) -> Failure:
    """The Failure for what urllib raised (`cause`: the URLError's reason, or the error)."""
    import http.client
    import socket
    import ssl

    known = (
        (socket.gaierror, _("name not resolved"), check_connection(), True),
        (ConnectionRefusedError, _("connection refused"), check_connection(), True),
        (http.client.RemoteDisconnected, _("the server closed the connection"), later(), False),
        (http.client.IncompleteRead, _("the response was cut short"), later(), False),
        (
            http.client.HTTPException,
            _("the response is not valid HTTP"),
            check_address(),
            False,
        ),
        (ValueError, _("the address is not valid"), check_address(), False),
    )
    if isinstance(cause, TimeoutError):
        return timed_out
    if isinstance(cause, ssl.SSLCertVerificationError):
        return Failure(
            _("the TLS certificate is not trusted ({detail})").format(detail=cause.verify_message),
            None,
        )
    if isinstance(cause, ssl.SSLError):
        reason = str(cause.reason or cause).replace("_", " ").lower()
        return Failure(
            _("TLS error ({detail})").format(detail=reason), _("Is this an https:// server?")
        )
    for kind, reason, hint, offline in known:
        if isinstance(cause, kind):
            return Failure(reason, hint, offline=offline)
    text = cause.strerror if isinstance(cause, OSError) and cause.strerror else str(cause)
    return Failure(short(text.lower()) or type(cause).__name__, check_connection(), offline=True)


def ago(age: timedelta) -> str:
    """'3 hours ago', in the largest whole unit."""
    seconds = max(int(age.total_seconds()), 0)
    if seconds >= 86400:
        count = seconds // 86400
        return ngettext("{count} day ago", "{count} days ago", count).format(count=count)
    if seconds >= 3600:
        count = seconds // 3600
        return ngettext("{count} hour ago", "{count} hours ago", count).format(count=count)
    if seconds >= 60:
        count = seconds // 60
        return ngettext("{count} minute ago", "{count} minutes ago", count).format(count=count)
    return _("less than a minute ago")


def short(text: str, width: int = 80) -> str:
    text = printable(text).strip()
    return text if len(text) <= width else text[: width - 1] + "…"
