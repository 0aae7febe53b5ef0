"""Targets, the printed table, results.json and the performance section of docs/performance.md."""

from __future__ import annotations

import os
import platform
import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "docs" / "performance.md"  # the figures' page of the documentation site
_SECTION = re.compile(r"(<!-- performance -->\n).*?(<!-- /performance -->)", re.S)


def say(text: str) -> None:
    """A progress line, on stderr so that the figures on stdout stay clean."""
    print(text, file=sys.stderr, flush=True)


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    value: float
    target: float
    unit: str
    at_most: bool  # True: value <= target passes

    @property
    def ok(self) -> bool:
        return self.value <= self.target if self.at_most else self.value >= self.target

    def text(self) -> str:
        sign = "<=" if self.at_most else ">="
        mark = "pass" if self.ok else "MISS"
        value = f"{self.value:>10,.1f} {self.unit:<4}"
        return f"{self.name:<34} {value} target {sign} {self.target:,.0f} {self.unit:<4} {mark}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": self.value,
            "target": self.target,
            "unit": self.unit,
            "at_most": self.at_most,
            "ok": self.ok,
        }


def machine() -> dict[str, Any]:
    model = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "ram_gib": round(mem_kb / 2**20, 1),
        "python": platform.python_version(),
        "kernel": platform.release(),
    }


def code_version() -> str:
    """The commit measured, marked ``+dirty`` when ``src/`` has uncommitted changes;
    ``BENCH_CODE_VERSION`` overrides it (e.g. when measuring an exported snapshot)."""
    if override := os.environ.get("BENCH_CODE_VERSION"):
        return override
    root = ROOT
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "src"], cwd=root, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        return "unknown"
    return f"{head or 'unknown'}{'+dirty' if dirty else ''}"


def today() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d")


def _ms(d: dict[str, Any]) -> str:
    return f"{d['p50_ms']:6.2f} / {d['p99_ms']:6.2f}"


def print_table(r: dict[str, Any], checks: list[Check]) -> None:
    c, t, m = r["catalog"], r["throughput"], r["memory"]
    reused = " (reused; times of its original build)" if c["reused"] else ""
    lines = [
        "",
        f"photobank bench — {r['machine']['nproc']} x {r['machine']['cpu']}, {r['date']},"
        f" code {r['code']}",
        f"catalog: {c['assets']:,} assets, seed {c['seed']}, {c['data_dir']}{reused}",
        f"  other load at start: {r['other_load_at_start']:.2f} cores;"
        f" files read into the page cache first: {r['page_cache_warmup_s'][0]:.1f} s,"
        f" again before the server: {r['page_cache_warmup_s'][1]:.1f} s",
        f"  build {c['total_s']:.1f} s = generate {c['generate_s']:.1f} s"
        f" + index ({c['index_method']}) {c['index_s']:.1f} s; {c['assets_per_s']:,.0f} assets/s",
        "",
        f"latency, ms p50 / p99 ({r['queries']} queries per case, sequential)",
        f"  {'case':<24} {'backend':>15}   {'SearchService':>15}   {'HTTP':>15}",
    ]
    for key, row in r["latency"].items():
        lines.append(
            f"  ({key}) {row['label']:<20} {_ms(row['backend'])}   {_ms(row['service'])}"
            f"   {_ms(row['http'])}"
            + (f"  ({row['http']['errors']} errors)" if row["http"]["errors"] else "")
        )
    lines += ["", "board operations through HTTP, ms p50 / p99 (a customer's board life cycle)"]
    lines += [f"  {op:<24} {_ms(row)}" for op, row in r["boards"].items()]
    engine = " / ".join(f"{e['qps']:,.0f}" for e in t["engine"])
    ratios = " / ".join(f"{r['vs_engine']:.0%}" for r in t["all_rounds"][1])
    lines += [
        "",
        f"throughput: wrk -t{t['threads']} -c{t['connections']} -d{t['duration_s']}s,"
        f" distinct paths cycled per thread; median of {t['rounds']} rounds (req/s of each;"
        " * = made again because other processes used the CPUs)",
        f"  {'route':<32} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'paths':>7}"
        f" {'server CPU':>11} {'wrk CPU':>8} {'other CPU':>10}",
    ]
    for run, rounds in zip(t["runs"], t["all_rounds"], strict=True):
        each = " / ".join(f"{r['rps']:,.0f}{'*' * (r.get('attempt', 1) - 1)}" for r in rounds)
        lines.append(
            f"  {run['route']:<32} {run['rps']:>9,.0f} {run['p50_ms']:>8.2f} {run['p99_ms']:>8.2f}"
            f" {run['non_2xx'] + run['errors']:>7} {run['paths']:>7,} {run['server_cpu']:>11.0%}"
            f" {run['wrk_cpu']:>8.0%} {run['other_cpu']:>10.0%}   ({each})"
        )
    lines += [
        f"  {'engine (backend, 1 thread)':<32} {t['engine_qps']:>9,.0f} queries/s (median;"
        f" {engine}, the same mixes, CPU {max(e['cpu'] for e in t['engine']):.0%})",
        f"  search req/s / engine queries/s, by round: {ratios}",
        "",
        f"server memory after load: VmRSS {m['VmRSS']:,.0f} MiB (anon {m.get('RssAnon', 0):,.0f},"
        f" file {m.get('RssFile', 0):,.0f}), VmHWM {m['VmHWM']:,.0f} MiB",
        "",
        "targets",
        *(f"  {check.text()}" for check in checks),
        "",
    ]
    print("\n".join(lines))


def readme_section(r: dict[str, Any], checks: list[Check]) -> str:
    c, t, m = r["catalog"], r["throughput"], r["memory"]
    mark = {True: "✓", False: "✗"}
    rows = [
        f"Measured {r['date']} on {r['machine']['nproc']} x {r['machine']['cpu']}"
        f" ({r['machine']['ram_gib']} GiB RAM), commit {r['code']}, with `{r['command']}`,"
        " over a demo catalog"
        f" of {c['assets']:,} assets (seed {c['seed']}); full figures in `bench/out/results.json`.",
        "",
        "| search case | backend p50 / p99 | SearchService p50 / p99 | HTTP p50 / p99 |",
        "|---|---|---|---|",
    ]
    for key, row in r["latency"].items():
        cells = [_ms(row[part]).replace(" ", "") + " ms" for part in ("backend", "service", "http")]
        rows.append(f"| ({key}) {row['label']} | {' | '.join(cells)} |")
    rows += ["", "| board operation (HTTP) | p50 / p99 |", "|---|---|"]
    rows += [f"| {op} | {_ms(row).replace(' ', '')} ms |" for op, row in r["boards"].items()]
    rows += [
        "",
        f"| figure (wrk -t{t['threads']} -c{t['connections']}, {t['duration_s']} s,"
        f" median of {t['rounds']} rounds) | value |",
        "|---|---|",
        f"| catalog build, {c['assets']:,} assets: generate metadata + index by"
        f" {c['index_method']} | {c['generate_s']:.0f} s + {c['index_s']:.0f} s"
        f" = {c['total_s']:.0f} s ({c['assets_per_s']:,.0f} assets/s) |",
    ]
    for run in t["runs"]:
        path, _, note = run["route"].partition(" (")
        label = f"`{path}`" + (f" ({note}" if note else "")
        rows.append(f"| {label} | {run['rps']:,.0f} req/s (p99 {run['p99_ms']:.1f} ms) |")
    rows += [
        "| `/v3/images/{id}` req/s vs `/health`: cached ids / ids never asked before"
        f" | {t['image_vs_health']:.1%} / {t['uncached_image_vs_health']:.1%} |",
        f"| search engine alone, one thread | {t['engine_qps']:,.0f} queries/s |",
        f"| server RSS after load (peak) | {m['VmRSS']:,.0f} MiB ({m['VmHWM']:,.0f} MiB) |",
        "",
        "| target | value | |",
        "|---|---|---|",
    ]
    for check in checks:
        sign = "≤" if check.at_most else "≥"
        rows.append(
            f"| {check.name} {sign} {check.target:,.0f} {check.unit}"
            f" | {check.value:,.1f} {check.unit} | {mark[check.ok]} |"
        )
    return "\n".join(rows) + "\n"


def write_readme(section: str, readme: Path = README) -> None:
    text = readme.read_text()
    if not _SECTION.search(text):
        raise SystemExit(f"{readme} has no <!-- performance --> section")
    readme.write_text(_SECTION.sub(lambda m: m.group(1) + section + m.group(2), text, count=1))
