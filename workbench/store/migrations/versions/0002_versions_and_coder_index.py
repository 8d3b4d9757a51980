"""version columns for optimistic concurrency; coder index for per-coder queries

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23

Codebook and phase edits carry a version so that a stale edit (team mode, two
leads at once) fails instead of overwriting. Counting a coder's codings per
document is the query behind the status screen and agreement, hence the index.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

VERSIONED = ("codes", "bracket_schemes", "phases")


def upgrade() -> None:
    for table in VERSIONED:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(
                sa.Column("version", sa.Integer(), nullable=False, server_default="1")
            )
    with op.batch_alter_table("codings") as batch_op:
        batch_op.create_index("ix_codings_coder_document", ["coder_id", "document_id"])


def downgrade() -> None:
    with op.batch_alter_table("codings") as batch_op:
        batch_op.drop_index("ix_codings_coder_document")
    for table in VERSIONED:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("version")
