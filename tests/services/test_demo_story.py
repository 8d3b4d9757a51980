"""The demo study tells its story through the real engine.

``workbench demo`` is built once (under a file lock, so that xdist workers share one
build) and every assertion reads that project through the services: agreement between
the two coders, the automatic bracketing of the consensus and of each coder, the tests
of the researcher's frontiers, and the continuity classes at the study's frontiers.
The thresholds are the engine's defaults; nothing here is tuned to the demo.
"""

from __future__ import annotations

import fcntl
import shutil
from datetime import date
from typing import TYPE_CHECKING

import pytest

from tests.conftest import CODEBOOKS, REPO
from tests.report.demo import shared_root
from workbench.bracketing import BracketParams

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.bracketing.result import BracketingResult, FrontierResult
    from workbench.store.project import Project

pytestmark = pytest.mark.slow

SCHEME_FRONTIERS = (date(2001, 7, 1), date(2004, 7, 1))
QUARTERS = {"bin_unit": "quarter"}
DEFAULTS = BracketParams()


def _build(root: Path) -> None:
    from workbench.services.demo import build_demo

    shutil.copytree(REPO / "projects" / "demo" / "corpus", root / "projects" / "demo" / "corpus")
    shutil.copytree(CODEBOOKS, root / "codebooks")
    project, _ = build_demo(corpus=root / "projects" / "demo" / "corpus")
    project.close()


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Project:
    """The project ``workbench demo`` builds, made once per test run."""
    from workbench.services.project import find_and_open

    base = shared_root(tmp_path_factory)
    target = base / "demo-story"
    with (base / "demo-story.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not (target / "built").exists():
                shutil.rmtree(target, ignore_errors=True)  # a build that failed half-way
                target.mkdir()
                _build(target)
                (target / "built").touch()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    project = find_and_open(str(target / "projects" / "demo"))
    yield project
    project.close()


@pytest.fixture(scope="module")
def study(demo) -> BracketingResult:
    """The consensus coding bracketed with the study's scheme, top-level themes."""
    from workbench.services.bracketing import run_bracketing

    result, _ = run_bracketing(demo, scheme="study", coders=["consensus"], level=0, params=QUARTERS)
    return result


def months_apart(a: date, b: date) -> int:
    return abs((a.year - b.year) * 12 + a.month - b.month)


def classes(frontier: FrontierResult) -> dict[str, str]:
    return {c.theme: c.classification for c in frontier.continuity.themes}


def test_two_coders_agree_plausibly_and_leave_disagreements(demo):
    from workbench.services.agreement import compute_agreement, list_disagreements

    run = compute_agreement(demo, coders=["ana", "ben"], unit="sentence")
    pooled = run.report.pooled.krippendorff_alpha.value
    assert pooled is not None
    assert 0.6 <= pooled <= 0.9
    per_code = [c.statistics.krippendorff_alpha.value for c in run.report.codes]
    assert any(a is not None and a < 0.8 for a in per_code)  # some codes are hard
    # the hard calls of the codebook leave something for the lead to adjudicate
    for code in ("adaptation", "innovation", "tacit"):
        assert list_disagreements(demo, coders=["ana", "ben"], code=code), code


@pytest.mark.parametrize("coder", ["consensus", "ana", "ben"])
def test_automatic_bracketing_finds_the_studys_frontiers(demo, coder):
    from workbench.services.bracketing import run_bracketing

    result, events = run_bracketing(demo, coders=[coder], level=0, params=QUARTERS)
    assert len(events.dated) > 1500  # enough material for the tests to mean something
    proposal = result.proposal
    assert proposal.default_k == 3
    assert {c.name: c.k for c in proposal.criteria} == {"bic": 3, "qbic": 3, "bootstrap": 3}
    proposed = [f.date for f in proposal.segmentation.frontiers]
    assert len(proposed) == 2
    for found, stated in zip(proposed, SCHEME_FRONTIERS, strict=True):
        assert months_apart(found, stated) < 6, (coder, found, stated)


def test_the_researchers_frontiers_are_supported(demo):
    from workbench.services.bracketing import run_bracketing

    result, _ = run_bracketing(
        demo,
        scheme="study",
        coders=["consensus"],
        level=0,
        params={**QUARTERS, "bootstrap": 100, "seed": 1},
    )
    assert result.researcher is not None
    for frontier, stated in zip(result.researcher.frontiers, SCHEME_FRONTIERS, strict=True):
        test = frontier.test
        assert frontier.date == stated
        assert test.p_value is not None
        # from resamples of the 59 sources: never below 1 / (100 + 1), not 1e-70
        assert test.p_value == pytest.approx(1 / 101)
        assert test.verdict == "supported"
        assert test.jsd_ci is not None
        assert test.jsd_ci[0] > 0  # the source bootstrap never makes the two phases alike
        assert test.interval_start <= stated <= test.interval_end
        assert test.support_same_k is not None
        assert test.support_same_k >= 0.9


def test_copying_fades_and_adaptation_emerges_in_2001(study):
    first = classes(study.researcher.frontiers[0])
    assert first["imitation"] in {"attenuated", "disappearing"}
    assert first["push"] in {"attenuated", "disappearing"}
    assert first["adaptation"] == "emergent"
    # peer exchange of tacit know-how intensifies
    assert first["peer"] == "intensified"
    assert first["tacit"] == "intensified"


def test_adaptation_persists_and_innovation_emerges_in_2004(study):
    second = classes(study.researcher.frontiers[1])
    assert second["innovation"] == "emergent"
    assert second["adaptation"] not in {"attenuated", "disappearing"}
    adaptation = next(
        c for c in study.researcher.frontiers[1].continuity.themes if c.theme == "adaptation"
    )
    assert min(adaptation.share_before, adaptation.share_after) >= DEFAULTS.presence_threshold


def test_the_performance_regime_is_a_continuity(study):
    audit = [classes(f)["audit"] for f in study.researcher.frontiers]
    assert "continuous" in audit
    assert set(audit) <= {"continuous", "inconclusive"}
    assert "audit" in study.researcher.persisting_themes
    first, second = (
        next(c for c in f.continuity.themes if c.theme == "audit")
        for f in study.researcher.frontiers
    )
    shares = (first.share_before, second.share_before, second.share_after)
    assert max(shares) - min(shares) < 0.03  # a steady share in every phase


@pytest.mark.parametrize("coder", ["consensus", "ana", "ben"])
def test_continuous_is_never_confused_with_emergence_or_disappearance(demo, coder):
    from workbench.bracketing.continuity import _near_nothing
    from workbench.services.bracketing import run_bracketing

    result, _ = run_bracketing(demo, scheme="study", coders=[coder], level=0, params=QUARTERS)
    assert result.researcher is not None
    segmentations = (result.researcher, result.proposal.segmentation)
    margin, presence = DEFAULTS.equivalence_margin, DEFAULTS.presence_threshold
    seen = set()
    for frontier in (f for s in segmentations for f in s.frontiers):
        for change in frontier.continuity.themes:
            seen.add(change.classification)
            if change.classification == "continuous":
                assert change.eq_ci_low is not None
                assert change.eq_ci_high is not None
                assert -margin < change.eq_ci_low <= change.eq_ci_high < margin
                assert min(change.share_before, change.share_after) >= presence * 0.5
            elif change.classification in {"emergent", "intensified"}:
                assert change.ci_low is not None
                assert change.ci_low > 0
                assert _near_nothing(change.share_before, change.share_after, presence) == (
                    change.classification == "emergent"
                )
            elif change.classification in {"disappearing", "attenuated"}:
                assert change.ci_high is not None
                assert change.ci_high < 0
                assert _near_nothing(change.share_after, change.share_before, presence) == (
                    change.classification == "disappearing"
                )
            if change.classification in {"emergent", "disappearing"}:
                # equivalence is tested first: a theme shown to stay within the margin
                # is never also called a birth or a death
                assert change.p_equivalence_holm is not None
                assert change.p_equivalence_holm >= DEFAULTS.alpha
    assert {"continuous", "emergent"} <= seen
