"""Parsing untrusted XML safely, and writing XML that reads back exactly."""

from __future__ import annotations

import pytest

from workbench.core.errors import InputError
from workbench.interop.refi.xmlread import attr, child_text, children, comments, local, parse_xml
from workbench.interop.refi.xmlwrite import Comment, Node, to_xml

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<Project name="&lol2;"/>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE Project [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Project name="x"><Description>&secret;</Description></Project>"""
EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE Project SYSTEM "http://example.invalid/evil.dtd">
<Project name="x"/>"""


@pytest.mark.parametrize("data", [BILLION_LAUGHS, EXTERNAL_ENTITY, EXTERNAL_DTD])
def test_any_doctype_is_refused_with_its_line(data):
    with pytest.raises(InputError, match="refused: the XML declares a DOCTYPE") as info:
        parse_xml(data, path="x.qdpx!project.qde")
    assert info.value.line == 2
    assert str(info.value).startswith("x.qdpx!project.qde:2:")


def test_malformed_xml_reports_line_and_column():
    data = b'<?xml version="1.0"?>\n<Project name="x">\n  <Users>\n</Project>\n'
    with pytest.raises(InputError, match="not well-formed XML: mismatched tag") as info:
        parse_xml(data, path="p.qde")
    assert (info.value.line, info.value.column) == (4, 3)
    assert str(info.value) == "p.qde:4:3: not well-formed XML: mismatched tag"


def test_elements_know_their_lines_and_names_ignore_namespace_and_case():
    root = parse_xml(
        b'<Project xmlns="urn:QDA-XML:project:1.0" name="n">\n<!--c-->\n<Users>\n'
        b'<User GUID="g"/></Users></Project>',
        path="p",
    )
    users = list(children(root, "Users"))
    assert [(local(u.tag), u.line) for u in users] == [("Users", 3)]
    user = next(children(users[0]))
    assert attr(user, "guid") == "g"
    assert list(comments(root)) == ["c"]
    assert child_text(root, "Description") is None


def test_written_text_and_attributes_read_back_exactly():
    tricky = "a & b < c > d \"e\" 'f'\r\n\ttab\rcr\n\u00e9\U0001f600"
    root = Node("Project", {"xmlns": "urn:x", "name": tricky, "skip": None})
    root.children.append(Comment("note - not two dashes"))
    root.add("Description", tricky)
    root.add("Empty")
    back = parse_xml(to_xml(root), path="t")
    assert back.get("name") == tricky
    assert "skip" not in back.attrib
    assert child_text(back, "Description") == tricky
    assert child_text(back, "Empty") == ""
    assert list(comments(back)) == ["note - not two dashes"]


def test_characters_xml_cannot_carry_are_dropped():
    root = Node("P", {"a": "x\x00y\x0bz"})
    root.add("D", "bell\x07 ok\ufffe")
    back = parse_xml(to_xml(root), path="t")
    assert back.get("a") == "xyz"
    assert child_text(back, "D") == "bell ok"
