"""Fast tests of pure code: no server, no network."""
