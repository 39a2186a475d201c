"""The command line on broken and hostile input: exit codes 0, 1 or 2 only (never a traceback), and the
same output for every rerun and every PYTHONHASHSEED."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from compliance.cli import main

from ..conftest import REPO
from .conftest import SMALL_EXAMPLES, bounded, budget, pack_copy
from .mutations import broken_yaml, injection


def _hostile_units(name: str, tmp: Path) -> Path:
    data = (REPO / "examples" / name / "units.csv").read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030")
    lines = text.splitlines()[:60]
    lines[3] += ',"多出的单元格"'
    lines[5] = lines[5].replace(",", ',"<script>x</script> [/b] \x1b[31m",', 1)
    path = tmp / "units.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@budget(ci=4)
@given(data=st.data(), name=st.sampled_from(SMALL_EXAMPLES),
       command=st.sampled_from(["check", "validate", "trace", "template", "explain"]),
       fmt=st.sampled_from(["text", "json", "markdown"]), lenient=st.booleans())
def test_cli_exit_codes_on_broken_input(data, name, command, fmt, lenient):
    with pack_copy(name) as folder, tempfile.TemporaryDirectory() as tmp:
        target = data.draw(st.sampled_from(sorted(folder.glob("*.yaml"))))
        if data.draw(st.booleans()):
            target.write_bytes(data.draw(broken_yaml(target.read_text(encoding="utf-8"))))
        units = _hostile_units(name, Path(tmp))
        args = {"check": ["check", str(folder), "--units", str(units), "--year", "2021", "--format", fmt]
                + (["--lenient"] if lenient else []),
                "validate": ["validate", str(folder)],
                "trace": ["trace", str(folder)],
                "template": ["template", str(folder), "-o", str(Path(tmp) / "t.csv")],
                "explain": ["explain", data.draw(injection()), "--rules", str(folder.parent)]}[command]
        with bounded(60):
            result = CliRunner().invoke(main, args)
        assert result.exit_code in (0, 1, 2), (result.exit_code, result.output, result.exception)
        assert "Traceback" not in result.output


def _run(args: list[str], seed: str) -> tuple[int, str, str]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    p = subprocess.run([sys.executable, "-m", "compliance.cli", *args], check=False, capture_output=True, text=True,
                       env=env, timeout=120, cwd=REPO)
    return p.returncode, p.stdout, p.stderr


def test_output_is_identical_across_hash_seeds():
    with pack_copy("jianghai") as folder, tempfile.TemporaryDirectory() as tmp:
        text = (folder / "pack.yaml").read_text(encoding="utf-8")
        (folder / "pack.yaml").write_text("zz: 1\naa: 2\nmm: [1]\n" + text, encoding="utf-8")
        units = _hostile_units("jianghai", Path(tmp))
        broken = [_run(["validate", str(folder)], seed) for seed in ("0", "4242")]
        assert broken[0][0] == 2 and broken[0] == broken[1]
        (folder / "pack.yaml").write_text(text, encoding="utf-8")
        args = ["check", str(folder), "--units", str(units), "--year", "2021", "--lenient", "--format", "json",
                "--no-timestamp"]   # the run time is the one field meant to differ between runs
        runs = [_run(args, seed) for seed in ("0", "4242")]
        assert runs[0][0] in (0, 1) and runs[0] == runs[1]
