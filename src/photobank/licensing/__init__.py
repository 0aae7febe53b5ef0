"""Products, entitlements, downloads, history, orders and usage: the licensing domain.

Every rule lives here so that each API skin (v3 now, the legacy API later)
licenses through the same services and the same records.
"""
