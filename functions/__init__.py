"""Rensa's serverless HTTP functions: the ``api`` and ``hooks`` targets, auth, storage, Sheets I/O, billing."""
