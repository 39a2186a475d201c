"""`compliance serve`: a real uvicorn server on localhost, driven with a real HTTP client (urllib)."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from compliance import load_pack
from compliance.live import LiveChecker

from .conftest import make_workspace
from .packs import UNIVERSITY, village_rule, write_pack

pytest.importorskip("durable")
uvicorn = pytest.importorskip("uvicorn")
pytest.importorskip("starlette")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    from compliance.serve import create_app

    pack = load_pack(write_pack(make_workspace(tmp_path), village_rule() + UNIVERSITY, "t"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(LiveChecker(pack, year=2021)), host="127.0.0.1", port=port,
                                        log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


def call(method: str, url: str, body: Any = None, raw: bytes | None = None) -> tuple[int, Any]:
    data = raw if raw is not None else (None if body is None else json.dumps(body, ensure_ascii=False).encode())
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=30) as res:
            text = res.read()
            return res.status, json.loads(text) if text else None
    except urllib.error.HTTPError as exc:
        text = exc.read()
        return exc.code, json.loads(text) if text else None


def test_records_in_findings_out(server: str) -> None:
    status, body = call("POST", f"{server}/records", {"单位编码": "u1", "单位类别": "高校", "县区": "镜湖区",
                                                      "在校学生数": "8001", "心理专业教师数": "2"})
    assert status == 200 and body["accepted"] and body["id"] == "u1"
    (f,) = body["findings"]
    assert f["rule_id"] == "t.uni" and f["verdict"] == "does_not_comply" and "1:4000" in f["quote"]
    status, body = call("POST", f"{server}/records", {"单位编码": "v1", "单位类别": "村", "县区": "镜胡区"})
    assert status == 422 and not body["accepted"]
    assert body["problems"][0]["code"] == "C007" and body["problems"][0]["suggestions"] == ["镜湖区"]
    for i in range(3):
        assert call("POST", f"{server}/records", {"单位编码": f"v{i}", "单位类别": "村", "县区": "镜湖区",
                                                  "是否设立心理咨询室": "是"})[0] == 200
    status, report = call("GET", f"{server}/report")
    assert status == 200 and report["pack"] == "t"
    village = next(x for x in report["findings"] if x["rule_id"] == "t.village")
    assert village["verdict"] == "pass" and village["denominator"] == 3
    status, body = call("PUT", f"{server}/records/v2", {"单位类别": "村", "县区": "镜湖区", "是否设立心理咨询室": "否",
                                                       "是否设立社会工作室": "否"})
    assert status == 200 and body["findings"][0]["verdict"] == "does_not_comply"
    assert call("DELETE", f"{server}/records/v1")[0] == 204
    assert call("DELETE", f"{server}/records/v1")[0] == 404
    assert call("PUT", f"{server}/records/nope", {"单位类别": "村", "县区": "镜湖区"})[0] == 404
    assert call("PUT", f"{server}/records/v0", {"单位编码": "v9", "单位类别": "村", "县区": "镜湖区"})[0] == 400
    assert call("POST", f"{server}/records", raw=b"{not json")[0] == 400
    assert call("POST", f"{server}/records", ["a", "list"])[0] == 400
    status, health = call("GET", f"{server}/health")
    assert status == 200 and health == {"pack": "t", "as_of": "2021-12-31", "units": 3, "engine": "durable",
                                        "fallbacks": 0}
    status, body = call("POST", f"{server}/batch", [{"单位编码": f"b{i}", "单位类别": "村", "县区": "弋江区",
                                                    "是否设立心理咨询室": "是"} for i in range(3)]
                        + [{"单位编码": "b0", "单位类别": "村", "县区": "弋江区"}])
    assert status == 200 and [r["accepted"] for r in body] == [True, True, True, False]
    assert body[3]["problems"][0]["code"] == "C006"
    assert call("POST", f"{server}/batch", {"not": "a list"})[0] == 400
    assert call("GET", f"{server}/health")[1]["units"] == 6


def test_serve_command_needs_a_date(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from compliance.cli import main

    folder = write_pack(make_workspace(tmp_path), village_rule(), "t")
    res = CliRunner().invoke(main, ["serve", str(folder)])
    assert res.exit_code == 2 and "--year" in res.output
    res = CliRunner().invoke(main, ["serve", str(folder), "--year", "2021", "--engine", "drools"])
    assert res.exit_code == 2
