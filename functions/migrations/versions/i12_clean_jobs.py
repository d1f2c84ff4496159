"""Sidebar clean jobs: the whole job's rows are reserved at start and the unused rest released at the end.

Revision ID: i12a
Revises: i15a
"""

import sqlalchemy as sa
from alembic import op

revision = "i12a"
down_revision = "i15a"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "clean_jobs",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("account_id", sa.String(40), sa.ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("reservation_id", sa.Integer, nullable=True),
        sa.Column("rows_reserved", sa.Integer, nullable=False),
        sa.Column("rows_used", sa.Integer, nullable=False),
        sa.Column("free_rows", sa.Integer, nullable=False),
        sa.Column("credit_rows", sa.Integer, nullable=False),
        sa.Column("rows_unchanged", sa.Integer, nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_clean_jobs_account_created", "clean_jobs", ["account_id", "created_at"])


def downgrade() -> None:
    op.drop_table("clean_jobs")
