"""Teams and Stripe billing: an account is a team of Google users; Stripe purchases, events and ledger references.

``account_members`` maps Google identities to accounts with a role (``owner`` or ``member``). A row without
``google_sub`` is an invitation, claimed by the first sign-in whose verified e-mail matches; ``removed_at``
ends a membership at once (the row stays so that a removed person is refused, not given a new account).
Every existing account with a Google identity becomes a one-member team owned by that identity.

``accounts`` gains the currency its packs are priced in, the payment mode (``credits`` or ``monthly``) and
its Stripe customer and subscription. ``usage_ledger`` gains ``reference`` (a Stripe Checkout Session or
refund, unique per kind: a session is granted once), ``reason`` (why support granted credits) and
``billed_rows`` (rows beyond free tier and credits on a monthly account, reported to Stripe's meter).
``stripe_events`` records every accepted Stripe event id (idempotency); ``purchases`` one row per Checkout
Session (no card data: amounts, currency, status and Stripe ids only).

Revision ID: i13a
Revises: i11a
"""

import datetime as dt
import secrets

import sqlalchemy as sa
from alembic import op

revision = "i13a"
down_revision = "i11a"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "account_members",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("account_id", sa.String(40), sa.ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("email", sa.String(320), nullable=True),
        sa.Column("google_sub", sa.String(255), nullable=True),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("invited_by", sa.String(40), nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("joined_at", TZ, nullable=True),
        sa.Column("removed_at", TZ, nullable=True),
        sa.UniqueConstraint("account_id", "email", name="uq_members_account_email"),
        sa.UniqueConstraint("account_id", "google_sub", name="uq_members_account_sub"),
    )
    op.create_index("ix_members_sub", "account_members", ["google_sub"])
    op.create_index("ix_members_email", "account_members", ["email"])
    with op.batch_alter_table("accounts") as batch:
        batch.add_column(sa.Column("currency", sa.String(3), nullable=False, server_default="SEK"))
        batch.add_column(sa.Column("payment_mode", sa.String(10), nullable=False, server_default="credits"))
        batch.add_column(sa.Column("stripe_customer_id", sa.String(255), nullable=True))
        batch.add_column(sa.Column("stripe_subscription_id", sa.String(255), nullable=True))
    with op.batch_alter_table("usage_ledger") as batch:
        batch.add_column(sa.Column("reference", sa.String(255), nullable=True))
        batch.add_column(sa.Column("reason", sa.String(300), nullable=True))
        batch.add_column(sa.Column("billed_rows", sa.Integer, nullable=False, server_default="0"))
        batch.create_unique_constraint("uq_usage_reference", ["kind", "reference"])
    op.create_index("ix_usage_unreported", "usage_ledger", ["stripe_reported_at", "billed_rows"])
    op.create_table(
        "stripe_events",
        sa.Column("id", sa.String(255), primary_key=True),
        sa.Column("type", sa.String(100), nullable=False),
        sa.Column("account_id", sa.String(40), nullable=True),
        sa.Column("outcome", sa.String(40), nullable=False),
        sa.Column("received_at", TZ, nullable=False),
    )
    op.create_table(
        "purchases",
        sa.Column("id", sa.String(255), primary_key=True),  # the Checkout Session id
        sa.Column("account_id", sa.String(40), sa.ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),  # pack | monthly
        sa.Column("credits", sa.Integer, nullable=False),
        sa.Column("amount", sa.Integer, nullable=False),  # minor units (öre, cents)
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),  # open | paid | refunded | partly_refunded
        sa.Column("payment_intent", sa.String(255), nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("paid_at", TZ, nullable=True),
        sa.Column("amount_refunded", sa.Integer, nullable=False, server_default="0"),
        sa.Column("credits_taken_back", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_index("ix_purchases_account", "purchases", ["account_id", "created_at"])
    op.create_index("ix_purchases_payment_intent", "purchases", ["payment_intent"])

    # Every account with a Google identity becomes a one-member team owned by it.
    bind = op.get_bind()
    accounts = sa.table("accounts", sa.column("id"), sa.column("google_sub"), sa.column("email"), sa.column("created_at"))
    members = sa.table(
        "account_members", sa.column("id"), sa.column("account_id"), sa.column("email"), sa.column("google_sub"),
        sa.column("role"), sa.column("created_at"), sa.column("joined_at"),
    )
    rows = bind.execute(sa.select(accounts.c.id, accounts.c.google_sub, accounts.c.email, accounts.c.created_at)
                        .where(accounts.c.google_sub.isnot(None))).all()
    now = dt.datetime.now(dt.UTC)
    for account_id, sub, email, created in rows:
        bind.execute(sa.insert(members).values(
            id=f"mem_{secrets.token_hex(10)}", account_id=account_id, email=(email or None) and email.strip().lower(),
            google_sub=sub, role="owner", created_at=created or now, joined_at=created or now,
        ))


def downgrade() -> None:
    op.drop_table("purchases")
    op.drop_table("stripe_events")
    op.drop_index("ix_usage_unreported", "usage_ledger")
    with op.batch_alter_table("usage_ledger") as batch:
        batch.drop_constraint("uq_usage_reference", type_="unique")
        batch.drop_column("billed_rows")
        batch.drop_column("reason")
        batch.drop_column("reference")
    with op.batch_alter_table("accounts") as batch:
        batch.drop_column("stripe_subscription_id")
        batch.drop_column("stripe_customer_id")
        batch.drop_column("payment_mode")
        batch.drop_column("currency")
    op.drop_index("ix_members_email", "account_members")
    op.drop_index("ix_members_sub", "account_members")
    op.drop_table("account_members")
