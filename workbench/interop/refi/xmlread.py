"""Parsing untrusted XML: defusedxml, no DTD at all, and line numbers kept.

REFI-QDA files never need a document type declaration, so any DOCTYPE is refused
outright (``forbid_dtd``), which also rules out entity expansion ("billion
laughs") and external entities (reading local files or URLs through the parser).
Malformed XML is reported with its line and column.

Every element remembers the line it started on (``LineElement.line``), so that a
problem found while interpreting the file (a selection past the end of its text)
is reported where it is.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from workbench.core.errors import InputError

if TYPE_CHECKING:
    from collections.abc import Iterator


class LineElement(ET.Element):
    """An element that knows its line in the source file (0 when built in memory)."""

    line: int = 0


class _LineBuilder(ET.TreeBuilder):
    def __init__(self) -> None:
        super().__init__(element_factory=LineElement, insert_comments=True)
        self.parser: Any = None

    def start(self, tag: Any, attrs: Any) -> ET.Element:
        element = super().start(tag, attrs)
        if self.parser is not None and isinstance(element, LineElement):
            element.line = self.parser.parser.CurrentLineNumber
        return element


def parse_xml(data: bytes, *, path: str) -> LineElement:
    """The root element of ``data``, or an ``InputError`` located in the file."""
    builder = _LineBuilder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True)
    builder.parser = parser
    try:
        parser.feed(data)
        root = parser.close()
    except ET.ParseError as exc:
        line, column = exc.position
        reason = str(exc).split(": line ")[0]
        raise InputError(
            f"not well-formed XML: {reason}", path=path, line=line, column=column + 1
        ) from None
    except DefusedXmlException as exc:
        expat = parser.parser
        raise InputError(
            "refused: the XML declares a DOCTYPE or entities "
            f"({type(exc).__name__}); REFI-QDA files need none, and they can read local "
            "files or expand without bound",
            path=path,
            line=expat.CurrentLineNumber,
            column=expat.CurrentColumnNumber + 1,
        ) from None
    if not isinstance(root, LineElement):  # pragma: no cover - the builder makes them
        raise InputError("not well-formed XML: no root element", path=path)
    return root


def local(tag: object) -> str:
    """``Code`` for ``{urn:QDA-XML:project:1.0}Code``; ``""`` for comments."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def children(element: ET.Element, name: str | None = None) -> Iterator[LineElement]:
    """Child elements (not comments), optionally only those with local name ``name``."""
    for child in element:
        if (
            isinstance(child, LineElement)
            and isinstance(child.tag, str)
            and (name is None or local(child.tag) == name)
        ):
            yield child


def child(element: ET.Element, name: str) -> LineElement | None:
    return next(children(element, name), None)


def child_text(element: ET.Element, name: str) -> str | None:
    """The text of the first child ``name``; ``None`` if absent, ``""`` if empty."""
    found = child(element, name)
    if found is None:
        return None
    return "".join(found.itertext())


def attr(element: ET.Element, name: str) -> str | None:
    """An attribute by name, ignoring its case and namespace (tools vary on both)."""
    value = element.get(name)
    if value is not None:
        return value
    wanted = name.casefold()
    for key, value in element.attrib.items():
        if local(key).casefold() == wanted:
            return value
    return None


def comments(element: ET.Element) -> Iterator[str]:
    """Text of the comments directly inside ``element`` (the only non-elements kept)."""
    for node in element:
        if not isinstance(node.tag, str) and node.text is not None:
            yield node.text
