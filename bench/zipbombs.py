"""Hostile zip archives of the formats the workbench reads (docx, odt, qdpx), made here.

- an honest bomb: a member that says it unpacks to ``size`` bytes, and does;
- a lying header: a member whose directory entries claim a few bytes while its
  deflated stream inflates to ``size`` bytes;
- many members: more than any real file of the format has.

The streams are deflated chunk by chunk, so making a 300 MB bomb costs a few MB.
"""

from __future__ import annotations

import io
import struct
import zipfile

CHUNK = 1 << 20
DOCX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
        'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
        '"application/xml"/><Override PartName="/word/document.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="word/document.xml"/></Relationships>'
    ),
}
DOCX_BODY = (
    '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.'
    'org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:body>'
    "</w:document>"
)
ODT_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:'
    'tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry '
    'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
)
ODT_CONTENT = (
    '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:'
    'names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:'
    'text:1.0"><office:body><office:text><text:p>{}</text:p></office:text></office:body>'
    "</office:document-content>"
)
QDE = (
    '<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" '
    'name="bomb">{}</Project>'
)


def _filler(template: str, size: int) -> list[bytes]:
    """``template`` with its ``{}`` filled so the whole is ``size`` bytes, as chunks."""
    head, tail = (part.encode() for part in template.split("{}"))
    body = max(0, size - len(head) - len(tail))
    chunks = [head]
    block = b"a" * CHUNK
    while body > 0:
        chunks.append(block[: min(CHUNK, body)])
        body -= CHUNK
    chunks.append(tail)
    return chunks


def _member(zf: zipfile.ZipFile, name: str, chunks: list[bytes]) -> None:
    info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    with zf.open(info, "w", force_zip64=sum(map(len, chunks)) > 0x7FFF_0000) as out:
        for chunk in chunks:
            out.write(chunk)


def _lie(archive: bytes, name: str, claimed: int) -> bytes:
    """``archive`` with ``name``'s size in the central directory set to ``claimed``."""
    data = bytearray(archive)
    zf = zipfile.ZipFile(io.BytesIO(archive))
    pos = zf.start_dir  # type: ignore[attr-defined]
    for _ in zf.infolist():
        n, m, k = struct.unpack_from("<HHH", data, pos + 28)
        if bytes(data[pos + 46 : pos + 46 + n]) == name.encode():
            struct.pack_into("<I", data, pos + 24, claimed)
        pos += 46 + n + m + k
    return bytes(data)


def build(kind: str, attack: str, size: int) -> bytes:
    """A hostile ``kind`` (docx, odt, qdpx) file: ``attack`` is bomb, lie, media or members."""
    out = io.BytesIO()
    target = {"docx": "word/document.xml", "odt": "content.xml", "qdpx": "project.qde"}[kind]
    template = {"docx": DOCX_BODY, "odt": ODT_CONTENT, "qdpx": QDE}[kind]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        if kind == "odt":
            zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
            zf.writestr("META-INF/manifest.xml", ODT_MANIFEST)
        if kind == "docx":
            for name, text in DOCX_PARTS.items():
                zf.writestr(name, text)
        if attack in ("bomb", "lie"):
            _member(zf, target, _filler(template, size))
        else:
            zf.writestr(target, template.format("In 2003 we adapted the scheme."))
        if attack == "media":
            media = {
                "docx": "word/media/image1.png",
                "odt": "Pictures/1.png",
                "qdpx": "sources/a.mp4",
            }
            _member(zf, media[kind], [b"\0" * CHUNK] * max(1, size // CHUNK))
        if attack == "members":
            for i in range(size):
                zf.writestr(f"extra/{i}.xml", "")
    data = out.getvalue()
    return _lie(data, target, 2000) if attack == "lie" else data
