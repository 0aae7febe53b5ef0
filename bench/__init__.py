"""Benchmarks of photobank over a large demo catalog: ``python -m bench.run``."""
