"""``compliance serve``: a small local HTTP endpoint over the live checker, JSON in and out.

For information platforms not written in Python. Starlette (the ASGI toolkit under FastAPI; small,
typed, actively maintained) with uvicorn as the server: ``pip install 'compliance[serve]'``.

    POST   /records          a record (JSON object)  → 200 the result; 422 when it has data problems
    POST   /batch            records (JSON array)    → 200 their results, in order (LiveChecker.check_many)
    PUT    /records/{id}     replace a unit          → 200 / 422; 404 when no unit has that id
    DELETE /records/{id}     withdraw a unit         → 204; 404 when no unit has that id
    GET    /report           every rule on the units kept so far (the batch engine's report)
    GET    /health           pack, as-of date, number of units kept

A result is ``LiveResult.to_dict()``: ``id``, ``accepted``, ``problems`` (field, value, expected,
suggestions), ``findings`` (rule, verdict, scope, clause quoted; Chinese and English). Errors are JSON
``{"error": …}`` with status 400 (not JSON, not an object) or 404. It binds to 127.0.0.1 by default and
has no authentication: put it behind the platform's own gateway.
"""

from __future__ import annotations

import json
from typing import Any

from .errors import MissingDependencyError, UsageError
from .live import LiveChecker

_MISSING = ("HTTP 服务需要 starlette 与 uvicorn：pip install 'compliance[serve]' "
            "(the HTTP endpoint needs starlette and uvicorn: pip install 'compliance[serve]')")


def create_app(checker: LiveChecker) -> Any:
    """The ASGI application (a Starlette app) over ``checker``."""
    try:
        from starlette.applications import Starlette
        from starlette.requests import Request
        from starlette.responses import JSONResponse, Response
        from starlette.routing import Route
    except ImportError as exc:
        raise MissingDependencyError(_MISSING) from exc

    def error(status: int, zh: str, en: str) -> JSONResponse:
        return JSONResponse({"error": f"{zh} ({en})"}, status_code=status)

    async def record_of(request: Request) -> dict[str, Any] | JSONResponse:
        try:
            body = json.loads(await request.body())
        except (ValueError, UnicodeDecodeError):
            return error(400, "请求体不是 JSON", "the request body is not JSON")
        if not isinstance(body, dict):
            return error(400, "请求体应为 JSON 对象（一条记录）", "the body must be a JSON object (one record)")
        return body

    def answer(result: Any) -> JSONResponse:
        return JSONResponse(result.to_dict(), status_code=200 if result.accepted else 422)

    async def post(request: Request) -> Response:
        body = await record_of(request)
        if isinstance(body, JSONResponse):
            return body
        return answer(checker.check(body))

    async def batch(request: Request) -> Response:
        try:
            body = json.loads(await request.body())
        except (ValueError, UnicodeDecodeError):
            return error(400, "请求体不是 JSON", "the request body is not JSON")
        if not isinstance(body, list) or not all(isinstance(r, dict) for r in body):
            return error(400, "请求体应为 JSON 对象的数组", "the body must be a JSON array of objects (records)")
        return JSONResponse([r.to_dict() for r in checker.check_many(body)])

    async def put(request: Request) -> Response:
        body = await record_of(request)
        if isinstance(body, JSONResponse):
            return body
        unit_id = request.path_params["unit_id"]
        key = checker.d.columns["id"].zh
        ids = [k for k in body if checker.d.header(str(k)) == ("columns", "id")]
        if any(str(body[k]) != unit_id for k in ids):
            return error(400, "记录中的单位编码与地址不符", "the record's unit id differs from the one in the URL")
        try:
            return answer(checker.update({**body, key: unit_id} if not ids else body))
        except KeyError as exc:
            return error(404, f"没有编码为「{unit_id}」的单位", str(exc.args[0] if exc.args else exc))
        except UsageError as exc:
            return error(400, "请求有误", str(exc))

    async def delete(request: Request) -> Response:
        unit_id = request.path_params["unit_id"]
        try:
            checker.withdraw(unit_id)
        except KeyError as exc:
            return error(404, f"没有编码为「{unit_id}」的单位", str(exc.args[0] if exc.args else exc))
        return Response(status_code=204)

    async def report(_request: Request) -> Response:
        return Response(checker.report().to_json(), media_type="application/json")

    async def health(_request: Request) -> Response:
        return JSONResponse({"pack": checker.pack.id, "as_of": checker.as_of.isoformat(), "units": len(checker),
                             "engine": checker.engine, "fallbacks": len(checker.fallbacks)})

    return Starlette(routes=[
        Route("/records", post, methods=["POST"]),
        Route("/batch", batch, methods=["POST"]),
        Route("/records/{unit_id}", put, methods=["PUT"]),
        Route("/records/{unit_id}", delete, methods=["DELETE"]),
        Route("/report", report, methods=["GET"]),
        Route("/health", health, methods=["GET"]),
    ])


def serve(checker: LiveChecker, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run the endpoint until interrupted."""
    try:
        import uvicorn
    except ImportError as exc:
        raise MissingDependencyError(_MISSING) from exc
    uvicorn.run(create_app(checker), host=host, port=port, log_level="warning")
