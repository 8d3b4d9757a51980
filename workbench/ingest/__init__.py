"""ingest (pure analysis package)."""
