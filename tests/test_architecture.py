"""The layering holds at run time: entry points stay light, pure code stays pure."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO

CASES = [
    ("workbench.cli.main", ["textual", "sqlalchemy", "spacy", "numpy", "alembic"]),
    ("workbench.services.codings", ["textual", "spacy"]),
    ("workbench.codebook.load", ["textual", "sqlalchemy", "spacy"]),
    ("workbench.core.dates", ["textual", "sqlalchemy", "spacy", "numpy", "yaml"]),
]


@pytest.mark.parametrize(("module", "forbidden"), CASES)
def test_import_hygiene(module, forbidden):
    code = (
        f"import sys, importlib; importlib.import_module({module!r}); "
        f"print(','.join(m for m in {forbidden!r} if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert out.stdout.strip() == ""


def test_import_contracts():
    """import-linter's contracts from pyproject.toml (layers and forbidden imports)."""
    exe = [
        sys.executable,
        "-c",
        "from importlinter.cli import lint_imports_command; lint_imports_command()",
    ]
    out = subprocess.run(exe, capture_output=True, text=True, cwd=REPO)
    assert out.returncode == 0, out.stdout + out.stderr
