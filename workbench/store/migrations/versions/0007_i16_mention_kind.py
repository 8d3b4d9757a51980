"""date mentions say what they are doing: event date, citation, reference list, furniture

Revision ID: 0007_i16
Revises: 0006
Create Date: 2026-12-07

Only event-date mentions may date a coded event; a paper's "(Hartley, 2005)" and
its reference list date publications. Mentions already stored are classified from
their document's text by the same rules the importer now uses
(``workbench.nlp.kinds``, plain regular expressions: no spaCy), so a project
imported before this revision stops dating events by citations too.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_i16"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("date_mentions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=16), server_default="event", nullable=False)
        )
    _classify()


def _classify() -> None:
    from workbench.nlp.kinds import KindReader

    conn = op.get_bind()
    mentions = sa.table(
        "date_mentions",
        sa.column("id", sa.Integer),
        sa.column("document_id", sa.Integer),
        sa.column("start", sa.Integer),
        sa.column("end", sa.Integer),
        sa.column("kind", sa.String),
    )
    documents = sa.table("documents", sa.column("id", sa.Integer), sa.column("text", sa.Text))
    ids = [
        r[0] for r in conn.execute(sa.select(mentions.c.document_id).distinct()).all()
    ]
    for doc_id in ids:
        text = conn.execute(sa.select(documents.c.text).where(documents.c.id == doc_id)).scalar()
        if not text:
            continue
        reader = KindReader(text)
        rows = conn.execute(
            sa.select(mentions.c.id, mentions.c.start, mentions.c.end).where(
                mentions.c.document_id == doc_id
            )
        ).all()
        changed = [
            {"mid": mid, "k": str(kind)}
            for mid, a, b in rows
            if (kind := reader.kind(a, b)) != "event"
        ]
        if changed:
            conn.execute(
                mentions.update().where(mentions.c.id == sa.bindparam("mid")).values(
                    kind=sa.bindparam("k")
                ),
                changed,
            )


def downgrade() -> None:
    with op.batch_alter_table("date_mentions", schema=None) as batch_op:
        batch_op.drop_column("kind")
