from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pinned_clock import pinned_env
from record_samples import MiniProject


@pytest.fixture(autouse=True)
def _pinned_day() -> Iterator[None]:
    """Every test runs at the pinned build day unless it sets its own (see pinned_clock.py)."""
    with pinned_env():
        yield


@pytest.fixture
def mini(tmp_path: Path) -> MiniProject:
    return MiniProject(tmp_path)
