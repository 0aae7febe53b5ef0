"""``photobank ingest``: folders of your own images into the catalog.

A file that cannot be ingested is one line in the summary, never a
traceback; the exit code is 1 when any file failed, so a script notices.
"""

from __future__ import annotations

import json
from contextlib import nullcontext
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from photobank.cli.common import holding, load_settings, open_services

if TYPE_CHECKING:
    from photobank.ingest.folders import IngestReport

DEFAULT_COLLECTION = "LIBRARY"  # ingest.folders.DEFAULT_COLLECTION, without importing ingest
_console = Console(stderr=True)


class Family(StrEnum):
    creative = "creative"
    editorial = "editorial"


class LicenseModel(StrEnum):
    royaltyfree = "royaltyfree"
    rightsmanaged = "rightsmanaged"


class _Rate(ProgressColumn):
    """Files a second."""

    def render(self, task: Task) -> Text:
        return Text(f"{task.speed:.1f} files/s" if task.speed else "", style="progress.data.speed")


def _product_types(text: str | None) -> tuple[str, ...]:
    from photobank.ingest.options import OptionError, product_types_of

    try:
        return product_types_of(text or "")
    except OptionError as exc:
        raise typer.BadParameter(str(exc), param_hint="--product-types") from None


def ingest(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Image or video files, or folders (walked).")
    ] = None,
    manifest: Annotated[
        Path | None,
        typer.Option(
            help="CSV or JSON Lines file adding to or overriding each file's metadata, by path,"
            " content_hash or id (v3 field names); rows with no file add assets drawn from"
            " their metadata.",
            dir_okay=False,
        ),
    ] = None,
    collection: Annotated[
        str, typer.Option(help="Collection code (created on first use).")
    ] = DEFAULT_COLLECTION,
    family: Annotated[Family, typer.Option(help="Asset family.")] = Family.creative,
    license_model: Annotated[
        LicenseModel | None, typer.Option(help="Licence model (default: the collection's).")
    ] = None,
    product_types: Annotated[
        str | None,
        typer.Option(help="Comma-separated product types (default: the collection's)."),
    ] = None,
    workers: Annotated[int, typer.Option(min=1, help="Processes reading files.")] = 1,
    dry_run: Annotated[
        bool, typer.Option(help="Read and check every file, store nothing.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Ingest JPEG, PNG, TIFF, WebP, AVIF, HEIC images and MP4, MOV, WebM videos.

    Images bring their IPTC, XMP and EXIF metadata, videos their container tags
    and XMP; a video's original is the file itself.

    A file already ingested (same content) is left as it is; a changed file
    updates its asset. Refused while a server serves the data directory: upload
    through it then (POST /operator/v1/ingest).
    """
    from photobank.ingest.files import find_files
    from photobank.ingest.folders import FolderIngest
    from photobank.ingest.manifest import Manifest, read_manifest
    from photobank.ingest.options import IngestOptions

    options = IngestOptions(
        collection=collection,
        family=family.value,
        license_model=license_model.value if license_model else "",
        product_types=_product_types(product_types),
        workers=workers,
        dry_run=dry_run,
    )
    if not paths and manifest is None:
        raise typer.BadParameter("give image files, folders or a --manifest", param_hint="PATHS")
    rows, refused = read_manifest(manifest) if manifest is not None else (Manifest(), [])
    settings = load_settings()
    with nullcontext() if dry_run else holding(settings, "photobank ingest"):
        services = open_services(settings)
        try:
            files, missing = find_files(paths or [])
            total = len(set(files) | set(rows.rows_by_path)) + len(rows.bare_rows)
            columns = (
                TextColumn("Ingesting"),
                BarColumn(),
                MofNCompleteColumn(),
                _Rate(),
                TimeRemainingColumn(),
            )
            with Progress(*columns, console=_console, transient=True) as progress:
                task = progress.add_task("ingest", total=total)
                ingest = FolderIngest(services, options)
                report = ingest.run(
                    files, lambda: progress.advance(task), rows, waiting=_say_waiting
                )
        finally:
            services.close()
    report.failed[:0] = [*missing, *refused]
    if as_json:
        typer.echo(json.dumps({"dry_run": dry_run, **report.as_dict()}, indent=2))
    else:
        typer.echo(_summary(report, dry_run))
    if report.failed:
        raise typer.Exit(1)


def _say_waiting() -> None:
    _console.print("Waiting for another ingest run over this catalog to end…")


def _summary(report: IngestReport, dry_run: bool) -> str:
    would = "would be " if dry_run else ""
    lines = [
        f"{len(report.added)} {would}added, {len(report.updated)} {would}updated,"
        f" {len(report.unchanged)} unchanged, {len(report.failed)} failed"
    ]
    lines += [f"failed: {failed.path}: {failed.reason}" for failed in report.failed]
    return "\n".join(lines)
