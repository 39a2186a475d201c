"""Output encoding for every renderer: text from a census or a pack is data, never markup.

- :func:`plain` makes control characters visible (``\\x1b`` instead of a raw ESC that a terminal would
  obey; the same for other C0/C1 controls, DEL, bidi overrides and non-characters); newlines and tabs stay.
- :func:`rich_text` is a :class:`rich.text.Text` of data, so ``[/]`` or ``[bold]`` is printed as written.
- :func:`md_inline` escapes Markdown and HTML for one line of a paragraph, heading or table cell.

>>> plain("a\\x1b[31mb")
'a\\\\x1b[31mb'
>>> md_inline("5\\n# <script>x</script> [x](javascript:alert(1)) | y")
'5 # &lt;script&gt;x&lt;/script&gt; \\\\[x\\\\](javascript:alert(1)) \\\\| y'
>>> md_inline("# heading")
'\\\\# heading'
"""

from __future__ import annotations

import re

from rich.text import Text

# C0 controls except tab and newline, DEL, C1 controls, bidi embeddings / overrides / isolates,
# line and paragraph separators, and the non-characters U+FFFE / U+FFFF
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]")


def _visible(m: re.Match[str]) -> str:
    c = ord(m.group())
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"


def plain(value: object) -> str:
    """``value`` as text with every control character made visible (tabs and newlines kept)."""
    text = "" if value is None else str(value)
    return _CONTROL.sub(_visible, text.replace("\r\n", "\n"))


def rich_text(value: object, style: str = "") -> Text:
    """Data as a rich Text: markup in it is not interpreted, control characters are made visible."""
    return Text(plain(value), style=style)


# emphasis, code, links and images (``[`` … ``](``), table cells, strikethrough; ( ) ! # + are harmless
# once ``[`` and ``]`` are escaped, except at the start of a line (below)
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_MD_LINE_START = re.compile(r"^(\s*)(\d*)([-=.#+)])")


def md_inline(value: object) -> str:
    """One line of Markdown text showing ``value`` literally: no HTML, links, emphasis, tables or
    headings can come out of it (newlines become spaces)."""
    text = " ".join(plain(value).split("\n")).replace("\t", " ")
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # a list item, ordered item or setext underline can only start a line
    return _MD_LINE_START.sub(lambda m: f"{m.group(1)}{m.group(2)}\\{m.group(3)}", text)
