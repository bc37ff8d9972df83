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
