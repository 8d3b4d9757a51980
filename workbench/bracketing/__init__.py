"""bracketing (pure analysis package)."""
