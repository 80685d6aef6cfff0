"""Text as a published schedule gives it, made fit for a programme: control characters
removed, HTML turned into plain text, slugs for kinds and tags, lengths kept in bounds.

Everything here runs in time linear in its input: a 20 MB schedule may hold one huge
abstract, or HTML built to make a backtracking parser crawl."""

from __future__ import annotations

import re
import unicodedata
from html import unescape

# C0 controls but tab and newline, DEL and the C1 controls: no escape sequence, no NUL.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SLUG_GAP = re.compile(r"[^a-z0-9]+")
# A tag never contains '<' or '>', so each try stops at the next '<': linear on any input.
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)[^<>]*>")
_HAS_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_HAS_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_BLANK_RUNS = re.compile(r"\n{3,}")

_PARAGRAPH_TAGS = frozenset(
    {"p", "div", "ul", "ol", "dl", "table", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6"}
    | {"section", "article", "header", "footer", "figure", "hr"}
)
_LINE_TAGS = frozenset(("br", "li", "dt", "dd", "tr"))
_HIDDEN_TAGS = frozenset(("script", "style", "head", "title", "template"))

ELLIPSIS = "…"
# More than enough source text for the 20,000 characters a description may have, however
# much of it is markup: the work per field stays bounded.
_READ_AT_MOST = 200_000


def strip_controls(text: str) -> str:
    """Line ends as '\\n', and no control characters but '\\n' and '\\t'."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def line(text: str | None) -> str:
    """One line of text (a title, a name): controls removed, runs of white space as one
    space, trimmed."""
    if not text:
        return ""
    return " ".join(strip_controls(text).split())


def cut(text: str, limit: int) -> str:
    """`text` at most `limit` characters long, ending in '…' when shortened."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + ELLIPSIS


def slug(text: str | None, limit: int = 64) -> str:
    """'Security & Privacy' -> 'security-privacy'; accents folded ('Über' -> 'uber');
    '' when nothing of it is a Latin letter or a digit."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFKD", text[:10_000])
    ascii_only = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    return _SLUG_GAP.sub("-", ascii_only).strip("-")[:limit].strip("-")


def prose(text: str | None) -> str:
    """Plain text for a description: HTML (when it is HTML) as text with its paragraphs
    as blank lines, entities unescaped; line ends as '\\n'; no controls; at most one blank
    line in a row; trimmed."""
    if not text:
        return ""
    text = strip_controls(text[:_READ_AT_MOST])
    if _HAS_TAG.search(text):
        text = strip_controls(_html_text(text))
    elif _HAS_ENTITY.search(text):
        text = strip_controls(unescape(text))  # '&#27;' must not bring a control back
    lines = [part.rstrip() for part in text.split("\n")]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()


def _html_text(html: str) -> str:
    """HTML as plain text: tags dropped, block tags as line or paragraph breaks, white
    space collapsed as a browser does (but inside <pre>), comments and scripts dropped."""
    out: list[str] = []
    hidden: str | None = None  # inside <script> and the like, until its end tag
    preformatted = 0
    position = 0

    def text(chunk: str) -> None:
        if hidden is not None or not chunk:
            return
        chunk = unescape(chunk)
        out.append(chunk if preformatted else _SPACES.sub(" ", chunk))

    while position < len(html):
        opening = html.find("<", position)
        if opening < 0:
            text(html[position:])
            break
        text(html[position:opening])
        if html.startswith("<!--", opening):
            closing = html.find("-->", opening + 4)
            position = len(html) if closing < 0 else closing + 3
            continue
        match = _TAG.match(html, opening)
        if match is None:
            text("<")  # a '<' that opens no tag is text: 'a < b'
            position = opening + 1
            continue
        position = match.end()
        closing_tag, name = match.group(1) == "/", match.group(2).lower()
        if hidden is not None:
            if closing_tag and name == hidden:
                hidden = None
            continue
        if name in _HIDDEN_TAGS and not closing_tag:
            hidden = name
        elif name == "pre":
            preformatted = max(0, preformatted + (-1 if closing_tag else 1))
            out.append("\n\n")
        elif name in _PARAGRAPH_TAGS:
            out.append("\n\n")
        elif name in _LINE_TAGS and not closing_tag:
            out.append("\n• " if name == "li" else "\n")  # not '- ': octopus's agenda form
    joined = "".join(out)
    return "\n".join(part.strip(" ") for part in joined.split("\n"))
