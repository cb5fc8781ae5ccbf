"""The async Python load generator used when wrk is not installed.

``python bench/pyload.py SPEC_JSON``: keep-alive connections (httpx), stop at the deadline
or after ``max_requests``; print one JSON line in the same shape as the wrk script.
"""

import asyncio
import json
import statistics
import sys
import time
from typing import Any

import httpx


async def _worker(
    client: httpx.AsyncClient, spec: dict[str, Any], deadline: float, tally: dict[str, Any]
) -> None:
    while time.perf_counter() < deadline and tally["requests"] < spec["max_requests"]:
        started = time.perf_counter()
        try:
            response = await client.request(
                spec["method"],
                spec["url"],
                content=spec["body"] or None,
                headers=spec["headers"],
            )
            failed = response.status_code >= 400
        except httpx.HTTPError:
            failed = True
        tally["latencies"].append(time.perf_counter() - started)
        tally["requests"] += 1
        tally["errors"] += failed


async def main(spec: dict[str, Any]) -> dict[str, Any]:
    tally: dict[str, Any] = {"requests": 0, "errors": 0, "latencies": []}
    limits = httpx.Limits(max_connections=spec["connections"])
    async with httpx.AsyncClient(limits=limits, timeout=10) as client:
        started = time.perf_counter()
        deadline = started + spec["seconds"]
        await asyncio.gather(
            *(_worker(client, spec, deadline, tally) for _ in range(spec["connections"]))
        )
        seconds = time.perf_counter() - started
    cuts = (
        statistics.quantiles(tally["latencies"], n=100) if len(tally["latencies"]) > 1 else [0] * 99
    )
    return {
        "requests": tally["requests"],
        "seconds": seconds,
        "errors": tally["errors"],
        "p50_ms": cuts[49] * 1000,
        "p99_ms": cuts[98] * 1000,
    }


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(json.loads(sys.argv[1])))))
