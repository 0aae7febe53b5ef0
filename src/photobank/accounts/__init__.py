"""Accounts: API clients (Api-Key and secret) and customers (username and password)."""
