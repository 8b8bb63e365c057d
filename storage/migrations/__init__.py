"""Alembic migrations of the policywatch schema."""
