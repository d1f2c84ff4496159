"""Webhook connections, received events (unique per connection and event id), suppression list.

Revision ID: w001
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "w001"
down_revision = "0001"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "hook_connections",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("account_id", sa.String(40), sa.ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("register_id", sa.String(40), sa.ForeignKey("registers.id", ondelete="CASCADE"), nullable=False),
        sa.Column("provider", sa.String(20), nullable=False),
        sa.Column("email_column", sa.String(200), nullable=False),
        sa.Column("secrets", sa.Text, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("last_event_at", TZ, nullable=True),
        sa.Column("last_flush_at", TZ, nullable=True),
        sa.Column("last_error", sa.Text, nullable=True),
        sa.Column("retry_after", TZ, nullable=True),
        sa.Column("failures", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_index("ix_hook_connections_account_id", "hook_connections", ["account_id"])
    op.create_table(
        "hook_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("connection_id", sa.String(40), sa.ForeignKey("hook_connections.id", ondelete="CASCADE"), nullable=False),
        sa.Column("event_id", sa.String(200), nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("terminal", sa.Boolean, nullable=False),
        sa.Column("rule", sa.String(100), nullable=False),
        sa.Column("provider_event", sa.String(100), nullable=False),
        sa.Column("reason", sa.String(500), nullable=True),
        sa.Column("message_id", sa.String(300), nullable=True),
        sa.Column("new_email", sa.String(320), nullable=True),
        sa.Column("occurred_at", TZ, nullable=True),
        sa.Column("received_at", TZ, nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("applied_at", TZ, nullable=True),
        sa.UniqueConstraint("connection_id", "event_id", name="uq_hook_events_connection_event"),
    )
    op.create_index("ix_hook_events_pending", "hook_events", ["connection_id", "state"])
    op.create_index("ix_hook_events_email", "hook_events", ["connection_id", "email"])
    op.create_table(
        "suppressions",
        sa.Column("account_id", sa.String(40), sa.ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("email_hash", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("account_id", "email_hash", name="pk_suppressions"),
    )


def downgrade() -> None:
    op.drop_table("suppressions")
    op.drop_table("hook_events")
    op.drop_table("hook_connections")
