"""The prediction log: the predictions table and its indexes.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "predictions",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True),
        sa.Column("request_id", sa.String(128), nullable=False),
        sa.Column(
            "time_ms", sa.BigInteger(), nullable=False, comment="Arrival, Unix milliseconds (UTC)."
        ),
        sa.Column("route", sa.String(256), nullable=False),
        sa.Column("model", sa.String(128)),
        sa.Column("version", sa.String(32)),
        sa.Column("status", sa.SmallInteger(), nullable=False),
        sa.Column("status_class", sa.SmallInteger(), nullable=False, comment="status // 100"),
        sa.Column("latency_ms", sa.Double(), nullable=False),
        sa.Column("timings", _JSON),
        sa.Column("caller", sa.String(64)),
        sa.Column("inputs", _JSON),
        sa.Column("outputs", _JSON),
        sa.Column(
            "top_labels", _JSON, comment="The top label of each item, for the label statistics."
        ),
        sa.Column("problem", _JSON),
        sa.Column("raw_inputs", _JSON),
    )
    op.create_index("ix_predictions_request_id", "predictions", ["request_id"])
    op.create_index("ix_predictions_time_ms", "predictions", ["time_ms"])
    op.create_index("ix_predictions_model_time", "predictions", ["model", "version", "time_ms"])


def downgrade() -> None:
    op.drop_index("ix_predictions_model_time", table_name="predictions")
    op.drop_index("ix_predictions_time_ms", table_name="predictions")
    op.drop_index("ix_predictions_request_id", table_name="predictions")
    op.drop_table("predictions")
