"""Shared value types (spans, date ranges, errors). Standard library only."""
