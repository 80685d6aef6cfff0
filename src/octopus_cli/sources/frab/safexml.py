"""Parsing a schedule.xml safely, with the standard library alone.

A published file is untrusted: XML entities can expand a few hundred bytes into
gigabytes (billion laughs, quadratic blow-up) or pull in local files and URLs (external
entities). No schedule.xml needs them, so a file that declares any entity is refused, as
defusedxml does; nothing is ever fetched.

The C-accelerated `xml.etree.ElementTree.XMLParser` hides its expat parser, so its
handlers cannot be set; the tree is built here from expat's own events instead (what the
pure-Python XMLParser does), into an ElementTree `TreeBuilder`. Expat is iterative, so
deep nesting costs memory, not the stack, and parsing is linear in the file's size."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from xml.parsers import expat

from ...core.errors import ProgrammeError
from ...core.i18n import _

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (3 ms)
if TYPE_CHECKING:
    from typing import NoReturn


def entity_hint() -> str:
    return _(
        "Entities can expand to gigabytes or read files from your disk; a published "
        "schedule.xml has none. Ask its publisher for a plain one."
    )


class _DeclaresEntities(Exception):
    """Raised from inside expat's handlers; caught around the parse."""


def _refuse(*_args: object) -> NoReturn:
    raise _DeclaresEntities


def parse_xml(data: bytes, source: str) -> ET.Element:
    """The document's root element, or a ProgrammeError naming `source`: not well-formed
    (with the line), or declaring entities."""
    builder = ET.TreeBuilder()
    parser = expat.ParserCreate()
    parser.buffer_text = True  # one call per run of text, not one per line
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.EntityDeclHandler = _refuse  # <!ENTITY ...>, general or parameter
    parser.UnparsedEntityDeclHandler = _refuse  # <!ENTITY x SYSTEM "..." NDATA y>
    parser.ExternalEntityRefHandler = _refuse  # never resolve, never fetch
    parser.StartDoctypeDeclHandler = _doctype
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    try:
        parser.Parse(data, True)
        root = builder.close()
    except _DeclaresEntities:
        raise ProgrammeError(
            _("{source} declares XML entities, which octopus does not read").format(source=source),
            [
                _("{source}: a <!DOCTYPE> with <!ENTITY> declarations or an external DTD").format(
                    source=source
                )
            ],
            hint=entity_hint(),
        ) from None
    except (ValueError, LookupError) as error:  # encoding="shift_jis", "x-unknown", "UTF-7"
        raise ProgrammeError(
            _("{source}: its XML encoding is one octopus cannot read ({reason})").format(
                source=source, reason=str(error)[:80]
            ),
            hint=_(
                'Save the schedule as UTF-8 (and say so: <?xml version="1.0" encoding="utf-8"?>).'
            ),
        ) from None
    except expat.ExpatError as error:
        reason = expat.ErrorString(error.code) or "not well-formed"
        raise ProgrammeError(
            _("{source} is not well-formed XML (line {line}): {reason}").format(
                source=source, line=error.lineno, reason=reason
            ),
            [
                _("line {line}, column {column}: {reason}").format(
                    line=error.lineno, column=error.offset + 1, reason=reason
                )
            ],
            hint=_("Check that the file is the schedule.xml itself, not an error page, and whole."),
        ) from None
    except (RecursionError, MemoryError):
        raise ProgrammeError(
            _("{source} is nested too deeply to read").format(source=source),
            [_("{source}: elements nested too deeply").format(source=source)],
        ) from None
    if not isinstance(root, ET.Element):  # pragma: no cover - expat refuses an empty file
        raise ProgrammeError(_("{source} has no XML element").format(source=source))
    return root


def _doctype(name: str, system_id: str | None, public_id: str | None, internal: int) -> None:
    """A bare <!DOCTYPE schedule> is harmless; one that points to an external DTD would
    need it fetched to be read right (it may declare entities): refused."""
    if system_id or public_id:
        raise _DeclaresEntities
