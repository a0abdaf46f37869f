"""Alembic's environment: migrate the connection that `predictions.database.migrate` passes in."""

from __future__ import annotations

from alembic import context

from inferstack_gateway.predictions.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through inferstack_gateway.predictions.database.migrate")
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
