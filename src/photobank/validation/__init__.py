"""Checking exchanges against Getty's contracts: the v3 OpenAPI document and the
legacy wire format. Used by ``photobank proxy --validate`` on real traffic and,
with ``PHOTOBANK_VALIDATE``, on the emulator's own answers."""
