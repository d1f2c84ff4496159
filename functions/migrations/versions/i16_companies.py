"""Public company data from the registries, cached with its fetch date, and the change feeds' cursors.

Revision ID: i16a
Revises: i13a
"""

import sqlalchemy as sa
from alembic import op

revision = "i16a"
down_revision = "i13a"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "company_facts",
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("org_id", sa.String(20), nullable=False),
        sa.Column("facts", sa.Text, nullable=False),
        sa.Column("fetched_on", sa.Date, nullable=False),
        sa.PrimaryKeyConstraint("country", "org_id", name="pk_company_facts"),
    )
    op.create_index("ix_company_facts_fetched_on", "company_facts", ["fetched_on"])
    op.create_table(
        "company_feeds",
        sa.Column("registry", sa.String(40), primary_key=True),
        sa.Column("cursor", sa.BigInteger, nullable=True),
        sa.Column("read_on", sa.Date, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("company_feeds")
    op.drop_table("company_facts")
