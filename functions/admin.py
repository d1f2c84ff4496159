"""Operator commands on the functions' database (the one in ``RENSA_DATABASE_URL``).

    python -m functions.admin create-key [--name NAME] [--account ACCOUNT_ID] [--scopes clean,check,...]
    python -m functions.admin grant-credits ACCOUNT_ID ROWS --reason "why (support case)"
    python -m functions.admin migrate

``create-key`` is how local development authenticates without Google: it creates an account (unless
``--account`` names one) and an API key, and prints the key once as JSON.
"""

from __future__ import annotations

import argparse
import json
import sys

from functions import adapters
from functions.adapters.auth import SCOPES


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m functions.admin", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    key = commands.add_parser("create-key", help="create an account (or use one) and an API key")
    key.add_argument("--name", default="local development")
    key.add_argument("--account", help="existing account id; default: a new account")
    key.add_argument("--scopes", default=",".join(SCOPES), help=f"comma-separated, from: {', '.join(SCOPES)}")
    grant = commands.add_parser("grant-credits", help="add prepaid credits (rows) to an account")
    grant.add_argument("account")
    grant.add_argument("rows", type=int, help="credits to add (negative: take back)")
    grant.add_argument("--reason", required=True, help="why, for the ledger (a support case, a goodwill grant)")
    commands.add_parser("migrate", help="bring the database schema up to date")
    args = parser.parse_args(argv)

    db = adapters.get_db()
    if args.command == "migrate":
        print(json.dumps({"migrated": True, "database": adapters.get_settings().database_url}))
    elif args.command == "create-key":
        scopes = sorted({s.strip() for s in args.scopes.split(",") if s.strip()})
        unknown = [s for s in scopes if s not in SCOPES]
        if unknown:
            parser.error(f"unknown scope {unknown[0]!r}; use: {', '.join(SCOPES)}")
        if args.account and not db.account_exists(args.account):
            parser.error(f"there is no account {args.account!r}")
        account_id = args.account or db.create_account(args.name)
        plaintext, prefix, key_hash = adapters.get_auth().new_key()
        record = db.add_api_key(account_id, name=args.name, prefix=prefix, key_hash=key_hash, scopes=scopes)
        print(json.dumps({"account_id": account_id, "key": plaintext, "id": record["id"], "scopes": scopes}))
    else:
        if not db.account_exists(args.account):
            parser.error(f"there is no account {args.account!r}")
        if not args.reason.strip():
            parser.error("say why with --reason")
        try:
            balance = adapters.get_billing().grant_credits(args.account, args.rows, note="admin", reason=args.reason.strip())
        except ValueError as error:
            parser.error(str(error))
        print(json.dumps({"account_id": args.account, "credits_left": balance, "reason": args.reason.strip()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
