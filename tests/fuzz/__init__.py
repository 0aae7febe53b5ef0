"""Schemathesis runs over the OpenAPI document photobank serves: every operation,
in process, with a customer's Api-Key and bearer token."""
