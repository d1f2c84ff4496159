"""Storage of connections (secrets Fernet-encrypted), the event queue and the suppression list.

Every read or change of a connection is scoped by ``account_id``, except ``connection_for_hook``: a
webhook call names only the connection id, and is authenticated by the provider's signature instead.
Events are inserted with ON CONFLICT DO NOTHING on (connection, event id), so a re-delivery changes nothing.

No register contents at rest: an event is kept with the keyed hash of its address (``email_hash``, the key
the suppression list uses, so a flagged event's hash goes on the list as it is), keyed hashes of its event
and message ids, and its reason with addresses cut out. Addresses are hashed under the account's own key
(``functions.keys``, purpose ``hook-addresses``), so the same address hashes differently in two accounts;
event and message ids, which name no customer across accounts, under the server-wide key. Hashes made
before migration ``i19b`` under the server-wide key are marked (key version ``SERVER_KEY``) and re-keyed when
their address is seen again, before it is matched (``rekey``). The one thing that must be kept to be applied, the
new address of an address change, is Fernet-encrypted with the connection secrets' key while the event is
pending and cleared when it settles (applied or recorded) or, at the latest, ``ADDRESS_HOLD`` after it
arrived (``expire_held_addresses``). The flush finds an event's rows by hashing the sheet's addresses.

The receive path is hot (one call per event for most providers), so it costs one autocommit multi-row
INSERT (plus the pool's ping; Mailgun adds its token INSERT): the connection and its decrypted secrets are cached per instance for
``cache_seconds`` (default 30 s; dropped at once on a secrets change or delete in this instance; another
instance may use the old secrets for at most that long, and an event for a connection deleted elsewhere
fails on the foreign key and answers 404), and ``last_event_at`` is written at most once a minute per
connection and instance.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
import time
from collections.abc import Iterable

from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import Engine, and_, bindparam, delete, func, insert, or_, select, union, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from core.i18n import N_, translator
from core.i18n.stored import Said, code_of, shown
from core.webhooks import BounceEvent, Nonce, WebhookRejected
from core.webhooks.privacy import id_hash, without_addresses
from core.webhooks.suppression import email_hash
from functions.adapters.db import is_foreign_key_violation, iso, new_id, utcnow, written
from functions.errors import NotConfigured
from functions.keys import HOOK_ADDRESSES, account_key, master_key
from functions.webhooks.notes import KIND_WORDS, QUEUED, address_expired
from functions.webhooks.schema import ACCOUNT_KEY, SERVER_KEY, hook_connections, hook_events, hook_tokens, suppressions

CONNECTION_FIELDS = ("id", "register_id", "provider", "email_column", "created_at", "last_event_at", "last_flush_at",
                     "last_error", "retry_after")


def _json(row, names) -> dict:
    return {n: (iso(v) if isinstance(v, dt.datetime) else v) for n, v in zip(names, row)}


def said_in(language: str, connection: dict) -> dict:
    """A connection (as ``get_connection`` gives it) with its last problem said in ``language`` and its code
    beside it: the flush keeps the problem as a sentence to say (``Said``), not in one language."""
    return {**connection, "last_error": shown(connection.get("last_error"), language),
            "last_error_code": code_of(connection.get("last_error"))}


def note_in(language: str, event: dict) -> dict:
    """An event (as ``events`` gives it) with its note said in ``language``, the note's code beside it, and
    its kind in words (``kind_text``; ``kind`` stays the code)."""
    kind = KIND_WORDS.get(event.get("kind") or "")
    return {**event, "note": shown(event.get("note"), language), "note_code": code_of(event.get("note")),
            "kind_text": translator(language)._(kind) if kind else event.get("kind")}


_QUEUED = QUEUED.to_json()

#: The longest an address change's new address is kept (encrypted) while its event waits for a flush that can
#: write it; after that the event is recorded as not applied and the address cleared.
ADDRESS_HOLD = dt.timedelta(days=14)

#: How long a settled event (its hashes, kind and dates) is kept: the soft-bounce policy's history and the
#: Newsletter tab's list. Older ones are deleted by the scheduled flush; what they decided stays (the
#: suppression list, the sheet). A year is far longer than any provider's retries or the policy's 7 days.
EVENT_RETENTION = dt.timedelta(days=365)


class HookStore:
    """Connections, events and suppressions on the shared engine."""

    #: How often ``last_event_at`` is written per connection (seconds); it is shown, not used for decisions.
    TOUCH_SECONDS = 60

    #: How long an account found with no hash under the old key is not asked again (seconds): new ones can come
    #: only from a server still running the release before ``i19b`` during a deploy.
    OLD_KEY_RECHECK_SECONDS = 600

    def __init__(self, engine: Engine, *, secrets_key: str, hash_key: bytes, account_master: bytes,
                 cache_seconds: float = 30.0, clock=time.monotonic) -> None:
        self.engine = engine
        self.cache_seconds = cache_seconds
        self._clock = clock
        self._hooks: dict[str, tuple[float, tuple[str, str, dict]]] = {}
        self._touched: dict[str, float] = {}
        self._lock = threading.Lock()
        self._fernet = Fernet(secrets_key.encode()) if secrets_key else None
        self.hash_key = hash_key
        self._account_master = account_master
        self._no_old_keys: dict[str, float] = {}
        dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
        self._insert = dialect.insert
        self._autocommit = engine.execution_options(isolation_level="AUTOCOMMIT")  # same pool
        self._insert_events = dialect.insert(hook_events).on_conflict_do_nothing(
            index_elements=["connection_id", "event_id"]).returning(hook_events.c.id)

    # secrets, and the new address of a pending address change: Fernet with RENSA_SECRETS_KEY
    def _cipher(self) -> Fernet:
        if self._fernet is None:
            raise NotConfigured(N_("Newsletter connections need RENSA_SECRETS_KEY (a Fernet key) on the server."),
                                code="server.no_secrets_key")
        return self._fernet

    def _seal(self, secrets: dict) -> str:
        return self._cipher().encrypt(json.dumps(secrets).encode()).decode()

    def _open(self, token: str) -> dict:
        try:
            return json.loads(self._cipher().decrypt(token.encode()))
        except InvalidToken as e:
            raise NotConfigured(N_("The connection's secrets cannot be read with this server's key."),
                                code="server.bad_secrets_key") from e

    def open_address(self, sealed: str | None) -> str | None:
        """The new address of a pending address change, or None when there is none or it cannot be read with
        this server's key (then the change cannot be applied; the flush records it as such)."""
        if not sealed:
            return None
        try:
            return self._cipher().decrypt(sealed.encode()).decode()
        except InvalidToken:
            return None

    # keyed hashes: addresses under the account's key (the suppression list's), ids under the server-wide key
    def account_key(self, account_id: str) -> bytes:
        """The key of the account's address hashes (``functions.keys``, purpose ``hook-addresses``)."""
        return account_key(self._account_master, account_id, purpose=HOOK_ADDRESSES)

    def address_key(self, account_id: str, address: str) -> str:
        """What an address is kept as in the account: ``email_hash`` under its key (trimmed, lower-cased first)."""
        return email_hash(address, self.account_key(account_id))

    def old_address_key(self, address: str) -> str:
        """What an address was kept as before migration ``i19b``: ``email_hash`` under the server-wide key."""
        return email_hash(address, self.hash_key)

    def event_key(self, event_id: str) -> str:
        """What a provider's event id is kept as: a keyed hash of it as it was stored before hashing
        (``_event_key``), so an event stored before migration ``i19a`` still stops its re-delivery."""
        return id_hash(_event_key(event_id), self.hash_key, purpose="event")

    # connections
    def add_connection(self, account_id: str, *, register_id: str, provider: str, email_column: str, secrets: dict) -> dict:
        connection_id = new_id("con")
        row = {"id": connection_id, "account_id": account_id, "register_id": register_id, "provider": provider,
               "email_column": email_column, "secrets": self._seal(secrets), "created_at": utcnow(), "failures": 0}
        with self.engine.begin() as conn:
            conn.execute(insert(hook_connections).values(**row))
        return written(self.get_connection(account_id, connection_id), "the webhook connection")

    def set_secrets(self, account_id: str, connection_id: str, secrets: dict) -> bool:
        with self.engine.begin() as conn:
            current = conn.execute(select(hook_connections.c.secrets).where(
                hook_connections.c.id == connection_id, hook_connections.c.account_id == account_id)).scalar()
            if current is None:
                return False
            merged = {**self._open(current), **secrets}
            conn.execute(update(hook_connections).where(hook_connections.c.id == connection_id)
                         .values(secrets=self._seal(merged)))
        self.forget(connection_id)
        return True

    def get_connection(self, account_id: str, connection_id: str) -> dict | None:
        cols = [hook_connections.c[n] for n in CONNECTION_FIELDS]
        with self.engine.connect() as conn:
            row = conn.execute(select(*cols).where(hook_connections.c.id == connection_id,
                                                   hook_connections.c.account_id == account_id)).first()
        return None if row is None else _json(row, CONNECTION_FIELDS)

    def list_connections(self, account_id: str) -> list[dict]:
        cols = [hook_connections.c[n] for n in CONNECTION_FIELDS]
        with self.engine.connect() as conn:
            rows = conn.execute(select(*cols).where(hook_connections.c.account_id == account_id)
                                .order_by(hook_connections.c.created_at))
            return [_json(r, CONNECTION_FIELDS) for r in rows]

    def delete_connection(self, account_id: str, connection_id: str) -> bool:
        with self.engine.begin() as conn:
            conn.execute(delete(hook_tokens).where(hook_tokens.c.connection_id.in_(
                select(hook_connections.c.id).where(hook_connections.c.id == connection_id,
                                                    hook_connections.c.account_id == account_id))))
            conn.execute(delete(hook_events).where(hook_events.c.connection_id.in_(
                select(hook_connections.c.id).where(hook_connections.c.id == connection_id,
                                                    hook_connections.c.account_id == account_id))))
            result = conn.execute(delete(hook_connections).where(hook_connections.c.id == connection_id,
                                                                 hook_connections.c.account_id == account_id))
        self.forget(connection_id)
        return bool(result.rowcount)

    def connection_for_hook(self, connection_id: str) -> tuple[str, str, dict] | None:
        """``(account id, provider, secrets)`` for an incoming webhook call, or None; cached (see above)."""
        now = self._clock()
        with self._lock:
            hit = self._hooks.get(connection_id)
        if hit is not None and hit[0] > now:
            return hit[1]
        with self.engine.connect() as conn:
            row = conn.execute(select(hook_connections.c.account_id, hook_connections.c.provider,
                                      hook_connections.c.secrets).where(hook_connections.c.id == connection_id)).first()
        if row is None:  # not cached: a connection created a moment later must be found at once
            return None
        found = (row[0], row[1], self._open(row[2]))
        with self._lock:
            if len(self._hooks) > 10_000:
                self._hooks.clear()
            self._hooks[connection_id] = (now + self.cache_seconds, found)
        return found

    def forget(self, connection_id: str) -> None:
        """Drop the instance's cached secrets of a connection (after a change or delete)."""
        with self._lock:
            self._hooks.pop(connection_id, None)
            self._touched.pop(connection_id, None)

    def connection_for_flush(self, connection_id: str) -> dict | None:
        cols = [hook_connections.c[n] for n in (*CONNECTION_FIELDS, "account_id", "failures")]
        with self.engine.connect() as conn:
            row = conn.execute(select(*cols).where(hook_connections.c.id == connection_id)).first()
        return None if row is None else dict(zip((*CONNECTION_FIELDS, "account_id", "failures"), row))

    def due_connections(self, now: dt.datetime, *, limit: int) -> list[str]:
        """Connections with pending events that are not backing off (``retry_after`` passed), for a scheduled flush."""
        pending = select(hook_events.c.connection_id).where(hook_events.c.state == "pending")
        query = select(hook_connections.c.id).where(
            hook_connections.c.id.in_(pending),
            or_(hook_connections.c.retry_after.is_(None), hook_connections.c.retry_after <= now)).limit(limit)
        with self.engine.connect() as conn:
            return list(conn.execute(query).scalars())

    def note_flush(self, connection_id: str, *, error: Said | None, retry_after: dt.datetime | None) -> None:
        """After a flush: when, the problem (None: none) kept as a sentence to say on read, and the backoff."""
        values: dict[str, object] = {"last_flush_at": utcnow(), "last_error": error and error.to_json(),
                                     "retry_after": retry_after}
        values["failures"] = (hook_connections.c.failures + 1) if error else 0
        with self.engine.begin() as conn:
            conn.execute(update(hook_connections).where(hook_connections.c.id == connection_id).values(**values))

    # events
    def record(self, connection_id: str, events: list[BounceEvent], *, account_id: str,
               nonce: Nonce | None = None) -> int | None:
        """Queue the events of the account's connection with one multi-row INSERT; returns how many were new
        (re-deliveries are ignored), or None when the connection no longer exists.

        With a ``nonce`` (Mailgun) the token is stored first; a token already used with other content raises
        ``WebhookRejected`` (``webhook.replayed``) and no event is stored.
        """
        now = utcnow()
        own_key = self.account_key(account_id)
        rows = [{key: _storable(value) for key, value in {
            "connection_id": connection_id, "event_id": event_key, "email_hash": email_hash(e.email, own_key),
            "kind": e.kind, "terminal": e.terminal, "rule": e.rule, "provider_event": without_addresses(e.provider_event)[:100],
            "reason": e.reason and without_addresses(e.reason)[:500],
            "message_hash": e.message_id and id_hash(e.message_id[:300], self.hash_key, purpose="message"),
            "new_email_sealed": self._cipher().encrypt(e.new_email.encode()).decode()
            if e.kind == "email_change" and e.new_email else None,
            "new_email_hash": email_hash(e.new_email, own_key) if e.kind == "email_change" and e.new_email else None,
            "email_key_version": ACCOUNT_KEY, "new_email_key_version": ACCOUNT_KEY,
            "occurred_at": e.occurred_at, "received_at": now, "state": "pending", "note": _QUEUED,
        }.items()} for event_key, e in {self.event_key(e.event_id): e for e in events}.items()]
        touch = self._due_touch(connection_id) if rows else False
        if not rows and nonce is None:
            return 0
        try:
            # Autocommit: each statement is its own transaction, saving the BEGIN and COMMIT round trips. The
            # token goes first, so a failure between the two leaves only a token, which the provider's retry
            # (same token, same digest) passes; events are idempotent on their id anyway.
            with self._autocommit.connect() as conn:
                if nonce is not None:
                    self._use_token(conn, connection_id, nonce)
                # executemany with RETURNING: SQLAlchemy sends ONE multi-row INSERT ... ON CONFLICT DO NOTHING
                # (insertmanyvalues), compiled once per process.
                new = len(conn.execute(self._insert_events, rows).all()) if rows else 0
                if touch:
                    conn.execute(update(hook_connections).where(hook_connections.c.id == connection_id)
                                 .values(last_event_at=now))
        except IntegrityError as error:
            if not is_foreign_key_violation(error):
                raise
            self.forget(connection_id)  # the connection was deleted (elsewhere); nothing was stored
            return None
        return new

    def _due_touch(self, connection_id: str) -> bool:
        now = self._clock()
        with self._lock:
            if self._touched.get(connection_id, -1e9) + self.TOUCH_SECONDS > now:
                return False
            self._touched[connection_id] = now
            return True

    def _use_token(self, conn, connection_id: str, nonce: Nonce) -> None:
        stored = conn.execute(self._insert(hook_tokens).values(
            connection_id=connection_id, token=_event_key(nonce.token), digest=nonce.digest, expires_at=nonce.expires_at,
        ).on_conflict_do_nothing(index_elements=["connection_id", "token"]).returning(hook_tokens.c.token)).first()
        if stored is not None:
            return
        digest = conn.execute(select(hook_tokens.c.digest).where(
            hook_tokens.c.connection_id == connection_id, hook_tokens.c.token == _event_key(nonce.token))).scalar()
        if digest != nonce.digest:
            raise WebhookRejected(N_("This signature token was already used for another event: the call is a replay."),
                                  code="webhook.replayed")

    def purge_tokens(self, now: dt.datetime | None = None) -> int:
        """Delete used signature tokens past their expiry (the timestamp check refuses them anyway)."""
        with self.engine.begin() as conn:
            return conn.execute(delete(hook_tokens).where(hook_tokens.c.expires_at < (now or utcnow()))).rowcount

    EVENT_FIELDS = ("id", "event_id", "email_hash", "kind", "terminal", "rule", "provider_event", "reason",
                    "message_hash", "new_email_sealed", "new_email_hash", "occurred_at", "received_at", "state", "note",
                    "applied_at", "email_key_version")

    def events(self, connection_id: str, *, state: str | None = None, hashes: set[str] | None = None,
               limit: int | None = None) -> list[dict]:
        """A connection's events (oldest first; with ``limit``, the newest first), optionally only those in
        ``state`` or about the addresses whose keyed hashes are ``hashes``."""
        cols = [hook_events.c[n] for n in self.EVENT_FIELDS]
        where = [hook_events.c.connection_id == connection_id]
        if state:
            where.append(hook_events.c.state == state)
        if hashes is not None:
            where.append(hook_events.c.email_hash.in_(sorted(hashes)))
        query = select(*cols).where(and_(*where)).order_by(hook_events.c.id.desc() if limit else hook_events.c.id)
        if limit:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            return [dict(zip(self.EVENT_FIELDS, row)) for row in conn.execute(query)]

    def counts(self, connection_id: str) -> dict[str, int]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(hook_events.c.state, func.count()).where(
                hook_events.c.connection_id == connection_id).group_by(hook_events.c.state))
            return {state: n for state, n in rows}

    def mark_waiting(self, ids: list[int], note: Said) -> None:
        kept = note.to_json()
        with self.engine.begin() as conn:
            for chunk in _chunks(ids):
                conn.execute(update(hook_events).where(hook_events.c.id.in_(chunk), hook_events.c.state == "pending")
                             .values(note=kept))

    def settle(self, account_id: str, outcomes: dict[int, tuple[str, Said]], flagged: dict[str, tuple[str, int]]) -> int:
        """Move pending events to ``applied``/``recorded`` with a note, clearing any new address they held,
        and add the flagged addresses (``{email_hash: (kind, key version)}``, the hash as its event holds it)
        to the suppression list, in one transaction. Only still-pending events move, so nothing settles twice."""
        now = utcnow()
        moved = 0
        with self.engine.begin() as conn:
            # One statement sent for all rows (executemany; psycopg pipelines it): each event has its own note.
            params = [{"b_id": event_row, "b_state": state, "b_note": note.to_json()}
                      for event_row, (state, note) in outcomes.items()]
            if params:
                result = conn.execute(update(hook_events).where(
                    hook_events.c.id == bindparam("b_id"), hook_events.c.state == "pending",
                ).values(state=bindparam("b_state"), note=bindparam("b_note"), applied_at=now, new_email_sealed=None),
                    params)
                moved = result.rowcount
            if flagged:
                rows = [{"account_id": account_id, "email_hash": h, "kind": k, "created_at": now, "key_version": v}
                        for h, (k, v) in flagged.items()]
                conn.execute(self._insert(suppressions).values(rows).on_conflict_do_nothing(
                    index_elements=["account_id", "email_hash"]))
        return moved

    def expire_held_addresses(self, now: dt.datetime | None = None, *, connection_id: str | None = None) -> int:
        """Record as not applied every pending address change that has held its new address for longer than
        ``ADDRESS_HOLD`` (the sheet could not be written meanwhile), clearing the address; returns how many."""
        now = now or utcnow()
        where = [hook_events.c.state == "pending", hook_events.c.new_email_sealed.is_not(None),
                 hook_events.c.received_at < now - ADDRESS_HOLD]
        if connection_id is not None:
            where.append(hook_events.c.connection_id == connection_id)
        note = address_expired(ADDRESS_HOLD.days).to_json()
        with self.engine.begin() as conn:
            return conn.execute(update(hook_events).where(*where).values(
                state="recorded", note=note, applied_at=now, new_email_sealed=None)).rowcount

    def purge_settled(self, now: dt.datetime | None = None) -> int:
        """Delete settled events received more than ``EVENT_RETENTION`` ago; returns how many."""
        cutoff = (now or utcnow()) - EVENT_RETENTION
        with self.engine.begin() as conn:
            return conn.execute(delete(hook_events).where(hook_events.c.state != "pending",
                                                          hook_events.c.received_at < cutoff)).rowcount

    def suppression_hashes(self, account_id: str) -> set[str]:
        """The account's suppressed addresses as keyed hashes (those still under the old key too: ``rekey``
        the addresses to match first)."""
        with self.engine.connect() as conn:
            return set(conn.execute(select(suppressions.c.email_hash).where(suppressions.c.account_id == account_id)).scalars())

    # hashes made under the server-wide key before migration i19b
    def rekey(self, account_id: str, addresses: Iterable[str]) -> dict[str, str]:
        """Re-key the account's suppressions and events whose address hash is still under the old server-wide
        key and whose address is among ``addresses`` (those a flush or a clean sees); returns ``{old hash:
        new hash}`` of the addresses re-keyed. Call it before matching ``addresses`` against stored hashes:
        then an address suppressed before ``i19b`` still matches, and matches under the account's key from
        then on. Cheap once the account has no old hash left (``addresses`` is then not even read)."""
        now = self._clock()
        with self._lock:
            if self._no_old_keys.get(account_id, -1e9) > now:
                return {}
        old = self._old_hashes(account_id)
        if not old:
            with self._lock:
                if len(self._no_old_keys) > 10_000:
                    self._no_old_keys.clear()
                self._no_old_keys[account_id] = now + self.OLD_KEY_RECHECK_SECONDS
            return {}
        key = self.account_key(account_id)
        renamed: dict[str, str] = {}
        # email_hash trims and lower-cases: a cell's two forms are mostly one address, hashed once.
        for address in {address.strip().lower() for address in addresses}:
            was = email_hash(address, self.hash_key)
            if was in old:
                renamed[was] = email_hash(address, key)
        if renamed:
            self._rekey_rows(account_id, renamed)
        return renamed

    def _old_hashes(self, account_id: str) -> set[str]:
        """The account's address hashes still under the old key (suppressions and events of its connections)."""
        events = hook_events.c
        connections = select(hook_connections.c.id).where(hook_connections.c.account_id == account_id)
        query = union(
            select(suppressions.c.email_hash).where(suppressions.c.account_id == account_id,
                                                    suppressions.c.key_version == SERVER_KEY),
            select(events.email_hash).where(events.connection_id.in_(connections), events.email_key_version == SERVER_KEY),
            select(events.new_email_hash).where(events.connection_id.in_(connections), events.new_email_hash.is_not(None),
                                                events.new_email_key_version == SERVER_KEY),
        )
        with self.engine.connect() as conn:
            return set(conn.execute(query).scalars())

    def _rekey_rows(self, account_id: str, renamed: dict[str, str]) -> None:
        events = hook_events.c
        connections = select(hook_connections.c.id).where(hook_connections.c.account_id == account_id)
        params = [{"b_old": old, "b_new": new} for old, new in renamed.items()]
        with self.engine.begin() as conn:
            for chunk in _chunks(sorted(renamed)):
                kept = conn.execute(select(suppressions.c.email_hash, suppressions.c.kind, suppressions.c.created_at).where(
                    suppressions.c.account_id == account_id, suppressions.c.key_version == SERVER_KEY,
                    suppressions.c.email_hash.in_(chunk))).all()
                if not kept:
                    continue
                # The re-keyed row goes in before the old one goes, in one transaction: an address flagged again
                # since (already under the new key) keeps that row, and no moment has the address unlisted.
                conn.execute(self._insert(suppressions).values([
                    {"account_id": account_id, "email_hash": renamed[h], "kind": kind, "created_at": at,
                     "key_version": ACCOUNT_KEY} for h, kind, at in kept
                ]).on_conflict_do_nothing(index_elements=["account_id", "email_hash"]))
                conn.execute(delete(suppressions).where(suppressions.c.account_id == account_id,
                                                        suppressions.c.key_version == SERVER_KEY,
                                                        suppressions.c.email_hash.in_([h for h, _, _ in kept])))
            conn.execute(update(hook_events).where(
                events.connection_id.in_(connections), events.email_key_version == SERVER_KEY,
                events.email_hash == bindparam("b_old"),
            ).values(email_hash=bindparam("b_new"), email_key_version=ACCOUNT_KEY), params)
            conn.execute(update(hook_events).where(
                events.connection_id.in_(connections), events.new_email_key_version == SERVER_KEY,
                events.new_email_hash == bindparam("b_old"),
            ).values(new_email_hash=bindparam("b_new"), new_email_key_version=ACCOUNT_KEY), params)


def _chunks(ids: list, size: int = 500):
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def hash_key_of(settings) -> bytes:
    """The server-wide key, derived from ``RENSA_KEY_PEPPER``: of the events' id and message-id hashes, and of
    the address hashes made before migration ``i19b`` (key version ``SERVER_KEY``)."""
    return hashlib.sha256(b"rensa-suppression:" + settings.key_pepper.encode()).digest()


def build_store(settings, engine: Engine) -> HookStore:
    """A HookStore from the settings: the keys of the keyed hashes from ``RENSA_KEY_PEPPER`` (server-wide, and
    the master of the per-account keys), the cipher from ``RENSA_SECRETS_KEY``."""
    return HookStore(engine, secrets_key=settings.secrets_key, hash_key=hash_key_of(settings),
                     account_master=master_key(settings.key_pepper))


def get_store() -> HookStore:
    """The instance's HookStore (same as ``functions.adapters.get_hook_store``)."""
    from functions import adapters

    return adapters.get_hook_store()


def _event_key(value: str) -> str:
    """An event id or token as stored (at most 200 characters, no NUL, which PostgreSQL refuses): a longer or
    odd one becomes a hash of itself, so a provider's retry of that event still finds it and is not lost."""
    if len(value) <= 200 and "\x00" not in value:
        return value
    return "h:" + hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()


def _storable(value):
    """Text without NUL characters (PostgreSQL refuses them in text columns); other values as they are."""
    return value.replace("\x00", "") if isinstance(value, str) and "\x00" in value else value
