"""Codebooks: YAML format, validation, revisions and fuzzy look-up (pure)."""
