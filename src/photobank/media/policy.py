"""Which display sizes are watermarked, per API client, customer and asset family.

Getty's seed: "Depending on various rules (client application permissions,
user type, image type, image size) the images may be watermarked." Rules are
rows of ``watermark_rules``: a scope (``global``, ``client:<api key>`` or
``customer:<id>``), an asset family or ``any``, a display size or ``any``, and
the verdict. The most specific matching rule wins: a customer's rule over a
client's over a global one, then a named size over ``any``, then a named
family over ``any``. Sizes no rule covers keep their defaults (thumb clean,
the larger sizes watermarked).

The decision is made when display URIs are built (the signed URL carries it),
once per request: :meth:`WatermarkPolicy.for_caller` answers from memory.
Rules changed by another process (the CLI) are seen within ``cache_seconds``.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Engine, delete, insert, select, update

from photobank.catalog.model import ASSET_FAMILIES
from photobank.clock import Clock
from photobank.errors import InvalidParameter
from photobank.media.urls import DISPLAY_SIZES
from photobank.store import tables as t

ANY = "any"
_SIZES = tuple(DISPLAY_SIZES)
_SLOTS = [(family, size) for family in ASSET_FAMILIES for size in _SIZES]
_BIT = {slot: bit for bit, slot in enumerate(_SLOTS)}
_SCOPE_RANK = {"global": 0, "client": 1, "customer": 2}
_MAX_CALLERS = 50_000  # remembered decisions; past that, start afresh


@dataclass(frozen=True, slots=True)
class Watermarks:
    """One caller's decisions for every (asset family, display size), as bits.

    ``mask`` is small and hashable: projection caches key documents by it, so a
    document built for one caller never serves another's URLs.
    """

    mask: int

    def watermarked(self, family: str, size: str) -> bool:
        bit = _BIT.get((family, size))
        if bit is None:  # a family without rules of its own: the size's default
            return DISPLAY_SIZES[size].watermarked
        return bool(self.mask >> bit & 1)


DEFAULT_WATERMARKS = Watermarks(
    sum(1 << i for i, (_, size) in enumerate(_SLOTS) if DISPLAY_SIZES[size].watermarked)
)


@dataclass(frozen=True, slots=True)
class WatermarkRule:
    scope: str  # global | client:<api key> | customer:<id>
    asset_family: str  # any | creative | editorial
    size: str  # any | thumb | preview | comp | high_res_comp
    watermarked: bool

    def matches(self, scopes: tuple[str, ...], family: str, size: str) -> bool:
        return (
            self.scope in scopes and self.asset_family in (ANY, family) and self.size in (ANY, size)
        )

    @property
    def specificity(self) -> tuple[int, bool, bool]:
        kind = self.scope.partition(":")[0]
        return _SCOPE_RANK[kind], self.size != ANY, self.asset_family != ANY


def scope_of(client_key: str | None = None, customer_id: int | None = None) -> str:
    """The scope text of a rule for a client, a customer, or (neither) everyone."""
    if client_key and customer_id is not None:
        raise InvalidParameter("scope", "A rule applies to a client or a customer, not both.")
    if client_key:
        return f"client:{client_key}"
    return f"customer:{customer_id}" if customer_id is not None else "global"


class WatermarkPolicy:
    def __init__(self, engine: Engine, clock: Clock, cache_seconds: float = 5.0) -> None:
        self._engine = engine
        self._clock = clock
        self._cache_seconds = cache_seconds
        self._lock = threading.Lock()
        self._rules: tuple[WatermarkRule, ...] = ()
        self._loaded_at = -float("inf")
        self._callers: dict[tuple[str | None, int | None], Watermarks] = {}

    def for_caller(self, client_key: str | None, customer_id: int | None) -> Watermarks:
        """The decisions for a request by ``client_key`` on behalf of ``customer_id``."""
        if time.monotonic() - self._loaded_at > self._cache_seconds:
            self._reload()
        key = (client_key, customer_id)
        found = self._callers.get(key)
        if found is None:
            if len(self._callers) >= _MAX_CALLERS:
                self._callers = {}
            found = self._callers[key] = self._decide(client_key, customer_id)
        return found

    def clear_caches(self) -> None:
        """Read the rules again now (the store was replaced underneath: emulator reset)."""
        self._reload()

    def rules(self) -> list[WatermarkRule]:
        """Every rule, most specific first."""
        self._reload()
        return sorted(self._rules, key=lambda r: (r.specificity, r.scope), reverse=True)

    def set_rule(self, rule: WatermarkRule) -> None:
        """Add ``rule``, replacing the rule for the same scope, family and size."""
        _check(rule)
        target = _target(rule.scope, rule.asset_family, rule.size)
        values = {"watermarked": rule.watermarked, "updated_at": self._clock.now()}
        with self._engine.begin() as conn:
            if not conn.execute(update(t.watermark_rules).where(*target).values(values)).rowcount:
                conn.execute(
                    insert(t.watermark_rules).values(
                        scope=rule.scope, asset_family=rule.asset_family, size=rule.size, **values
                    )
                )
        self._reload()

    def clear_rules(
        self, scope: str | None = None, asset_family: str = ANY, size: str = ANY
    ) -> int:
        """Remove the rule for ``scope``/family/size, or every rule when ``scope`` is None."""
        statement = delete(t.watermark_rules)
        if scope is not None:
            statement = statement.where(*_target(scope, asset_family, size))
        with self._engine.begin() as conn:
            removed = int(conn.execute(statement).rowcount)
        self._reload()
        return removed

    def _reload(self) -> None:
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(
                    t.watermark_rules.c.scope,
                    t.watermark_rules.c.asset_family,
                    t.watermark_rules.c.size,
                    t.watermark_rules.c.watermarked,
                )
            )
            rules = tuple(WatermarkRule(*row) for row in rows)
        with self._lock:
            if set(rules) != set(self._rules):
                self._callers = {}
            self._rules = rules
            self._loaded_at = time.monotonic()

    def _decide(self, client_key: str | None, customer_id: int | None) -> Watermarks:
        scopes: tuple[str, ...] = ("global", scope_of(client_key=client_key))
        if customer_id is not None:
            scopes += (scope_of(customer_id=customer_id),)
        mask = 0
        for bit, (family, size) in enumerate(_SLOTS):
            matching = [r for r in self._rules if r.matches(scopes, family, size)]
            if matching:
                verdict = max(matching, key=lambda r: r.specificity).watermarked
            else:
                verdict = DISPLAY_SIZES[size].watermarked
            mask |= int(verdict) << bit
        return Watermarks(mask)


def _target(scope: str, asset_family: str, size: str) -> tuple[ColumnElement[bool], ...]:
    c = t.watermark_rules.c
    return c.scope == scope, c.asset_family == asset_family, c.size == size


def _check(rule: WatermarkRule) -> None:
    kind, _, value = rule.scope.partition(":")
    if kind not in _SCOPE_RANK or (kind == "global") == bool(value):
        raise InvalidParameter("scope", f"Unknown watermark rule scope '{rule.scope}'.")
    if kind == "customer" and not value.isdigit():
        raise InvalidParameter("customer", f"Not a customer id: '{value}'.")
    if rule.asset_family not in (ANY, *ASSET_FAMILIES):
        raise InvalidParameter(
            "asset_family",
            f"Unknown asset family '{rule.asset_family}'. Use {', '.join((*ASSET_FAMILIES, ANY))}.",
        )
    if rule.size not in (ANY, *_SIZES):
        raise InvalidParameter(
            "size", f"Unknown display size '{rule.size}'. Use {', '.join((*_SIZES, ANY))}."
        )
