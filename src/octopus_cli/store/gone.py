"""Sessions gone from a programme, as its history keeps them for the calendar export
(`octopus export --include-cancelled`: a removed session's event written once more, with
`STATUS:CANCELLED` and a higher SEQUENCE, so that calendars remove it).

The snapshot (`snapshots.py`) keeps two keys for this, beside its versions. Octopus before
them ignores them and keeps them as they are, so the format stays 1 and a file written by
either is read by both:

- `recorded`: the fingerprint of the last version whose sessions were counted in the
  revisions, kept among the versions (an export records a version without showing it);
- `gone`: for each session absent from that version, its row as it was last recorded.

A session that leaves the programme is noted in `gone` from the recorded version, where
it still was; one that comes back is taken out. A file without these keys (or whose
`recorded` version an older octopus dropped) finds a removed session's row in the versions
it keeps (seen, previous, acknowledged), when one of them still has it."""

from __future__ import annotations

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (3 ms)
if TYPE_CHECKING:
    from typing import Any


def well_formed(document: dict[str, Any]) -> bool:
    """The two keys, when present, are what they should be."""
    recorded, gone = document.get("recorded"), document.get("gone")
    return (recorded is None or isinstance(recorded, str)) and (
        gone is None
        or (isinstance(gone, dict) and all(isinstance(row, list) for row in gone.values()))
    )


def kept(document: dict[str, Any]) -> set[Any]:
    """The fingerprints of the versions a snapshot keeps."""
    return {document["seen"], document["acked"], document["previous"], document.get("recorded")}


def note(
    document: dict[str, Any], fingerprint: str, published: str | None, rows: list[Any]
) -> None:
    """Before the version `rows` is counted in the revisions: keep the last row of each
    session that leaves with it, forget the ones that come back; it is then the version
    recorded (and kept among the versions)."""
    present = {row[0] for row in rows}
    gone: dict[str, Any] = dict(document.get("gone") or {})
    for ident in present & gone.keys():
        del gone[ident]
    finder = _Finder(document)
    for ident, (_, content) in document["revisions"].items():
        if content and ident not in present:  # in the version recorded last, not in this one
            row = finder.row(ident)
            if row is not None:
                gone[ident] = row
    document["gone"] = gone
    document["recorded"] = fingerprint
    document["versions"][fingerprint] = {"published": published, "sessions": rows}


def cancelled_rows(document: dict[str, Any]) -> list[tuple[str, Any]]:
    """(id, last row) of each session the revisions count as gone (content ''), when its
    row is known; ids in order."""
    gone = document.get("gone") or {}
    finder = _Finder(document)
    found = []
    for ident, (_, content) in sorted(document["revisions"].items()):
        if not content:
            row = gone.get(ident)
            row = row if row is not None else finder.row(ident)
            if row is not None:
                found.append((ident, row))
    return found


class _Finder:
    """A session's row in the versions a snapshot keeps, the last recorded first."""

    def __init__(self, document: dict[str, Any]) -> None:
        names = (document.get("recorded"), document["seen"], document["previous"])
        order = [*names, document["acked"]]
        versions = document["versions"]
        self.versions = [versions[f] for f in dict.fromkeys(order) if f in versions]
        self.indexes: list[dict[str, Any]] = []

    def row(self, ident: str) -> Any:
        for number, version in enumerate(self.versions):
            if number == len(self.indexes):
                rows = version.get("sessions") or []
                self.indexes.append(
                    {r[0]: r for r in rows if isinstance(r, list) and r and isinstance(r[0], str)}
                )
            if ident in self.indexes[number]:
                return self.indexes[number][ident]
        return None
