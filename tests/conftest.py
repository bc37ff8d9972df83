"""Shared fixtures: a small messy raw folder built fresh for each test that asks for it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from rawfixture import build_raw  # noqa: E402


@pytest.fixture
def raw_fixture(tmp_path) -> Path:
    return build_raw(tmp_path / "raw")


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory) -> Path:
    """`iku run` over the bundled sample (2025 and 2026, annual), once per test session; tests read
    its outputs and never change them."""
    from iku_helpers.commands.cli import main
    from iku_helpers.core.params import PROJECT_ROOT

    sample = PROJECT_ROOT / "data" / "raw"
    if not (sample / "2025").is_dir():
        pytest.skip("bundled sample not present")
    base = tmp_path_factory.mktemp("sample-run")
    assert main(["run", "--raw-dir", str(sample), "--out", str(base / "out"),
                 "--processed-dir", str(base / "processed")]) == 0
    return base / "out"
