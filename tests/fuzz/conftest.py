"""The fuzz suite's budget and shared helpers.

CI runs a small, derandomised budget (the whole suite in well under a minute). ``COMPLIANCE_FUZZ=1`` runs
a larger, random one (``COMPLIANCE_FUZZ=500`` sets the number of examples per test); see tests/fuzz/README.md.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path

from hypothesis import HealthCheck, Phase, settings

from ..conftest import REPO, SEEDS

_FLAG = os.environ.get("COMPLIANCE_FUZZ", "")
BIG = _FLAG not in ("", "0")
EXAMPLES = (int(_FLAG) if _FLAG.isdigit() and int(_FLAG) > 1 else 300) if BIG else None

# no "explain" phase: it traces every line, which makes the time bounds below meaningless
_PHASES = [Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink]
settings.register_profile("fuzz-ci", max_examples=12, deadline=None, derandomize=True, database=None,
                          suppress_health_check=list(HealthCheck), phases=_PHASES)
settings.register_profile("fuzz-big", max_examples=EXAMPLES or 300, deadline=None, database=None,
                          suppress_health_check=list(HealthCheck), phases=_PHASES)
PROFILE = settings.get_profile("fuzz-big" if BIG else "fuzz-ci")


def budget(ci: int) -> settings:
    """Settings for one fuzz test: ``ci`` examples in CI, the big budget with COMPLIANCE_FUZZ."""
    return settings(PROFILE, max_examples=PROFILE.max_examples if BIG else ci)


PACKS = sorted(p.name for p in (REPO / "rules").iterdir() if (p / "pack.yaml").is_file())
SMALL_EXAMPLES = ("jianghai", "sishui")     # quick to check: the CI budget uses these


class Hang(Exception):
    """An input took longer than the bound: a hang, reported as a failure."""


@contextlib.contextmanager
def bounded(seconds: float) -> Iterator[None]:
    """Fail (instead of hanging) when the body runs longer than ``seconds`` (main thread, POSIX)."""
    def _alarm(signum, frame):
        raise Hang(f"took longer than {seconds} s")

    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@contextlib.contextmanager
def pack_copy(name: str) -> Iterator[Path]:
    """A copy of ``rules/<name>`` in a fresh folder laid out like the checkout (seeds beside rules)."""
    root = Path(tempfile.mkdtemp(prefix="fuzz-"))
    try:
        (root / "shared").mkdir()
        (root / "shared" / "seeds").symlink_to(SEEDS)
        shutil.copytree(REPO / "rules" / name, root / "rules" / name)
        yield root / "rules" / name
    finally:
        shutil.rmtree(root, ignore_errors=True)


import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _fixed_run_time(monkeypatch):
    """Reports record when they ran; a rerun compared byte for byte fixes that time (SOURCE_DATE_EPOCH,
    as `compliance check` honours it), so that every other byte must be identical."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
