"""Malformed packs: every problem at once, each as file:line:col with a code, naming the key."""

import pytest

from compliance.diagnostics import PackError
from compliance.pack import load_pack

from .packs import HEADER, village_rule, write_pack

BROKEN = """  - id: t.bad
    title: {zh: x, en: y}
    source: {clause: x, quote: "这句话不在原文里"}
    strength: binding
    scope: {kinds: [villag]}
    measure: share
    condition: has_counseling_room or
    target: ">= 80 kg"
  - id: t.bad2
    title: {zh: x, en: y}
    source: {clause: x, quote: "1.1 成立市级领导小组"}
    strength: must
    measure: exists
    fact: leading_group_established
    colour: red
"""


def test_every_problem_reported_with_position(workspace):
    folder = write_pack(workspace, village_rule() + BROKEN)
    with pytest.raises(PackError) as exc:
        load_pack(folder)
    text = str(exc.value)
    lines = HEADER.count("\n") + village_rule().count("\n")
    assert f"pack.yaml:{lines + 5}:21: E110 t.bad: unknown unit kind 'villag'" in text
    assert f"pack.yaml:{lines + 7}:" in text and "E130" in text and "found end of expression" in text
    assert "E140" in text and "unknown unit 'kg'" in text
    assert "E050 quote not found verbatim" in text
    assert f"pack.yaml:{lines + 12}:5: E100 rules.2.strength" in text
    assert "unknown key 'colour'" in text
    assert len(exc.value.problems) == 6


def test_duplicate_ids_and_one_sided_conflicts(workspace):
    rule = village_rule()
    twin = rule.replace("  - id: t.village", "  - id: t.village2").replace(
        "    at: region\n", "    at: region\n    conflicts: [{with: t.village, note_zh: 冲突, note_en: conflict}]\n")
    folder = write_pack(workspace, rule + rule + twin)
    with pytest.raises(PackError) as exc:
        load_pack(folder)
    codes = sorted(p.code for p in exc.value.problems)
    assert codes == ["E020", "E151"]


def test_yaml_syntax_error_has_position(workspace):
    folder = write_pack(workspace, village_rule())
    (folder / "more.yaml").write_text("rules:\n  - id: [unclosed\n", encoding="utf-8")
    with pytest.raises(PackError) as exc:
        load_pack(folder)
    (problem,) = exc.value.problems
    assert problem.code == "E010" and problem.file.endswith("more.yaml") and problem.line == 3


def test_division_is_rejected_with_advice(workspace):
    folder = write_pack(workspace, village_rule().replace(
        "condition: has_counseling_room or has_social_work_room", "condition: staff / students >= 1"))
    with pytest.raises(PackError) as exc:
        load_pack(folder)
    assert "multiply instead" in str(exc.value)


def test_unsafe_yaml_tags_are_refused(workspace):
    folder = write_pack(workspace, village_rule())
    (folder / "evil.yaml").write_text("rules: !!python/object/apply:os.system ['echo hi']\n", encoding="utf-8")
    with pytest.raises(PackError) as exc:
        load_pack(folder)
    assert exc.value.problems[0].code == "E010"


def test_facts_of_each_town_cannot_be_judged_from_the_indicators_table(workspace):
    """The indicators table holds the region and its counties: `at: town` on a fact would silently judge
    counties, so it is refused with advice."""
    from .packs import LEADING

    body = LEADING.replace("    fact: leading_group_established\n", "    fact: leading_group_established\n    at: town\n")
    assert "at: town" in body
    with pytest.raises(PackError) as exc:
        load_pack(write_pack(workspace, body))
    assert "E114" in str(exc.value) and "`at` must be region or county, not 'town'" in str(exc.value)
    load_pack(write_pack(workspace, body.replace("at: town", "at: county")))
