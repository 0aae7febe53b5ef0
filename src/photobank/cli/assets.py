"""``photobank assets``: show, update, withdraw, restore, delete and export catalog assets.

Every change goes through the
catalog service (updates through the ingest writer), so the change log, the
search index and the asset-change channels follow it. A running server would
not see changes made here (its caches and its hold on the search index are its
own), so the changing commands refuse while one serves the data directory; the
operator API makes them through it.
A mistake (an unknown id, nothing to change) is one line and exit code 1.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from photobank.cli.common import holding, load_settings, open_services
from photobank.errors import DomainError, InvalidParameter, NotFound

if TYPE_CHECKING:
    from photobank.catalog.model import Asset
    from photobank.composition import Services

assets_app = typer.Typer(help="Catalog assets: show, update, withdraw, restore, delete, export.")

Ids = Annotated[list[str], typer.Argument(help="Asset ids.", show_default=False)]
Text = Annotated[str | None, typer.Option(show_default=False)]


@contextmanager
def _services(changes: str = "") -> Iterator[Services]:
    """The services, closed afterwards; a domain error becomes one line and exit code 1.
    ``changes``: the command, which holds the data directory while it runs."""
    settings = load_settings()
    with holding(settings, changes) if changes else nullcontext():
        services = open_services(settings)
        try:
            yield services
        except DomainError as exc:
            typer.echo(f"error: {exc.message}", err=True)
            raise typer.Exit(1) from None
        finally:
            services.close()


def _one(services: Services, asset_id: str) -> Asset:
    """The asset ``asset_id``, withdrawn or not."""
    found = services.catalog.get_kept([asset_id]).get(asset_id)
    if found is None:
        raise NotFound(f"Asset not found: {asset_id}")
    return found


@assets_app.command("show")
def show(
    asset_id: Annotated[str, typer.Argument(help="The asset's id.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the record as JSON.")] = False,
) -> None:
    """An asset's fields (v3 names), its status and the file it was ingested from."""
    from photobank.api.records import AssetRecords
    from photobank.ingest.sources import source_files

    with _services() as services:
        asset = _one(services, asset_id)
        source = source_files(services.engine, [asset_id]).get(asset_id)
        record = AssetRecords(services).record(asset, source)
    if source is not None:
        record["source_file"] = dataclasses.asdict(source)
    if as_json:
        typer.echo(json.dumps(record, indent=2, ensure_ascii=False))
    else:
        lines = (f"{name}: {_text(value)}" for name, value in record.items() if _text(value))
        typer.echo("\n".join(lines))


def _text(value: Any) -> str:
    """A record's value on one line: lists joined (keywords by their text)."""
    if isinstance(value, list):
        return ", ".join(_text(v.get("text", v) if isinstance(v, dict) else v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={_text(v)}" for k, v in value.items() if v not in (None, "", []))
    return "" if value is None else str(value)


@assets_app.command("update")
def update(
    asset_id: Annotated[str, typer.Argument(help="The asset's id.")],
    title: Text = None,
    caption: Text = None,
    keywords: Annotated[
        str | None, typer.Option(help="Comma-separated keywords (replace the asset's).")
    ] = None,
    artist: Text = None,
    credit_line: Text = None,
    copyright: Text = None,
    collection: Annotated[
        str | None, typer.Option(help="Collection code (created on first use).")
    ] = None,
    product_types: Annotated[
        str | None, typer.Option(help="Comma-separated product types.")
    ] = None,
) -> None:
    """Change an asset's record; its original stays (a drawn one is drawn again)."""
    from photobank.ingest.edits import edit_of, update_asset
    from photobank.ingest.options import OptionError, product_types_of

    given = {
        "title": title, "caption": caption, "artist": artist, "credit_line": credit_line,
        "copyright": copyright, "collection_code": collection,
    }  # fmt: skip
    changes: dict[str, Any] = {k: v for k, v in given.items() if v is not None}
    if keywords is not None:
        changes["keywords"] = [k.strip() for k in keywords.split(",") if k.strip()]
    with _services("photobank assets update") as services:
        if product_types is not None:
            try:
                changes["product_types"] = list(product_types_of(product_types))
            except OptionError as exc:
                raise InvalidParameter("product_types", f"--product-types: {exc}") from None
        if not changes:
            raise InvalidParameter("fields", "Nothing to change: give --title, --keywords ...")
        saved = update_asset(services, edit_of(asset_id, changes, "photobank assets update"))
    typer.echo(f"Updated {saved.id}: {', '.join(changes)}.")


@assets_app.command("withdraw")
def withdraw(asset_ids: Ids) -> None:
    """Take assets off offer: out of search and licensing, still in boards and histories."""
    with _services("photobank assets withdraw") as services:
        changed = services.catalog.withdraw(asset_ids)
    typer.echo(_outcome("Withdrew", changed, asset_ids, "already withdrawn"))


@assets_app.command("restore")
def restore(asset_ids: Ids) -> None:
    """Put withdrawn assets back on offer."""
    with _services("photobank assets restore") as services:
        changed = services.catalog.restore(asset_ids)
    typer.echo(_outcome("Restored", changed, asset_ids, "not withdrawn"))


def _outcome(verb: str, changed: list[str], asked: list[str], unchanged: str) -> str:
    rest = [i for i in dict.fromkeys(asked) if i not in changed]
    line = f"{verb} {len(changed)} asset{'' if len(changed) == 1 else 's'}"
    line += f": {', '.join(changed)}." if changed else "."
    return line + (f" {', '.join(rest)}: {unchanged}." if rest else "")


@assets_app.command("delete")
def delete(asset_ids: Ids) -> None:
    """Delete assets for good: records, signatures, source-file rows, originals, renditions.

    Boards and download histories keep naming them (their rows stay); partners
    are told ``Delete``. To keep an asset but stop offering it, withdraw it.
    """
    from photobank.catalog.removal import delete_assets

    with _services("photobank assets delete") as services:
        deleted = delete_assets(
            services.catalog, services.media_storage, services.renditions, asset_ids
        )
    typer.echo(_outcome("Deleted", deleted, deleted, ""))


@assets_app.command("export")
def export(
    manifest: Annotated[
        Path | None,
        typer.Option(help="Write to this file (default: standard output).", dir_okay=False),
    ] = None,
) -> None:
    """Every asset as JSON Lines, one a line, with v3 field names (and ``path`` and
    ``content_hash`` of ingested files): a manifest ``photobank ingest`` reads back."""
    from photobank.api.records import AssetRecords

    with _services() as services:
        records = AssetRecords(services).everything()
        if manifest is None:
            count = _write(records, sys.stdout)
        else:
            partial = manifest.with_name(f".{manifest.name}.partial")
            try:
                with partial.open("w", encoding="utf-8") as out:
                    count = _write(records, out)
                os.replace(partial, manifest)
            except OSError as exc:
                partial.unlink(missing_ok=True)
                raise InvalidParameter(
                    "manifest", f"cannot write {manifest}: {exc.strerror}"
                ) from None
    if manifest is not None:
        typer.echo(f"Exported {count} asset{'' if count == 1 else 's'} to {manifest}.")


def _write(records: Iterator[dict[str, Any]], out: Any) -> int:
    count = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count
