"""Reference lists the field modules read (package data; see docs/fields.md)."""
