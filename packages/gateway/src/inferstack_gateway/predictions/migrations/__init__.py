"""Alembic migrations of the prediction log, run by `predictions.database.migrate`."""
