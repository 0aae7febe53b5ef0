"""photobank: a self-hosted server that speaks the Getty Images Connect API."""

__version__ = "0.1.0"
