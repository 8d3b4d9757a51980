"""Widgets named by role."""
