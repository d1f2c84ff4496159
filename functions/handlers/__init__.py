"""One module per endpoint; each handler authorizes, parses, calls core, persists and responds."""
