"""REFI-QDA test helpers: the reference files in ../shared/refi-qda, and small archives.

The schema, the specification and the sample exports are read from the shared
folder beside the repository, never copied into it; a test that needs one skips,
saying which file is missing, when it is absent.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import TYPE_CHECKING

import pytest

from tests.conftest import SHARED

if TYPE_CHECKING:
    from pathlib import Path

REFI = SHARED / "refi-qda"
PROJECT_XSD = REFI / "Project-mrt2019.xsd"
SPEC = REFI / "REFI-QDA-1.5-spec.txt"
SAMPLES = REFI / "samples"
_TAG_LINE = re.compile(r"\s*<(\?xml|!--|/?xsd:)")


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent (the REFI-QDA reference files live in ../shared/refi-qda)")
    return path


def make_qdpx(qde: str | bytes | None, files: dict[str, bytes | str] | None = None) -> bytes:
    """A .qdpx in memory: ``project.qde`` (unless None) and ``files`` by member name."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        if qde is not None:
            zf.writestr("project.qde", qde.encode("utf-8") if isinstance(qde, str) else qde)
        for name, data in (files or {}).items():
            zf.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return buffer.getvalue()


def codebook_schema_text(spec: str) -> str:
    """The codebook XSD printed in section 5.2 of the specification's text.

    The text was extracted from the PDF: the schema is interrupted by page headers
    ("REFI-QDA", a page number) and by the labels of figure 3 (one of which,
    ``<Contains``, looks like a tag), and long lines are wrapped. A line is kept
    when it starts an ``xsd:`` tag, a comment or the declaration, or when it
    continues the line before (which then did not end with ``>``); a line broken
    after a ``-`` inside an attribute value is joined without a space.
    """
    start = spec.index("<?xml", spec.rindex("5.2 XML Schema for REFI-QDA codebook exchange"))
    end = spec.index("</xsd:schema>", start) + len("</xsd:schema>")
    kept: list[str] = []
    for raw in spec[start:end].splitlines():
        line = raw.rstrip()
        if _TAG_LINE.match(line):
            kept.append(line)
        elif kept and not kept[-1].endswith(">") and line.strip():
            joiner = "" if kept[-1].endswith("-") else " "
            kept[-1] = kept[-1] + joiner + line.strip()
    return "\n".join(kept)


@pytest.fixture(scope="session")
def project_schema():
    xmlschema = pytest.importorskip("xmlschema", reason="xmlschema validates the exports")
    return xmlschema.XMLSchema(str(need(PROJECT_XSD)))


@pytest.fixture(scope="session")
def codebook_schema():
    xmlschema = pytest.importorskip("xmlschema", reason="xmlschema validates the exports")
    text = need(SPEC).read_text(encoding="utf-8")
    source = codebook_schema_text(text)
    assert re.search(r'<xsd:complexType name="MemberCodeType">', source)
    return xmlschema.XMLSchema(source)
