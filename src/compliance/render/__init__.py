"""One renderer per output format, all over the same Report."""

from __future__ import annotations

from typing import Any

from ..findings import Report
from .json import render_json
from .markdown import render_markdown
from .text import render_text


def render_html(report: Report, lang: str = "zh", **kw: Any) -> str:
    """One self-contained HTML file (jinja2 and matplotlib are imported only for this format)."""
    from .html import render_html as _html

    return _html(report, lang=lang, **kw)


def render_xlsx(report: Report, lang: str = "zh", **kw: Any) -> bytes:
    """An XLSX workbook (bytes): 汇总, 整改清单, one sheet per county."""
    from .xlsx import render_xlsx as _xlsx

    return _xlsx(report, lang=lang, **kw)


RENDERERS = {"text": render_text, "json": render_json, "markdown": render_markdown, "html": render_html,
             "xlsx": render_xlsx}


def render(report: Report, fmt: str = "text", lang: str = "zh", **kw: object) -> str | bytes:
    """``report`` in ``fmt`` (text, json, markdown, html: text; xlsx: bytes)."""
    return RENDERERS[fmt](report, lang=lang, **kw)  # type: ignore[operator]


__all__ = ["RENDERERS", "render", "render_html", "render_json", "render_markdown", "render_text", "render_xlsx"]
