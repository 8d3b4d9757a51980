"""one coding per coder, span and code: a rule the database keeps

Revision ID: 0007_i18
Revises: 0007_i16
Create Date: 2026-12-07

Adding a coding checked for a duplicate and then inserted; two sessions of the
same coder (two windows, a retry after a lost connection, a script run twice)
could both pass the check before either inserted, and PostgreSQL kept both rows.
A unique index on (coder, document, code, start, end) makes the second insert
fail instead, on every backend, however the sessions interleave.

Duplicates already stored are folded into their oldest row first: its memo keeps
the other rows' differing memos after it, it takes an event date from them when
it had none, memos written about a duplicate now point at the kept row, and an
audit entry (``coding.fold``) keeps each removed row whole.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0007_i18"
down_revision = "0007_i16"
branch_labels = None
depends_on = None

KEY = ["coder_id", "document_id", "code_id", "start", "end"]
FIELDS = (
    "id, guid, document_id, start, \"end\", code_id, coder_id, origin, memo, "
    "event_start, event_end, event_precision"
)


def _fold_duplicates(conn: sa.Connection) -> None:
    groups = conn.execute(
        sa.text(
            'SELECT coder_id, document_id, code_id, start, "end" FROM codings '
            'GROUP BY coder_id, document_id, code_id, start, "end" HAVING count(*) > 1'
        )
    ).all()
    for group in groups:
        rows = conn.execute(
            sa.text(
                f"SELECT {FIELDS} FROM codings WHERE coder_id = :a AND document_id = :b "
                'AND code_id = :c AND start = :d AND "end" = :e ORDER BY id'
            ),
            dict(zip("abcde", group, strict=True)),
        ).all()
        kept, *extra = rows
        memos = [kept.memo] if kept.memo else []
        memos += [r.memo for r in extra if r.memo and r.memo not in memos]
        dated = next((r for r in rows if r.event_start is not None), None)
        conn.execute(
            sa.text(
                "UPDATE codings SET memo = :memo, event_start = :s, event_end = :e, "
                "event_precision = :p WHERE id = :id"
            ),
            {
                "memo": "\n\n".join(memos) if memos else None,
                "s": dated.event_start if dated else None,
                "e": dated.event_end if dated else None,
                "p": dated.event_precision if dated else None,
                "id": kept.id,
            },
        )
        ids = [r.id for r in extra]
        conn.execute(
            sa.text("UPDATE memos SET coding_id = :kept WHERE coding_id IN :ids").bindparams(
                sa.bindparam("ids", expanding=True)
            ),
            {"kept": kept.id, "ids": ids},
        )
        conn.execute(
            sa.text("DELETE FROM codings WHERE id IN :ids").bindparams(
                sa.bindparam("ids", expanding=True)
            ),
            {"ids": ids},
        )
        for r in extra:
            snapshot = {k: v for k, v in r._mapping.items() if k != "id"}
            for k in ("event_start", "event_end"):
                if snapshot[k] is not None:
                    snapshot[k] = str(snapshot[k])
            conn.execute(
                sa.text(
                    "INSERT INTO audit_log (at, actor, action, entity, entity_id, before, after) "
                    "VALUES (:at, NULL, 'coding.fold', 'coding', :guid, :before, :after)"
                ).bindparams(sa.bindparam("at", type_=sa.DateTime(timezone=True))),
                {
                    "at": datetime.now(UTC),
                    "guid": r.guid,
                    "before": json.dumps(snapshot),
                    "after": json.dumps({"into": kept.guid}),
                },
            )


def upgrade() -> None:
    _fold_duplicates(op.get_bind())
    with op.batch_alter_table("codings") as batch_op:
        batch_op.create_index("uq_codings_span", KEY, unique=True)


def downgrade() -> None:
    with op.batch_alter_table("codings") as batch_op:
        batch_op.drop_index("uq_codings_span")
