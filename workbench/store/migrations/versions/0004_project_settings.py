"""project settings kept in the database

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23

Settings that every coder's connection must see the same way, and that the
server itself consults (blind mode hides other coders' codings through row-level
security in team mode), live in the database rather than in each coder's
``workbench.yaml``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )


def downgrade() -> None:
    op.drop_table("settings")
