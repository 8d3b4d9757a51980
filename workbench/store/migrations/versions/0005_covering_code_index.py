"""retrieve one code's segments from the index alone

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23

Retrieving every segment of a code is the commonest question a researcher asks of a
project. With an index on the code alone, each of those segments is a separate
look-up in the table, scattered over the whole file; in a project of a million
codings that look-up was most of the cost. The code index now carries every column
the segment list shows except the memo, in the order the list is sorted, so the
list is read from the index in one pass. Memos are rare and may be long, so they
stay out of it; a small partial index finds the codings that have one.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

COVERING = [
    "code_id",
    "document_id",
    "start",
    "end",
    "id",
    "coder_id",
    "origin",
    "guid",
    "event_start",
    "event_end",
    "event_precision",
]


def upgrade() -> None:
    with op.batch_alter_table("codings") as batch_op:
        batch_op.drop_index("ix_codings_code_document")
        batch_op.create_index("ix_codings_code_document", COVERING, unique=False)
        batch_op.create_index(
            "ix_codings_code_memo",
            ["code_id"],
            unique=False,
            sqlite_where=sa.text("memo IS NOT NULL"),
            postgresql_where=sa.text("memo IS NOT NULL"),
        )


def downgrade() -> None:
    with op.batch_alter_table("codings") as batch_op:
        batch_op.drop_index("ix_codings_code_memo")
        batch_op.drop_index("ix_codings_code_document")
        batch_op.create_index(
            "ix_codings_code_document", ["code_id", "document_id", "start"], unique=False
        )
