"""nlp (pure analysis package)."""
