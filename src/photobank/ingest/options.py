"""What an operator may choose for an ingest run, checked the same way for every caller."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from photobank.catalog.model import PRODUCT_TYPES

DEFAULT_COLLECTION = "LIBRARY"


@dataclass(frozen=True, slots=True)
class IngestOptions:
    collection: str = DEFAULT_COLLECTION
    family: str = "creative"
    license_model: str = ""  # empty: the collection's
    product_types: tuple[str, ...] = ()  # empty: the collection's
    workers: int = 1
    dry_run: bool = False


class OptionError(ValueError):
    """An option value photobank does not know; the message names it and what is allowed."""


def one_of(value: str, allowed: Iterable[str]) -> str:
    """``value``, if it is one of ``allowed``."""
    choices = tuple(allowed)
    if value not in choices:
        raise OptionError(f"'{value}' is not one of {', '.join(choices)}")
    return value


def product_types_of(names: str | Iterable[str]) -> tuple[str, ...]:
    """Product type names from ``a,b`` text (or a list), each one photobank knows."""
    items = names.split(",") if isinstance(names, str) else names
    found = tuple(dict.fromkeys(name.strip() for name in items if name.strip()))
    for name in found:
        one_of(name, PRODUCT_TYPES)
    return found
