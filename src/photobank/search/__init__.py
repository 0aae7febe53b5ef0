"""Search: the parsed query, the backend interface and its implementations."""
