"""What a run generates and checks, as schemathesis configuration data.

Bounded for CI: a fixed seed, derandomized generation, no example database,
``PHOTOBANK_FUZZ_EXAMPLES`` examples per operation (``make fuzz`` asks for more).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import schemathesis

SEED = 20260601
DEFAULT_EXAMPLES = 10
STATEFUL_SCENARIOS = 4  # stateful scenarios per example asked for
# The four ways a response can break the contract; nothing else is asserted.
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
)
STATELESS = ("examples", "coverage", "fuzzing")
STATEFUL = ("stateful",)


@dataclass(frozen=True, slots=True)
class CatalogIds:
    """Ids from the fuzzed catalog, offered to generation beside random values."""

    images: tuple[str, ...]
    videos: tuple[str, ...]
    events: tuple[str, ...]


def examples() -> int:
    return int(os.environ.get("PHOTOBANK_FUZZ_EXAMPLES", DEFAULT_EXAMPLES))


def _dictionaries(ids: CatalogIds) -> dict[str, Any]:
    assets = [*ids.images, *ids.videos]
    return {
        "dictionaries": {
            "assets": {"values": assets},
            "any_id": {"values": [*assets, *ids.events]},
            "asset_lists": {"values": [",".join(ids.images[:3]), ",".join(ids.videos[:3])]},
            "comments": {"values": ["Use on the cover", "Needs a release"]},
            "id_lists": {
                "values": [",".join(kind[:3]) for kind in (ids.images, ids.videos, ids.events)]
            },
        },
        "parameters": {
            "path.id": {"dictionary": "any_id", "probability": 0.5},
            "path.asset_id": {"dictionary": "assets", "probability": 0.5},
            "path.assetId": {"dictionary": "assets", "probability": 0.5},
            "query.asset_id": {"dictionary": "assets", "probability": 0.5},
            "query.asset_ids": {"dictionary": "asset_lists", "probability": 0.5},
            "query.ids": {"dictionary": "id_lists", "probability": 0.5},
            "body.[*].asset_id": {"dictionary": "assets", "probability": 0.5},
            "body.asset_usages[*].asset_id": {"dictionary": "assets", "probability": 0.5},
            "body.text": {"dictionary": "comments", "probability": 0.5},
        },
    }


def config(
    headers: dict[str, str], ids: CatalogIds, phases: tuple[str, ...]
) -> schemathesis.Config:
    every_phase = (*STATELESS, *STATEFUL)
    return schemathesis.Config.from_dict(
        {
            "seed": SEED,
            "headers": headers,
            "workers": 1,
            # Every failure is worth seeing, not only each operation's first.
            "continue-on-failure": True,
            "cache": {"enabled": False},
            "checks": {"enabled": False, **{name: {"enabled": True} for name in CHECKS}},
            "generation": {"max-examples": examples(), "deterministic": True, "database": "none"},
            "phases": {
                **{name: {"enabled": name in phases} for name in every_phase},
                # Only the links written down are followed: inferred ones guess wrong
                # (a comment id taken for a board id) and dilute the board workflows.
                "stateful": {
                    "enabled": "stateful" in phases,
                    "inference": {"algorithms": []},
                    # A scenario is several calls; more of them reach the later links.
                    "generation": {"max-examples": STATEFUL_SCENARIOS * examples()},
                },
            },
            **_dictionaries(ids),
        }
    )
