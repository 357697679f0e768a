"""One module per output medium; each escapes text for its own medium."""
