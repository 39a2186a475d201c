"""Provenance: what produced a report, so two reports can be tied to their pack, data and tool.

Every report records the tool version, the pack id and a SHA-256 over its files, each input file's
SHA-256, size and row count, the as-of date and when it ran. The run time is the only field that changes
between two runs on the same inputs: it lives in ``provenance.generated_at`` alone, is left out with
``compliance check --no-timestamp`` (``generated_at`` is then null, and JSON reruns are byte-identical),
and follows ``SOURCE_DATE_EPOCH`` when that is set (the reproducible-builds convention).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

from .findings import InputFile, Provenance

_CHUNK = 1 << 20


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def pack_sha256(folder: Path) -> tuple[str, int]:
    """(SHA-256 over the pack's files, how many): each file's relative path and hash, in path order, so the
    hash changes when any file of the pack (rules, cases) changes, is added, removed or renamed."""
    files = sorted(p for p in folder.rglob("*")
                   if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts))
    h = hashlib.sha256()
    for p in files:
        h.update(p.relative_to(folder).as_posix().encode("utf-8") + b"\0" + file_sha256(p).encode() + b"\n")
    return h.hexdigest(), len(files)


def tool_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("compliance")
    except PackageNotFoundError:     # running from a source tree that is not installed
        return "0+unknown"


def run_time(timestamp: bool = True) -> dt.datetime | None:
    """Now (UTC, to the second), ``SOURCE_DATE_EPOCH`` when set, or None without a timestamp."""
    if not timestamp:
        return None
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def build(pack_id: str, pack_path: Path | None, files: Iterable[tuple[str, str, int | None]], as_of: dt.date,
          generated_at: dt.datetime | None) -> Provenance:
    """``files``: (role, path as given — ``form.xlsx#单位`` names a sheet —, rows read)."""
    inputs = []
    for role, given, rows in files:
        path = Path(given.split("#", 1)[0]) if "#" in given and not Path(given).is_file() else Path(given)
        inputs.append(InputFile(role=role, name=path.name, sheet=given.split("#", 1)[1] if path != Path(given) else None,
                                sha256=file_sha256(path), bytes=path.stat().st_size, rows=rows))
    digest, count = pack_sha256(pack_path) if pack_path is not None and pack_path.is_dir() else (None, 0)
    return Provenance(tool="compliance", version=tool_version(), pack=pack_id, pack_sha256=digest,
                      pack_files=count, inputs=inputs, as_of=as_of, generated_at=generated_at)
