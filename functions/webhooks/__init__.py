"""Webhook connections on the server side: storage, the per-register event queue, flush, suppression list.

``core.webhooks`` reads and classifies a webhook call; this package keeps what it read. Receiving
(``functions/handlers/hooks.py``) only records events, idempotently on (connection, event id), and
answers fast. Applying them to the sheet is a separate ``flush`` that reads the e-mail column once and
writes every flag in one batch; while the sheet cannot be reached the events stay queued with the reason.
"""
