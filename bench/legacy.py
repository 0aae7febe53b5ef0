"""Legacy Connect next to v3, and HTTPS next to plain HTTP, in one run.

``python -m bench.legacy [--assets N] [--duration S]`` starts ``photobank serve
--demo`` (library mode, HTTPS on a free port) over a fresh demo catalog and
measures under wrk, in the same process and run:

* SearchForImages vs ``GET /v3/search/images`` (25 per page, the same phrases),
* SearchForVideos vs ``GET /v3/search/videos`` (likewise),
* GetImageDetails vs ``GET /v3/images/{id}`` (the same ids),
* ``/health`` over HTTP and HTTPS on kept-alive connections (request rate), and
  with ``Connection: close`` (a TCP + TLS handshake per request).

It prints a table and writes ``bench/out/legacy.json``. The target: each
legacy operation within 15 % of its v3 equivalent.
"""

from __future__ import annotations

import argparse
import json
import os
import ssl
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from bench.throughput import LUA, ensure_wrk
from photobank.demo.credentials import demo_credentials
from photobank.emulator.process import free_port

HERE = Path(__file__).resolve().parent
LEGACY_LUA = HERE / "wrk_legacy.lua"
PHRASES = ("", "mountain", "dog", "city", "beach", "family", "sunset", "food", "car", "snow")


def _wrk(
    wrk: str, url: str, script: Path, args: list[str], seconds: int, *extra: str
) -> dict[str, Any]:
    cmd = [
        wrk,
        "-t1",
        "-c16",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        *extra,
        "-s",
        str(script),
        url,
        "--",
        *args,
    ]
    env = {**os.environ, "WRK_PATHS_LUA": str(LUA)}  # wrk_legacy.lua builds on it
    out = subprocess.run(
        cmd, check=True, capture_output=True, text=True, timeout=seconds + 60, env=env
    )
    line = next(x for x in out.stdout.splitlines() if x.startswith("BENCH_JSON "))
    data: dict[str, Any] = json.loads(line.removeprefix("BENCH_JSON "))
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    return data


def _start(data_dir: Path, assets: int) -> tuple[subprocess.Popen[bytes], str, str]:
    port, https_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PHOTOBANK_")}
    env.update(
        PHOTOBANK_DATA_DIR=str(data_dir),
        PHOTOBANK_PORT=str(port),
        PHOTOBANK_HTTPS_PORT=str(https_port),
        PHOTOBANK_MODE="library",
        PHOTOBANK_DEMO_ASSETS=str(assets),
        PHOTOBANK_DEFAULT_QPS_LIMIT="0",
        PHOTOBANK_LOG_LEVEL="warning",
    )
    log = (data_dir / "server.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "photobank", "serve", "--demo"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    plain, secure = f"http://127.0.0.1:{port}", f"https://127.0.0.1:{https_port}"
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{plain}/health").status_code == 200:
                return process, plain, secure
        except httpx.TransportError:
            if process.poll() is not None:
                raise SystemExit((data_dir / "server.log").read_text()) from None
            time.sleep(0.3)
    raise SystemExit("the server did not start")


def _envelope(token: str, key: str, body: dict[str, Any]) -> str:
    return json.dumps({"RequestHeader": {"Token": token}, key: body})


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--assets", type=int, default=5000, help="demo catalog size")
    parser.add_argument("--duration", type=int, default=8, help="seconds of each wrk run")
    args = parser.parse_args(argv)
    wrk = ensure_wrk()
    creds = demo_credentials(42)
    with tempfile.TemporaryDirectory(prefix="bench-legacy-") as tmp:
        work = Path(tmp)
        process, plain, secure = _start(work, args.assets)
        try:
            before = os.getloadavg()[0]
            results = _measure(wrk, work, plain, secure, creds, args.duration)
        finally:
            process.terminate()
            process.wait(timeout=30)
    _report(results)
    print(f"load average (1 min): {before:.2f} before, {os.getloadavg()[0]:.2f} after")


def _measure(
    wrk: str, work: Path, plain: str, secure: str, creds: Any, seconds: int
) -> dict[str, Any]:
    http = httpx.Client(verify=ssl.create_default_context(cafile=work / "tls" / "ca.pem"))
    session = {"SystemId": creds.api_key, "SystemPassword": creds.api_secret}
    created = http.post(
        f"{secure}/v1/session/CreateSession",
        json={"RequestHeader": {}, "CreateSessionRequestBody": session},
    ).json()
    token = created["CreateSessionResult"]["Token"]
    ids = [
        i["id"]
        for i in http.get(
            f"{plain}/v3/search/images",
            headers={"Api-Key": creds.api_key},
            params={"phrase": "", "page_size": 100, "fields": "id"},
        ).json()["images"]
    ]

    def lines(name: str, rows: list[str]) -> str:
        path = work / f"{name}.txt"
        path.write_text("\n".join(rows) + "\n")
        return str(path)

    search_bodies = [
        _envelope(
            token,
            "SearchForImages2RequestBody",
            {
                "Query": {"SearchPhrase": p},
                "ResultOptions": {"ItemCount": 25, "ItemStartNumber": 1},
            },
        )
        for p in PHRASES
    ]
    video_bodies = [
        _envelope(
            token,
            "SearchForVideosRequestBody",
            {"Query": {"SearchPhrase": p}, "ResultOptions": {"ItemCount": 25}},
        )
        for p in PHRASES
    ]
    detail_bodies = [_envelope(token, "GetImageDetailsRequestBody", {"ImageIds": [i]}) for i in ids]
    search_paths = [f"/v3/search/images?phrase={p}&page_size=25" for p in PHRASES]
    video_paths = [f"/v3/search/videos?phrase={p}&page_size=25" for p in PHRASES]
    detail_paths = [f"/v3/images/{i}" for i in ids]
    run = {
        "legacy_search": (
            f"{plain}/v1/search/SearchForImages",
            LEGACY_LUA,
            [lines("s", search_bodies)],
        ),
        "v3_search": (plain, LUA, [lines("sp", search_paths), creds.api_key]),
        "legacy_videos": (
            f"{plain}/v1/search/SearchForVideos",
            LEGACY_LUA,
            [lines("v", video_bodies)],
        ),
        "v3_videos": (plain, LUA, [lines("vp", video_paths), creds.api_key]),
        "legacy_details": (
            f"{plain}/v1/search/GetImageDetails",
            LEGACY_LUA,
            [lines("d", detail_bodies)],
        ),
        "v3_details": (plain, LUA, [lines("dp", detail_paths), creds.api_key]),
        "http_keepalive": (plain, LUA, [lines("h", ["/health"]), ""]),
        "https_keepalive": (secure, LUA, [lines("h", ["/health"]), ""]),
    }
    results = {}
    for name, (url, script, extra) in run.items():
        _wrk(wrk, url, script, extra, 2)  # warm-up
        results[name] = _wrk(wrk, url, script, extra, seconds)
    for name, url in (("http_handshake", plain), ("https_handshake", secure)):
        results[name] = _wrk(
            wrk, url, LUA, [lines("h", ["/health"]), ""], seconds, "-H", "Connection: close"
        )
    return results


def _report(results: dict[str, Any]) -> None:
    print("| figure (wrk -t1 -c16) | requests/s | p50 ms | p99 ms |")
    print("|---|---|---|---|")
    for name, r in results.items():
        print(f"| {name} | {r['rps']:,.0f} | {r['p50_us'] / 1000:.2f} | {r['p99_us'] / 1000:.2f} |")
    pairs = (
        ("legacy_search", "v3_search"),
        ("legacy_videos", "v3_videos"),
        ("legacy_details", "v3_details"),
    )
    for legacy, v3 in pairs:
        ratio = results[legacy]["rps"] / results[v3]["rps"]
        verdict = "ok" if ratio >= 0.85 else "MISSES the 15 % target"
        print(f"{legacy} / {v3}: {ratio:.2f} ({verdict})")
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    (out / "legacy.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
