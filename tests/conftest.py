import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
RULES = REPO / "rules"
WUHU_SEED = "001_9f4ddc7c3b9145b8.txt"


def make_workspace(tmp_path: Path) -> Path:
    """A tmp folder laid out like the checkout: rules/ beside shared/seeds/."""
    seeds = tmp_path / "shared" / "seeds"
    seeds.mkdir(parents=True)
    shutil.copy(SEEDS / WUHU_SEED, seeds / WUHU_SEED)
    (tmp_path / "rules").mkdir()
    return tmp_path


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return make_workspace(tmp_path)
