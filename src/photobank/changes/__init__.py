"""Asset-change notifications for partners, read from the catalog's change log.

Every committed ingest, update and delete is already in ``asset_changes``
(see :mod:`photobank.catalog.repository`); this package delivers that log to
partners the way Getty's v3 asset-changes operations do.

Who has which channels: a *partner* is an API client. Each client has one
channel per asset family (creative, editorial) and asset type (image, video),
provisioned the first time it lists its channels; any access token issued to
that client (app-only or a customer's) reads them, and no client sees another's.
A new channel starts with everything still retained, so a partner's first
batches are the catalog as it stands.

What a channel carries: ``New`` for an ingest and ``Update`` for a
re-ingest or update, of the channel's family and type; ``Delete`` for every
delete, on every channel, with no asset type (the asset is gone, so its family
is unknown, as Getty warns). Changes older than 60 days drop out, as Getty's
partner channels do. Changes of an asset deleted since are left out: the
delete that follows says all a partner needs.

Withdrawals: an asset taken off offer is reported as Getty reports a removed
one, ``Delete``, but on its own family's and type's channel and with its asset
type (it still exists). While it stays withdrawn its other changes are held
back; once restored, the restore (or the first change after the withdrawal)
is ``New``, so a partner that dropped it fetches it again.

Change-sets: a ``PUT`` hands out the oldest pending changes of a channel as
one change-set; until it is confirmed (``DELETE``) every ``PUT`` re-delivers
the same set, unchanged; confirming moves the channel's cursor past it.
"""
