"""Validation proxy overhead: ``photobank proxy --validate`` against direct calls.

``python -m bench.proxy [--assets N] [--requests N] [--seconds S]`` starts a
real emulator as the upstream, a plain ``photobank proxy`` and a ``photobank
proxy --validate`` in front of it, and in the same run measures

* sequential latency (p50/p99) of one workload sent direct, through the plain
  proxy and through the validating one, the three interleaved request by
  request so that load from other work falls on all of them alike;
* requests/s of each with 4 concurrent clients, alternating runs;
* the validation's own CPU time per exchange, in-process, on the answers the
  workload got (the checks the validating proxy adds, without any network).

The workload is what an integration suite asks: searches with filters and
field sets, image details one by one and in lists, reference data, a legacy
search. It prints figures and never asserts: the machine may be busy.
"""

from __future__ import annotations

import argparse
import gc
import json
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx

from bench.latency import percentile, summarize
from photobank.emulator.client import PhotobankEmulator
from photobank.emulator.process import ServerOptions, running_emulator
from photobank.upstream.process import running_proxy
from photobank.validation.checks import check_request, check_response, warm
from photobank.validation.exchange import Sent

TARGET_MS = 1.0  # validation's added p50 per exchange
Request = tuple[str, str, dict[str, str], bytes]  # method, target, headers, body


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--assets", type=int, default=300, help="demo catalog size")
    parser.add_argument("--requests", type=int, default=600, help="sequential requests a target")
    parser.add_argument("--seconds", type=float, default=5, help="length of each throughput run")
    return parser.parse_args()


def workload(upstream: PhotobankEmulator) -> list[Request]:
    key = {"Api-Key": upstream.api_key}
    found = httpx.get(
        f"{upstream.base_url}/v3/search/images", params={"fields": "id"}, headers=key
    ).json()
    ids = [image["id"] for image in found["images"][:10]]
    legacy = {
        "RequestHeader": {"Token": "not-a-token", "CoordinationId": "bench"},
        "SearchForImages2RequestBody": {"Query": {"SearchPhrase": "mountain"}},
    }
    legacy_headers = {"Content-Type": "application/json"}
    return [
        ("GET", "/v3/search/images/creative?phrase=mountain&page_size=30", key, b""),
        ("GET", "/v3/search/images?phrase=city&fields=id,title,caption,display_set", key, b""),
        ("GET", "/v3/search/images/editorial?phrase=sport&sort_order=newest", key, b""),
        ("GET", f"/v3/images/{ids[0]}", key, b""),
        ("GET", f"/v3/images?ids={','.join(ids)}&fields=detail_set", key, b""),
        ("GET", "/v3/countries", key, b""),
        ("POST", "/v1/search/SearchForImages", legacy_headers, json.dumps(legacy).encode()),
    ]


def _send(client: httpx.Client, base: str, request: Request) -> httpx.Response:
    method, target, headers, body = request
    return client.request(method, base + target, headers=headers, content=body)


def latency(bases: dict[str, str], requests: list[Request], count: int) -> dict[str, Any]:
    samples: dict[str, list[float]] = {name: [] for name in bases}
    with httpx.Client(timeout=30) as client:
        for request in requests:  # warm: schemas compiled, answers cached, connections open
            for base in bases.values():
                _send(client, base, request)
        for i in range(count):
            request = requests[i % len(requests)]
            for name, base in bases.items():
                started = time.perf_counter()
                _send(client, base, request)
                samples[name].append(time.perf_counter() - started)
    return {name: summarize(values).as_dict() for name, values in samples.items()}


def throughput(base: str, requests: list[Request], seconds: float, clients: int = 4) -> float:
    done = [0] * clients
    stop = time.monotonic() + seconds

    def run(slot: int) -> None:
        with httpx.Client(timeout=30) as client:
            i = slot
            while time.monotonic() < stop:
                _send(client, base, requests[i % len(requests)])
                done[slot] += 1
                i += 1

    threads = [threading.Thread(target=run, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / seconds


def validation_cpu(base: str, requests: list[Request], rounds: int = 200) -> dict[str, float]:
    """Microseconds the checks take per exchange, on answers the upstream gave."""
    exchanges = []
    with httpx.Client(timeout=30) as client:
        for request in requests:
            answer = _send(client, base, request)
            method, target, headers, body = request
            raw = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
            sent = Sent.from_target(method, target, raw, body)
            exchanges.append((sent, answer.status_code, answer.headers.raw, answer.content))
    warm()
    gc.freeze()  # as the proxy does once started: the contract's objects out of full collections
    times = []
    for _ in range(rounds):
        for sent, status, answer_headers, answer_body in exchanges:
            started = time.perf_counter()
            check_request(sent)
            check_response(sent, status, answer_headers, answer_body)
            times.append((time.perf_counter() - started) * 1e6)
    times.sort()
    return {"p50_us": percentile(times, 50), "p99_us": percentile(times, 99)}


def main() -> None:
    args = _args()
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        work = Path(tmp)
        (work / "upstream").mkdir()
        options = ServerOptions(assets=args.assets)
        upstream = stack.enter_context(running_emulator(work / "upstream", options))
        plain = stack.enter_context(running_proxy(upstream.base_url, work))
        validating = stack.enter_context(running_proxy(upstream.base_url, work, "--validate"))
        requests = workload(upstream)
        bases = {
            "direct": upstream.base_url,
            "proxy": plain.base_url,
            "proxy --validate": validating.base_url,
        }
        figures: dict[str, Any] = {"latency_ms": latency(bases, requests, args.requests)}
        rates: dict[str, list[float]] = {name: [] for name in bases}
        for order in (list(bases), list(reversed(bases))):
            for name in order:
                rates[name].append(throughput(bases[name], requests, args.seconds))
        figures["requests_per_s"] = {name: round(max(r), 1) for name, r in rates.items()}
        figures["validation_cpu"] = validation_cpu(upstream.base_url, requests)
    _print(figures)


def _print(figures: dict[str, Any]) -> None:
    lat = figures["latency_ms"]
    print(f"{'target':<18}{'p50 ms':>9}{'p99 ms':>9}{'req/s':>9}")
    for name, summary in lat.items():
        rate = figures["requests_per_s"][name]
        print(f"{name:<18}{summary['p50_ms']:>9.2f}{summary['p99_ms']:>9.2f}{rate:>9.1f}")
    added = lat["proxy --validate"]["p50_ms"] - lat["proxy"]["p50_ms"]
    cpu = figures["validation_cpu"]
    print(
        f"validation adds {added:.2f} ms p50 over the plain proxy (target <= {TARGET_MS} ms);"
        f" its checks take {cpu['p50_us']:.0f} us p50, {cpu['p99_us']:.0f} us p99 per exchange"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
