"""Workbench: qualitative coding and temporal bracketing for process research.

Kept import-free so that ``workbench --help`` starts fast.
"""

__version__ = "0.1.0"
