"""Suppression lists a user uploads: reading the delivered file, and storage as keyed hashes (issue 17)."""
