"""JSON: the whole report, complete evidence included (the published schema: docs/report.schema.json)."""

from __future__ import annotations

import re

from ..findings import Report

# characters JSON may carry raw but a terminal or editor acts on (DEL, C1 controls, line separators, bidi
# overrides): written as \uXXXX escapes, which parse back to the same text. They can only occur inside
# strings (everything structural in JSON is ASCII), so the substitution is lossless.
_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]")


def render_json(report: Report, lang: str = "zh", **_: object) -> str:
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", report.to_json())
