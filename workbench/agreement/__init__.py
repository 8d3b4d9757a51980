"""agreement (pure analysis package)."""
