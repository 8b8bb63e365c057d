"""Shared pytest fixtures: databases (SQLite and PostgreSQL) and the replica."""

pytest_plugins = ["tests.support.db", "tests.support.replica"]
