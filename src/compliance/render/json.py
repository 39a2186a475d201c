"""JSON: the whole report, complete evidence included (the published schema: docs/report.schema.json)."""

from __future__ import annotations

from ..findings import Report


def render_json(report: Report, lang: str = "zh", **_: object) -> str:
    return report.to_json()
