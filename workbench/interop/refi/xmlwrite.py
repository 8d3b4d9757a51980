"""A small XML serializer that round-trips text exactly.

ElementTree writes a carriage return in element text as is, and every parser
reads it back as a newline (XML end-of-line handling), so a memo would not come
back as it left. Here ``\\r`` is written as ``&#13;`` in text, and tabs and
newlines in attribute values as character references too (attribute-value
normalisation would turn them into spaces). Characters XML 1.0 cannot carry at
all (most C0 controls, lone surrogates, U+FFFE/U+FFFF) are dropped.

Elements hold either text or child nodes, never both, which is all REFI-QDA
needs; children are indented two spaces per level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTR_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "\r": "&#13;",
        "\n": "&#10;",
        "\t": "&#9;",
    }
)


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot represent."""
    return _ILLEGAL.sub("", text)


@dataclass(slots=True)
class Comment:
    text: str


@dataclass(slots=True)
class Node:
    """An element under construction; ``None`` attribute values are left out."""

    tag: str
    attrs: dict[str, str | None] = field(default_factory=dict)
    children: list[Node | Comment] = field(default_factory=list)
    text: str | None = None

    def add(self, tag: str, text: str | None = None, **attrs: str | None) -> Node:
        child = Node(tag, dict(attrs), [], text)
        self.children.append(child)
        return child

    def extend(self, nodes: list[Node]) -> None:
        self.children.extend(nodes)


def _attrs(node: Node) -> str:
    parts = []
    for key, value in node.attrs.items():
        if value is not None:
            parts.append(f' {key}="{xml_safe(value).translate(_ATTR_ESCAPES)}"')
    return "".join(parts)


def _write(node: Node | Comment, depth: int, out: list[str]) -> None:
    pad = "  " * depth
    if isinstance(node, Comment):
        body = xml_safe(node.text)
        if "--" in body or body.endswith("-"):  # pragma: no cover - callers escape
            raise ValueError("an XML comment cannot contain '--' or end with '-'")
        out.append(f"{pad}<!--{body}-->\n")
        return
    head = f"{pad}<{node.tag}{_attrs(node)}"
    if node.children:
        out.append(f"{head}>\n")
        for child in node.children:
            _write(child, depth + 1, out)
        out.append(f"{pad}</{node.tag}>\n")
    elif node.text is not None:
        out.append(f"{head}>{xml_safe(node.text).translate(_TEXT_ESCAPES)}</{node.tag}>\n")
    else:
        out.append(f"{head}/>\n")


def to_xml(root: Node) -> bytes:
    """The document as UTF-8 bytes with an XML declaration."""
    out = ['<?xml version="1.0" encoding="utf-8"?>\n']
    _write(root, 0, out)
    return "".join(out).encode("utf-8")
