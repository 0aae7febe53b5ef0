"""Uploads through the one ingest pipeline: a run's files in a folder of its own,
each named ``uploads/<file name>`` whichever node takes it, so a changed file of
the same name updates its asset; no copy stays on the node, since the originals
store keeps each original."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO

from photobank.composition import Services
from photobank.ingest.files import Failed
from photobank.ingest.folders import FolderIngest
from photobank.ingest.manifest import Manifest, read_manifest
from photobank.ingest.options import IngestOptions
from photobank.ingest.sources import rename_sources

UPLOADS = "uploads/"  # an upload's source is named uploads/<file name> on every node


def ingest_uploads(
    services: Services,
    options: IngestOptions,
    files: Sequence[tuple[str, BinaryIO]],
    manifest: tuple[str, bytes] | None,
    wait: float,
) -> dict[str, Any]:
    """``files`` (upload name, contents) ingested with ``manifest`` (its file name and
    bytes; its paths name uploaded files); the run's report, as ``ingest --json``.
    Another run holding the catalog's turn for ``wait`` seconds raises
    :class:`~photobank.ingest.turns.IngestBusy`, nothing written."""
    with tempfile.TemporaryDirectory(prefix="photobank-upload-") as folder:
        names = {}
        for name, contents in files:
            contents.seek(0)
            with open(os.path.join(folder, name), "wb") as out:
                shutil.copyfileobj(contents, out)
            names[os.path.join(folder, name)] = UPLOADS + name
        rows, refused = Manifest(), list[Failed]()
        if manifest is not None:
            rows, refused = _uploaded_manifest(Path(folder), *manifest, names)
        ingest = FolderIngest(services, options)
        report = ingest.run(list(names), manifest=rows, names=names, wait=wait)
    result = {"dry_run": options.dry_run, **report.as_dict()}
    result["failed"][:0] = [{"path": f.path, "reason": f.reason} for f in refused]
    return result


def _uploaded_manifest(
    folder: Path, name: str, data: bytes, names: dict[str, str]
) -> tuple[Manifest, list[Failed]]:
    """The manifest's rows; a row whose path names no file of this upload is refused."""
    name = name if Path(name).suffix else f"{name or 'manifest'}.csv"  # rows are named by it
    with tempfile.TemporaryDirectory(dir=folder) as place:
        path = Path(place) / name
        path.write_bytes(data)
        manifest, refused = read_manifest(path, base=folder)  # its paths name uploaded files
    for given, row in list(manifest.rows_by_path.items()):
        if given not in names:
            del manifest.rows_by_path[given]
            named = os.path.relpath(given, folder)
            reason = f"path: '{named}' is not a file uploaded with this manifest"
            refused.append(Failed(row.where, reason))
    return manifest, refused


def adopt_earlier_uploads(services: Services) -> None:
    """Name the sources of files uploaded by an earlier release (which kept them in the
    data directory's ``uploads/`` and stored that path) as uploads are named now, and
    delete those copies: the originals store keeps the files."""
    kept = services.settings.data_dir / "uploads"
    if not kept.is_dir():
        return
    folders = {str(kept), os.path.abspath(kept)}
    for path in rename_sources(services.engine, folders, UPLOADS):
        Path(path).unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        kept.rmdir()  # unless files no asset names are left there
