"""The ``photobank`` command starts light: ``--help`` and the emulator controls load
neither the store, the search engine, the web stack nor the imaging libraries, which
only the commands that use them import (a restart must answer within seconds)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from photobank.cli import ingest, record, watermarks
from photobank.ingest.options import DEFAULT_COLLECTION
from photobank.media.policy import ANY
from photobank.upstream.recording import MODES

HEAVY = (
    "alembic", "argon2", "av", "cryptography", "httpx", "jinja2", "numpy", "PIL", "pydantic",
    "sqlalchemy", "starlette", "tantivy", "uvicorn", "yaml",
    "photobank.app", "photobank.composition", "photobank.config", "photobank.demo.generator",
)  # fmt: skip


def _loaded_by(code: str) -> list[str]:
    """The HEAVY modules a fresh interpreter holds after running ``code``."""
    found = f"' '.join(m for m in {HEAVY!r} if m in sys.modules)"
    probe = f"import sys\n{code}\nprint({found}, file=sys.stderr)"  # stdout: the help
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    return done.stderr.split()


def test_the_command_entry_point_loads_nothing_heavy() -> None:
    assert _loaded_by("from photobank.cli import main") == []


def test_help_loads_nothing_heavy() -> None:
    code = (
        "from photobank.cli import main\nsys.argv = ['photobank', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass"
    )
    assert _loaded_by(code) == []


def test_the_defaults_the_commands_spell_out_are_the_domain_s() -> None:
    assert ingest.DEFAULT_COLLECTION == DEFAULT_COLLECTION
    assert watermarks.ANY == ANY
    assert record.MODES == MODES


def test_serving_needs_nothing_of_the_distributed_extra(tmp_path: Path) -> None:
    """``make serve`` installs the runtime only: redis, boto3 and psycopg are not there,
    and an embedded server is built without them."""
    absent = ("redis", "boto3", "psycopg", "psycopg_pool")
    code = (
        f"import sys\nsys.modules.update(dict.fromkeys({absent!r}))\n"
        "from photobank.app import create_app\nfrom photobank.cli import serve\n"
        "from photobank.composition import build_services\nfrom photobank.config import Settings\n"
        f"settings = Settings(data_dir={str(tmp_path)!r})\n"
        "create_app(settings, build_services(settings))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PHOTOBANK_")}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env
    )
    assert done.returncode == 0, done.stderr
