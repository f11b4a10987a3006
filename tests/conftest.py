from __future__ import annotations

from pathlib import Path

import pytest
from record_samples import MiniProject


@pytest.fixture
def mini(tmp_path: Path) -> MiniProject:
    return MiniProject(tmp_path)
