"""Reports load matplotlib and python-docx only when a chart or a .docx is made."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO

CASES = [
    ("workbench.cli.report", ["matplotlib", "docx", "sqlalchemy", "numpy"]),
    ("workbench.report.export", ["matplotlib", "docx", "sqlalchemy"]),
    ("workbench.report.phase_report", ["matplotlib", "docx", "sqlalchemy"]),
    ("workbench.report.html", ["matplotlib", "docx", "sqlalchemy"]),
    ("workbench.services.reports", ["matplotlib", "docx", "textual"]),
]


@pytest.mark.parametrize(("module", "forbidden"), CASES)
def test_import_stays_light(module, forbidden):
    code = (
        f"import sys, importlib; importlib.import_module({module!r}); "
        f"print(','.join(m for m in {forbidden!r} if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert out.stdout.strip() == ""
