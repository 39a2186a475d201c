"""“Did you mean”: the nearest valid spelling of a header, unit kind, region name or value (rapidfuzz).

Suggestions are computed once per distinct bad value (:func:`hints`) and joined onto the rows
columnar, so a census with a million misspelt cells costs one fuzzy match per distinct spelling.

>>> suggestion("泗张乡", ["泗河街道", "泗张镇", "金庄镇"])
('，是否应为「泗张镇」？', "; did you mean '泗张镇'?")
>>> suggestion("村委会", {"村": "村", "居委会": "社区"})     # an alias suggests its canonical name
('，是否应为「村」或「社区」？', "; did you mean '村' or '社区'?")
>>> suggestion("abc", ["泗张镇"])
('', '')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import polars as pl
from rapidfuzz import fuzz, process

from .dictionary import normalize_label

CUTOFF = 60         # score (0–100) below which a spelling is not worth suggesting
CLOSE = 8           # further suggestions within this many points of the best are shown too
MAX_SHOWN = 3
SHORT_LIST = 15     # lists of valid values up to this long are printed in full


def _score(a: str, b: str, **_: object) -> float:
    """Half whole-string similarity, half WRatio: WRatio alone rates a prefix as high as a near miss
    (乡镇卫生所 → 乡镇 ties 乡镇卫生院), the plain ratio alone misses 村委会 → 村."""
    return (fuzz.ratio(a, b) + fuzz.WRatio(a, b)) / 2


def nearest(value: str, choices: Mapping[str, str] | Iterable[str], limit: int = MAX_SHOWN) -> list[str]:
    """The valid spellings nearest to ``value``, best first (none when nothing is close).

    ``choices``: valid spellings, or a mapping spelling → what to suggest for it (aliases → the
    canonical name), so that 「居委会」 may match an alias and suggest 「社区」.
    """
    table = dict(choices) if isinstance(choices, Mapping) else {c: c for c in choices}
    if not table or not str(value).strip():
        return []
    found = process.extract(normalize_label(value), list(table), scorer=_score, processor=normalize_label,
                            limit=limit * 3, score_cutoff=CUTOFF)
    if not found:
        return []
    best = found[0][1]
    out: list[str] = []
    for spelling, score, _ in found:
        target = table[spelling]
        if score >= best - CLOSE and target not in out:
            out.append(target)
    return out[:limit]


def suggestion(value: str, choices: Mapping[str, str] | Iterable[str]) -> tuple[str, str]:
    """(zh, en) clauses to append to a message: 「，是否应为「X」？」 / "; did you mean 'X'?" (or empty)."""
    near = nearest(value, choices)
    if not near:
        return "", ""
    return ("，是否应为" + "或".join(f"「{n}」" for n in near) + "？",
            "; did you mean " + " or ".join(f"'{n}'" for n in near) + "?")


def valid_list(values: Iterable[str]) -> tuple[str, str]:
    """(zh, en) clauses listing the valid values when there are few of them (else empty)."""
    vals = list(dict.fromkeys(values))
    if not vals or len(vals) > SHORT_LIST:
        return "", ""
    return f"（可填：{'、'.join(vals)}）", f" (valid: {', '.join(vals)})"


def hints(values: pl.Series, choices: Mapping[str, str] | Iterable[str], *,
          listed: Iterable[str] = ()) -> tuple[dict[str, str], dict[str, str]]:
    """For each distinct value of ``values``: the (zh, en) hint text (did you mean, and the list of
    ``listed`` values when short). Use with ``replace_strict`` to attach them to the rows."""
    table = dict(choices) if isinstance(choices, Mapping) else {c: c for c in choices}
    list_zh, list_en = valid_list(listed)
    zh: dict[str, str] = {}
    en: dict[str, str] = {}
    for v in values.drop_nulls().unique().to_list():    # distinct spellings only, never per row
        s_zh, s_en = suggestion(v, table)
        zh[v], en[v] = s_zh + list_zh, s_en + list_en
    return zh, en


def hint_exprs(col: pl.Expr, zh: dict[str, str], en: dict[str, str]) -> tuple[pl.Expr, pl.Expr]:
    """The hints of :func:`hints` as expressions over ``col`` (empty text where there is none)."""
    def one(m: dict[str, str]) -> pl.Expr:
        if not m:
            return pl.lit("")
        return col.replace_strict(list(m), list(m.values()), default="", return_dtype=pl.String).fill_null("")
    return one(zh), one(en)
