"""Rensa's cleaning engine: pure, I/O-free, shared by the CLI, the API and the add-on."""
