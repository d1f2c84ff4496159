"""Tables for public company data (migration ``i16a``): the registries' answers with the day they were
fetched, and each change feed's cursor. Nothing here comes from a customer's register but the org
numbers the registries were asked about, which are public identifiers."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Date, String, Table, Text

from functions.schema import metadata

company_facts = Table(
    "company_facts",
    metadata,
    Column("country", String(2), primary_key=True),
    Column("org_id", String(20), primary_key=True),
    Column("facts", Text, nullable=False),  # core.companies.CompanyFacts as JSON
    Column("fetched_on", Date, nullable=False, index=True),
)

company_feeds = Table(
    "company_feeds",
    metadata,
    Column("registry", String(40), primary_key=True),
    Column("cursor", BigInteger, nullable=True),
    Column("read_on", Date, nullable=False),
)
