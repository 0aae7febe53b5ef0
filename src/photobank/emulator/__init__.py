"""Emulator mode: the controls a test suite needs around a faithful Getty stand-in.

Clock control, reset to a seeded state (and named snapshots), a request
journal with verification, fault rules and per-request fault overrides,
fixtures with caller-chosen ids, and direct quota settings, all under one
reserved path prefix guarded by an admin token. Importing this package is
cheap: the pytest plugin imports its client on every test run.
"""

PREFIX = "/__photobank"
SEED_SNAPSHOT = "seed"
