"""Problems found in packs and censuses: data, collected and reported all at once."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import ComplianceError


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem. ``where`` is ``file:line:col`` for packs or ``file row N column C`` for data."""

    code: str
    message: str
    file: str = ""
    line: int | None = None      # pack: YAML line; census: data row number (header is row 1)
    column: int | str | None = None  # pack: column number; census: column header
    kind: str = "pack"           # "pack" | "data"
    cell: str | None = None      # census workbook: the Excel cell reference, e.g. 单位!M15

    def where(self) -> str:
        if self.kind == "pack":
            parts = [self.file or "<pack>"]
            if self.line is not None:
                parts.append(str(self.line))
                parts.append(str(self.column or 1))
            return ":".join(parts)
        bits = [self.file or "<data>"]
        if self.cell is not None:
            bits.append(self.cell)
        if self.line is not None:
            bits.append(f"第{self.line}行 (row {self.line})")
        if self.column is not None:
            bits.append(f"列「{self.column}」(column {self.column})")
        return ", ".join(bits)

    def __str__(self) -> str:
        """One line; control characters quoted from data are made visible (they must not drive a terminal)."""
        from .render.escape import plain

        return " ".join(plain(f"{self.where()}: {self.code} {self.message}").split("\n"))


class ProblemsError(ComplianceError):
    """Raised with every problem found, never just the first."""

    cap = 50

    def __init__(self, problems: list[Problem], title: str = "", omitted: int = 0):
        """``omitted``: problems counted but not built as objects (a reader caps what it builds)."""
        self.problems = list(problems)
        self.title = title
        self.omitted = omitted
        super().__init__(self.render())

    @property
    def total(self) -> int:
        return len(self.problems) + self.omitted

    def render(self, cap: int | None = None) -> str:
        cap = self.cap if cap is None else cap
        lines = [self.title] if self.title else []
        lines += [str(p) for p in self.problems[:cap]]
        more = max(len(self.problems) - cap, 0) + self.omitted
        if more:
            lines.append(f"… 另有 {more} 个问题 (and {more} more)")
        return "\n".join(lines)


class PackError(ProblemsError):
    """A pack (or the dictionary) is malformed."""


class DataError(ProblemsError):
    """A census or indicators file cannot be used as given."""
