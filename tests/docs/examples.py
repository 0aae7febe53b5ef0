"""The code blocks of the README and the documentation pages, run as a reader would run them.

One extractor for every page. A page's blocks of one language form one script,
in page order, so a token or an id obtained in one block is there in the next:

- ``sh`` blocks run in bash (``set -euo pipefail``); ``curl`` fails on an HTTP
  error (the body is still shown), so a wrong example fails its test, unless
  the example prints the status itself (``-w``) for the test to check.
- ``python`` blocks run in this virtualenv's Python; a block that defines
  ``test_*`` functions is a pytest example, run by :func:`run_pytest_examples`.

Examples address the documented server (``http://127.0.0.1:8080``,
``https://127.0.0.1:8443``, the data directory ``var/``); a :class:`Target`
points them at the server a test started instead. ``make serve`` and
``photobank serve`` lines start that server: with ``serve="given"`` the test's
server stands for them, with ``serve="background"`` they start it in the
background (stopped when the script ends).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

ROOT = Path(__file__).parents[2]
DOCS = ROOT / "docs"
_SERVE = re.compile(r"^(?:\S+=\S+ )*(?:make serve|(?:\S*/)?photobank serve)\b.*$", re.M)
_PRELUDE = """set -euo pipefail
curl() {
  case " $* " in
    *" -w "*) command curl --silent --show-error "$@" ;;  # it prints the status itself
    *) command curl --silent --show-error --fail-with-body "$@" ;;
  esac
}
__serve() {
  "$@" >"$__SERVER_LOG" 2>&1 &
  __SERVER=$!
  trap 'kill $__SERVER 2>/dev/null; wait $__SERVER 2>/dev/null || true' EXIT
  for _ in $(seq 600); do
    command curl -sf "$__HEALTH" >/dev/null && return 0
    kill -0 $__SERVER 2>/dev/null || break
    sleep 0.1
  done
  cat "$__SERVER_LOG" >&2
  return 1
}
"""


def markdown(name: str) -> str:
    """A page of the site (``"legacy.md"``) or the README (``"README.md"``)."""
    path = ROOT / name if name == "README.md" else DOCS / name
    return path.read_text()


def blocks(text: str, language: str) -> list[str]:
    """The fenced blocks of ``language`` in ``text``, in order."""
    return re.findall(rf"^```{language}\n(.*?)^```", text, re.S | re.M)


def section(text: str, heading: str) -> str:
    """The part of ``text`` under ``heading`` (a whole ``## ...`` line), to the next such."""
    return text.split(f"\n{heading}\n", 1)[1].split("\n## ", 1)[0]


@dataclass(frozen=True, slots=True)
class Target:
    """The real server examples run against, in place of the documented one."""

    port: int
    https_port: int
    data_dir: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def localise(self, text: str) -> str:
        """``text`` with the documented addresses replaced by this server's."""
        for documented, port in ((8080, self.port), (8443, self.https_port)):
            where = rf"(127\.0\.0\.1:|localhost:|-port ){documented}\b"
            text = re.sub(where, rf"\g<1>{port}", text)
        return text

    def workdir(self, where: Path) -> Path:
        """A directory whose ``var`` is this server's data directory, as in a checkout."""
        where.mkdir(parents=True, exist_ok=True)
        if not (where / "var").exists():
            (where / "var").symlink_to(self.data_dir, target_is_directory=True)
        return where

    def environment(self, **extra: str) -> dict[str, str]:
        """The reader's shell: ``photobank`` on the PATH, no stray ``PHOTOBANK_*`` settings."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("PHOTOBANK_")}
        env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
        env.update(
            PHOTOBANK_PORT=str(self.port),
            PHOTOBANK_HTTPS_PORT=str(self.https_port),
            PHOTOBANK_EMULATOR_URL=self.base,
            PHOTOBANK_HASH_COST="fast",
            PHOTOBANK_LOG_LEVEL="warning",
        )
        env.update(extra)
        return env


def shell_script(text: str, serve: Literal["given", "background"]) -> str:
    """The page's ``sh`` blocks as one bash script (before localising)."""
    script = "\n".join(blocks(text, "sh"))
    if serve == "given":
        return _SERVE.sub(":", script)
    return _SERVE.sub(lambda line: f"__serve {line.group(0)}", script)


def run_shell(
    text: str,
    target: Target,
    cwd: Path,
    serve: Literal["given", "background"] = "given",
    **env: str,
) -> subprocess.CompletedProcess[str]:
    """Run the page's shell examples in ``cwd``; the caller asserts on the result."""
    workdir = target.workdir(cwd)
    environment = target.environment(
        __SERVER_LOG=str(workdir / "server.log"), __HEALTH=f"{target.base}/health", **env
    )
    script = _PRELUDE + target.localise(shell_script(text, serve))
    return subprocess.run(
        ["bash", "-c", script],
        cwd=workdir,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def run_python(
    text: str, target: Target, cwd: Path, **env: str
) -> subprocess.CompletedProcess[str]:
    """Run the page's Python examples (all but the pytest ones) as one script in ``cwd``."""
    code = "\n".join(block for block in blocks(text, "python") if "def test_" not in block)
    workdir = target.workdir(cwd)
    return subprocess.run(
        [sys.executable, "-c", target.localise(code)],
        cwd=workdir,
        env=target.environment(**env),
        capture_output=True,
        text=True,
        timeout=300,
    )


def run_pytest_examples(text: str, fixtures: dict[str, Any]) -> list[str]:
    """Run each ``test_*`` function of the page's pytest examples with ``fixtures``; their names."""
    ran = []
    for block in blocks(text, "python"):
        if "def test_" not in block:
            continue
        namespace: dict[str, Any] = {}
        exec(compile(block, "example", "exec"), namespace)
        for name, function in namespace.items():
            if name.startswith("test_") and callable(function):
                _call_with_fixtures(function, fixtures)
                ran.append(name)
    return ran


def _call_with_fixtures(function: Callable[..., Any], fixtures: dict[str, Any]) -> None:
    names = function.__code__.co_varnames[: function.__code__.co_argcount]
    function(*(fixtures[name] for name in names))
