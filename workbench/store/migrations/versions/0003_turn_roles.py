"""speaker roles on turns

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23

The project's speaker map turns labels ("R1", "Cllr Okafor") into roles
(councillor, chief executive...). The role is stored on each turn so that
retrieval and agreement can filter by role without re-reading the map.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("turns") as batch_op:
        batch_op.add_column(sa.Column("role", sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("turns") as batch_op:
        batch_op.drop_column("role")
