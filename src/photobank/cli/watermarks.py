"""``photobank watermarks``: which display sizes carry the watermark, for whom."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer

from photobank.cli.common import open_services
from photobank.errors import NotFound

if TYPE_CHECKING:
    from photobank.composition import Services
    from photobank.media.policy import WatermarkRule

ANY = "any"  # media.policy.ANY, without importing the store to say so

watermarks_app = typer.Typer(
    help="Watermarking of display sizes, per API client, customer and asset family."
)

Client = Annotated[str | None, typer.Option("--client", help="Api-Key of an API client.")]
Customer = Annotated[str | None, typer.Option("--customer", help="Customer id or username.")]
Family = Annotated[str, typer.Option("--family", help="creative, editorial or any.")]
Size = Annotated[str, typer.Option("--size", help="thumb, preview, comp, high_res_comp or any.")]


def _scope(services: Services, client: str | None, customer: str | None) -> str:
    """The rule scope named on the command line, checked against the accounts."""
    from photobank.media.policy import scope_of

    if client is not None and services.accounts.get_client_by_key(client) is None:
        raise NotFound(f"No API client has the Api-Key '{client}'.")
    customer_id = None
    if customer is not None:
        found = next(
            (
                c
                for c in services.accounts.list_customers()
                if str(c.id) == customer or c.username == customer
            ),
            None,
        )
        if found is None:
            raise NotFound(f"No customer has the id or username '{customer}'.")
        customer_id = found.id
    return scope_of(client_key=client, customer_id=customer_id)


@watermarks_app.command("set")
def watermarks_set(
    watermarked: Annotated[
        bool, typer.Option("--on/--off", help="Watermark the matching display sizes, or not.")
    ],
    client: Client = None,
    customer: Customer = None,
    family: Family = ANY,
    size: Size = ANY,
) -> None:
    """Add or replace a rule (no --client/--customer: a rule for everyone)."""
    from photobank.media.policy import WatermarkRule

    services = open_services()
    rule = WatermarkRule(_scope(services, client, customer), family, size, watermarked)
    services.watermarks.set_rule(rule)
    typer.echo(_line(rule))


@watermarks_app.command("list")
def watermarks_list(
    as_json: Annotated[bool, typer.Option("--json", help="Print the rules as JSON.")] = False,
) -> None:
    """Show the rules, most specific first (sizes without a rule keep their default)."""
    rules = open_services().watermarks.rules()
    if as_json:
        rows = [
            {
                "scope": r.scope,
                "asset_family": r.asset_family,
                "size": r.size,
                "watermarked": r.watermarked,
            }
            for r in rules
        ]
        typer.echo(json.dumps(rows, indent=2))
    else:
        typer.echo("\n".join(map(_line, rules)) or "No rules: thumb clean, larger sizes marked.")


@watermarks_app.command("clear")
def watermarks_clear(
    client: Client = None,
    customer: Customer = None,
    family: Family = ANY,
    size: Size = ANY,
    everything: Annotated[bool, typer.Option("--all", help="Remove every rule.")] = False,
) -> None:
    """Remove the rule for one scope, family and size (or --all rules)."""
    services = open_services()
    scope = None if everything else _scope(services, client, customer)
    removed = services.watermarks.clear_rules(scope, family, size)
    typer.echo(f"Removed {removed} rule{'s' if removed != 1 else ''}.")


def _line(rule: WatermarkRule) -> str:
    verdict = "watermarked" if rule.watermarked else "clean"
    return f"{rule.scope:<40} family={rule.asset_family:<10} size={rule.size:<14} {verdict}"
