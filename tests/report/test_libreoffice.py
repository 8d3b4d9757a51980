"""The Word reports open in LibreOffice: converted headless to PDF, every page is there.

Skipped where LibreOffice is not installed (``apt-get install libreoffice-writer-nogui``).
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed"),
]


def _to_pdf(paths, tmp_path):
    profile = (tmp_path / "lo-profile").as_uri()  # a private profile: runs may overlap
    subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            *(str(p) for p in paths),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    return [tmp_path / (p.stem + ".pdf") for p in paths]


def test_word_reports_convert_to_pdf_with_their_tables_and_charts(demo, tmp_path):
    """The phase report (portrait) and the matrix report (landscape pages for wide tables)."""
    from pypdf import PdfReader

    from workbench.report.export import write_report
    from workbench.services.reports import build_report

    reports = [
        build_report(demo, "phases", scheme="study", coders=["ana"], level=0),
        build_report(demo, "matrix"),
    ]
    paths = []
    for report in reports:
        paths.append(tmp_path / f"{report.kind}.docx")
        write_report(report, paths[-1], "docx")
    for report, pdf_path in zip(reports, _to_pdf(paths, tmp_path), strict=True):
        pdf = PdfReader(pdf_path)
        assert len(pdf.pages) >= 3
        text = " ".join(page.extract_text() for page in pdf.pages)
        assert report.title.split(":")[0] in text
        assert "Table 1" in text
        assert "Figure 1" in text
        assert "Reproducibility manifest" in text
        assert sum(len(page.images) for page in pdf.pages) >= len(report.figures())
        sizes = {
            (round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pdf.pages
        }
        if report.kind == "matrix":
            assert sizes == {(595, 842), (842, 595)}  # A4 portrait and landscape
        else:
            assert sizes == {(595, 842)}
