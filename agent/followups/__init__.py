"""Follow-ups: when one is due (:mod:`.schedule`) and what its draft says and carries (:mod:`.draft`)."""
