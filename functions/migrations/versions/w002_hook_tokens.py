"""Used Mailgun signature tokens per connection (replay protection), kept until the token expires.

Revision ID: w002
Revises: w001
"""

import sqlalchemy as sa
from alembic import op

revision = "w002"
down_revision = "w001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hook_tokens",
        sa.Column("connection_id", sa.String(40), sa.ForeignKey("hook_connections.id", ondelete="CASCADE"), nullable=False),
        sa.Column("token", sa.String(200), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("connection_id", "token", name="pk_hook_tokens"),
    )
    op.create_index("ix_hook_tokens_expires_at", "hook_tokens", ["expires_at"])


def downgrade() -> None:
    op.drop_table("hook_tokens")
