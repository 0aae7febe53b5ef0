"""The projectors' shared context is a leaf: no import cycle runs through the projectors."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

_PROJECTOR = "photobank.api.v3.projection"


def _imports(module: str) -> set[str]:
    """Every module ``module`` imports from, type-checking-only imports included."""
    spec = importlib.util.find_spec(module)
    assert spec is not None and spec.origin is not None
    tree = ast.parse(Path(spec.origin).read_text())
    return {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }


def test_the_video_fields_and_the_context_import_nothing_of_the_projector() -> None:
    for module in ("photobank.api.v3.video_projection", "photobank.api.v3.projection_context"):
        assert _PROJECTOR not in _imports(module), module
    assert "photobank.api.v3.video_projection" not in _imports(
        "photobank.api.v3.projection_context"
    )
