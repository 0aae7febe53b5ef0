"""The one pipeline that writes assets.

Sources (emulator fixtures, the demo generator, folders of files) only make
:class:`~photobank.ingest.drafts.Draft` records and original files; the
:class:`~photobank.ingest.writer.AssetWriter` turns them into stored assets:
ids, reference data, blurhash, dominant colour, visual signatures, originals,
the asset-changes log and with it the search index.
"""
