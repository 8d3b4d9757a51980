"""Alembic environment, run in-process by ``workbench.store.db``.

The connection is handed over in ``config.attributes`` so that migrations run on
the engine the project opened (with its pragmas), never on a URL from an ini file.
"""

from __future__ import annotations

from alembic import context

from workbench.store.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
