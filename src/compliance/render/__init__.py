"""One renderer per output format, all over the same Report."""

from __future__ import annotations

from ..findings import Report
from .json import render_json
from .markdown import render_markdown
from .text import render_text

RENDERERS = {"text": render_text, "json": render_json, "markdown": render_markdown}


def render(report: Report, fmt: str = "text", lang: str = "zh", **kw: object) -> str:
    return RENDERERS[fmt](report, lang=lang, **kw)  # type: ignore[operator]


__all__ = ["RENDERERS", "render", "render_json", "render_markdown", "render_text"]
