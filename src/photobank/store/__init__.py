"""The record store: SQLAlchemy Core tables, engine set-up and migrations."""
