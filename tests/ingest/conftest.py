"""Fixtures for reader tests: every input file is built by the test itself."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from pathlib import Path

    from tests.ingest.helpers import WriteFile


@pytest.fixture
def write(tmp_path: Path) -> WriteFile:
    """Write bytes or UTF-8 text to ``tmp_path / name`` and return the path."""

    def _write(name: str, content: bytes | str) -> Path:
        path = tmp_path / name
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    return _write
