"""Mutated real packs and case files: a pack, or a PackError whose every problem is located; never another
exception, never a hang. A pack that still loads is checked and rendered, escaped, identically twice."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from compliance import check, load_census, load_pack
from compliance.conformance import run_case
from compliance.pack import load_cases
from compliance.render import RENDERERS, render

from ..conftest import REPO
from .conftest import PACKS, SMALL_EXAMPLES, bounded, budget, pack_copy
from .mutations import assert_escaped, assert_located, broken_yaml


def _load(folder):
    try:
        return load_pack(folder)
    except Exception as exc:  # noqa: BLE001 - the assertion names the type
        assert_located(exc, "pack")
        return None


@budget(ci=14)
@given(data=st.data(), name=st.sampled_from(PACKS))
def test_mutated_pack_files(data, name):
    with pack_copy(name) as folder:
        files = sorted(folder.glob("*.yaml"))
        target = data.draw(st.sampled_from(files), label="file")
        target.write_bytes(data.draw(broken_yaml(target.read_text(encoding="utf-8")), label="mutated"))
        with bounded(30):
            pack = _load(folder)
            again = _load(folder)
        assert (pack is None) == (again is None)
        if pack is None or name not in SMALL_EXAMPLES:
            return
        with bounded(30):
            census = load_census(pack, REPO / "examples" / name / "units.csv",
                                 REPO / "examples" / name / "indicators.csv", lenient=True)
            report = check(pack, census, year=2021)
            for fmt in RENDERERS:
                out = render(report, fmt, "zh", cap=5)
                assert_escaped(fmt, out)
                if fmt != "xlsx":       # a workbook's zip stamps its own write time
                    assert out == render(check(pack, census, year=2021), fmt, "zh", cap=5)


@budget(ci=8)
@given(data=st.data(), name=st.sampled_from(SMALL_EXAMPLES))
def test_mutated_case_files(data, name):
    with pack_copy(name) as folder:
        pack = load_pack(folder)
        files = sorted((folder / "cases").glob("*.yaml"))
        target = data.draw(st.sampled_from(files), label="file")
        target.write_bytes(data.draw(broken_yaml(target.read_text(encoding="utf-8")), label="mutated"))
        with bounded(30):
            try:
                cases = [(c, loc) for c, loc in load_cases(pack) if loc.file.endswith(target.name)]
            except Exception as exc:  # noqa: BLE001
                assert_located(exc, "pack")
                return
            for case, loc in cases[:6]:         # the mutated file's cases (the others are unchanged)
                try:
                    result = run_case(pack, case, loc)
                except Exception as exc:  # noqa: BLE001
                    assert_located(exc, "pack")
                else:
                    assert result.actual in {"pass", "fail", "not_applicable", "insufficient_data", "not_due",
                                             "data_error"}
