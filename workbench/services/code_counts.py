"""How much each code is used: its own segments and sources, and with its child codes.

"Sources" are documents (NVivo's word): a code used 40 times in 2 interviews is
not one used 40 times in 20. The totals with children count a document once
however many of the subtree's codes it holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from workbench.services.resolve import coder_by_handle
from workbench.store.models import Code, Coding

if TYPE_CHECKING:
    from workbench.store.project import Project


@dataclass(frozen=True, slots=True)
class CodeCount:
    segments: int  # the code's own codings
    sources: int  # documents with at least one of them
    total_segments: int  # with every child code's, down the tree
    total_sources: int  # documents with a coding of the code or a child code


def code_counts(project: Project, *, only_coder: str | None = None) -> dict[str, CodeCount]:
    """Counts per code guid (only ``only_coder``'s codings when given, as in blind mode)."""
    with project.reader() as uow:
        s = uow.session
        q = select(Coding.code_id, Coding.document_id, func.count()).group_by(
            Coding.code_id, Coding.document_id
        )
        if only_coder is not None:
            q = q.where(Coding.coder_id == coder_by_handle(s, only_coder).id)
        pairs = s.execute(q).all()
        codes = s.execute(select(Code.id, Code.guid, Code.parent_id)).all()
    parent = {cid: pid for cid, _g, pid in codes}
    own_segments: dict[int, int] = {}
    own_docs: dict[int, set[int]] = {}
    for code_id, doc_id, n in pairs:
        own_segments[code_id] = own_segments.get(code_id, 0) + n
        own_docs.setdefault(code_id, set()).add(doc_id)
    total_segments = dict(own_segments)
    total_docs = {k: set(v) for k, v in own_docs.items()}
    for code_id in list(own_segments):
        seen = {code_id}
        up = parent.get(code_id)
        while up is not None and up not in seen:  # a cycle would be a bug elsewhere: stop
            seen.add(up)
            total_segments[up] = total_segments.get(up, 0) + own_segments[code_id]
            total_docs.setdefault(up, set()).update(own_docs[code_id])
            up = parent.get(up)
    return {
        guid: CodeCount(
            own_segments.get(cid, 0),
            len(own_docs.get(cid, ())),
            total_segments.get(cid, 0),
            len(total_docs.get(cid, ())),
        )
        for cid, guid, _p in codes
    }
