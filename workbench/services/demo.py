"""The demo study, built afresh from ``projects/demo/corpus``: the one-command journey.

Everything goes through the same services a researcher uses, step by step, so the
demo is also a running proof that the pieces fit: codebook, import, indicators, two
coders' codings, the study's bracket scheme, agreement, adjudication, bracketing.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.core.errors import ProjectError

if TYPE_CHECKING:
    from collections.abc import Callable

    from workbench.store.project import Project

CODEBOOK = "learning-innovation.yaml"
CODERS = ("ana", "ben")
GENERATED = (
    "workbench.yaml",
    "workbench.db",
    "workbench.db-wal",
    "workbench.db-shm",
    "sources",
    "exports",
)


@dataclass
class DemoResult:
    root: Path
    steps: list[tuple[str, float, str]] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)


def find_corpus(start: Path | None = None) -> Path:
    """``projects/demo/corpus`` under the current folder, else beside the package."""
    candidates = [
        (start or Path.cwd()) / "projects" / "demo" / "corpus",
        Path(__file__).resolve().parents[2] / "projects" / "demo" / "corpus",
    ]
    for c in candidates:
        if (c / "manifest.csv").is_file():
            return c
    raise ProjectError(
        "the demo corpus is not here: run 'workbench demo' from the "
        "workbench folder (it needs projects/demo/corpus)"
    )


def demo_root(cwd: Path | None = None) -> Path:
    """Where the demo project is built: ``projects/demo`` under the current folder.

    Run from any folder, ``workbench demo`` builds there (its corpus comes from the
    checkout when the folder has none), so ``workbench status -p demo`` finds it there.
    """
    return (cwd or Path.cwd()) / "projects" / "demo"


def _codebook(corpus: Path) -> Path:
    path = corpus.parents[2] / "codebooks" / CODEBOOK
    if not path.is_file():
        raise ProjectError(f"the demo needs the shipped codebook at {path}")
    return path


def reset(root: Path) -> None:
    """Remove what a previous demo run generated; the corpus and anything else stay."""
    for name in GENERATED:
        target = root / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    for backup in root.glob("workbench.db.*.bak"):
        backup.unlink()


def build_demo(
    *,
    corpus: Path | None = None,
    root: Path | None = None,
    on_step: Callable[[str, float, str], None] | None = None,
) -> tuple[Project, DemoResult]:
    """Build the demo project in ``root`` (default: ``projects/demo`` beside its corpus when
    given, else under the current folder), from ``corpus`` (default: found)."""
    from workbench.services.adjudication import adopt_agreements
    from workbench.services.agreement import compute_agreement
    from workbench.services.bracketing import run_bracketing, write_result
    from workbench.services.codebook import load_codebook_file, register_codebook
    from workbench.services.codings import import_codings
    from workbench.services.imports import collect, import_documents
    from workbench.services.indicators import import_indicators
    from workbench.services.phases import load_scheme_file
    from workbench.store.project import create_project

    if root is None:
        root = corpus.parent if corpus is not None else demo_root()
    corpus = corpus or find_corpus()
    root.mkdir(parents=True, exist_ok=True)
    result = DemoResult(root)

    def step(name: str, run: Callable[[], str]) -> None:
        t0 = time.perf_counter()
        detail = run()
        took = time.perf_counter() - t0
        result.steps.append((name, took, detail))
        if on_step is not None:
            on_step(name, took, detail)

    reset(root)
    project = create_project(root, "demo", database=None, coder="lead")
    from workbench.services.coders import add_coder

    add_coder(project.uow(), handle="lead", name="Study lead", role="lead")
    codebook = _codebook(corpus)

    def load_book() -> str:
        r = load_codebook_file(project.uow(), path=codebook, actor="lead")
        register_codebook(project, codebook)
        return f"{len(r.diff.added)} codes"

    def import_docs() -> str:
        items, problems = collect([], manifest=corpus / "manifest.csv")
        outcomes = [*problems, *import_documents(project, items, actor="lead")]
        bad = [o for o in outcomes if o.status != "imported"]
        if bad:
            raise ProjectError(f"demo document failed: {bad[0].path}: {bad[0].reason}")
        return f"{len(outcomes)} documents"

    def codings() -> str:
        n = sum(
            import_codings(
                project.uow(), path=corpus / f"codings-{c}.csv", add_coders=True, actor="lead"
            ).imported
            for c in CODERS
        )
        return f"{n} codings by {', '.join(CODERS)}"

    def agreement() -> str:
        run = compute_agreement(project, coders=list(CODERS), unit="sentence")
        alpha = run.report.pooled.krippendorff_alpha.value
        result.summary["alpha"] = alpha
        return f"pooled Krippendorff's alpha {alpha:.3f} (sentences)"

    def adjudicate() -> str:
        r = adopt_agreements(project, coders=list(CODERS), actor="lead")
        return f"{r.adopted} agreed segments adopted by the consensus coder"

    def bracketing(scheme: str | None, tag: str) -> Callable[[], str]:
        def run() -> str:
            res, events = run_bracketing(
                project,
                scheme=scheme,
                coders=["consensus"],
                level=0,
                params={"bin_unit": "quarter"},
            )
            out = project.exports_dir / f"bracketing-{tag}.json"
            write_result(res, out, {"scheme": scheme, "coders": ["consensus"], "level": 0})
            result.files.append(out)
            frontiers = [f.date.isoformat() for f in res.proposal.segmentation.frontiers]
            result.summary[f"frontiers_{tag}"] = frontiers
            said = f"{len(events.dated)} events; proposed frontiers {', '.join(frontiers)}"
            if res.researcher is not None:
                verdicts = [f.test.verdict or "not computed" for f in res.researcher.frontiers]
                said += f"; the scheme's frontiers: {', '.join(verdicts)}"
            return said

        return run

    step("load the codebook", load_book)
    step("import the documents", import_docs)
    step(
        "import the indicators",
        lambda: (
            f"{import_indicators(project.uow(), path=corpus / 'indicators.csv', actor='lead')}"
            " values"
        ),
    )
    step("import two coders' codings", codings)
    step(
        "load the study's phases",
        lambda: (
            f"{len(load_scheme_file(project, path=corpus / 'phases.yaml', actor='lead'))} phases"
        ),
    )
    step("compute agreement", agreement)
    step("adopt agreed codings", adjudicate)
    step("bracket the study's scheme", bracketing("study", "study"))
    step("propose phases from the data", bracketing(None, "auto"))

    def reports() -> str:
        from workbench.report.export import write_report
        from workbench.services.reports import build_report

        wanted = (
            ("phases", {"scheme": "study", "coders": ["consensus"], "level": 0}),
            ("agreement", {"coders": list(CODERS)}),
            ("codebook", {"scheme": "study"}),
        )
        for kind, options in wanted:
            report = build_report(project, kind, **options)
            for fmt in ("html", "docx", "md"):
                out = project.exports_dir / f"{kind}.{fmt}"
                result.files.append(write_report(report, out, fmt)[0])
        return f"{len(wanted)} reports in HTML, Word and Markdown"

    step("write the reports", reports)
    return project, result
