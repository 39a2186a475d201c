"""Packs by name: where ``load_pack("wuhu")`` and ``compliance check wuhu …`` look for a pack.

A value that names an existing folder, or that looks like a path (it has a folder separator), is used
as it is. A bare name is looked up in the search path, first match wins:

1. every folder listed in ``$COMPLIANCE_PACKS`` (separated by ``os.pathsep``: ``:`` on Linux/macOS);
2. ``$COMPLIANCE_RULES``, else ``./rules`` (a checkout, when run from its root);
3. the packs shipped inside the installed package (``compliance/packs``, copied from the repository's
   ``rules/`` when the wheel is built);
4. the ``rules/`` folder of the checkout this module was imported from (an editable install).

Quotes are checked against the seed documents, found through ``$COMPLIANCE_SEEDS`` or a
``shared/seeds`` folder beside any parent of the pack (see :func:`compliance.pack.find_seed`); an
installed pack without its seeds loads with a warning that its quotes were not checked.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import PackNotFoundError

_HERE = Path(__file__).resolve().parent


def search_path() -> list[Path]:
    """The folders searched for packs by name, in order (only those that exist)."""
    roots = [Path(p) for p in os.environ.get("COMPLIANCE_PACKS", "").split(os.pathsep) if p]
    roots.append(Path(os.environ.get("COMPLIANCE_RULES") or "rules"))
    roots += [_HERE / "packs", _HERE.parent.parent / "rules"]
    out: list[Path] = []
    for r in roots:
        if r.is_dir() and all(r.resolve() != o.resolve() for o in out):
            out.append(r)
    return out


def is_name(value: str | Path) -> bool:
    """Whether ``value`` is a bare pack name (``wuhu``) rather than a path (``rules/wuhu``, ``./wuhu``)."""
    text = str(value)
    return bool(text) and text not in (".", "..") and not any(s in text for s in ("/", "\\", os.sep))


def available() -> dict[str, Path]:
    """Every pack found on the search path by name (the first of each name)."""
    found: dict[str, Path] = {}
    for root in search_path():
        for d in sorted(root.iterdir()):
            if (d / "pack.yaml").is_file():
                found.setdefault(d.name, d)
    return found


def resolve_pack(value: str | Path) -> Path:
    """The folder of a pack given by path or by name; raise :class:`PackNotFoundError` for a name found
    nowhere. A path is returned unchanged (a missing folder is reported by the loader, E001)."""
    path = Path(value)
    if path.is_dir() or not is_name(value):
        return path
    roots = search_path()
    for root in roots:
        if (root / str(value) / "pack.yaml").is_file():
            return root / str(value)
    names = ", ".join(sorted(available())) or "—"
    searched = tuple(str(r) for r in roots)
    raise PackNotFoundError(
        f"未找到规则包「{value}」（已查找：{'；'.join(searched) or '无'}；可用：{names}）"
        f" (no pack named {str(value)!r}; searched {', '.join(searched) or 'nothing'}; available: {names}; "
        f"set COMPLIANCE_PACKS to add folders)", searched)
