"""`compliance template`: an empty census form with Chinese headers for exactly the fields a pack needs."""

from __future__ import annotations

import csv
from pathlib import Path

from .dictionary import load_dictionary
from .pack import Pack


def template_headers(pack: Pack) -> list[str]:
    d = load_dictionary()
    heads = [d.columns["id"].zh, d.columns["name"].zh, d.columns["kind"].zh]
    heads += [d.regions[level].zh for level in pack.region.levels]
    heads += [d.attributes[a].zh for a in pack.attributes]
    return heads


def indicator_rows(pack: Pack) -> list[list[str]]:
    """One row per indicator the pack reads, for the region, to be filled in."""
    d = load_dictionary()
    keys = dict.fromkeys(k for r in pack.rules for k in r.indicators)
    return [[pack.region.name, "", d.indicators[k].zh, "", "", ""] for k in keys]


def write_template(pack: Pack, path: Path, fmt: str = "csv", encoding: str = "utf-8-sig") -> None:
    heads = template_headers(pack)
    ind_heads = ["地区", "年份", "指标", "数值", "分子", "分母"]
    if fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = "单位"
        ws.append(heads)
        ws2 = wb.create_sheet("指标")
        ws2.append(ind_heads)
        for row in indicator_rows(pack):
            ws2.append(row)
        wb.save(path)
        return
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerow(heads)
    ind_path = path.with_name(path.stem + "-indicators" + path.suffix)
    with ind_path.open("w", encoding=encoding, newline="") as fh:
        w = csv.writer(fh)
        w.writerow(ind_heads)
        w.writerows(indicator_rows(pack))
