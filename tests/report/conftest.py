"""Fixtures for the report tests: the shared demo study."""

from __future__ import annotations

import pytest

from tests.report.demo import shared_demo, shared_root


@pytest.fixture(scope="session")
def demo(tmp_path_factory):
    project = shared_demo(shared_root(tmp_path_factory))
    yield project
    project.close()
