"""Mail in and out: the IMAP connection (:mod:`.imap`) and raw bytes -> :class:`~.types.ParsedEmail`
(:mod:`.parse`, built from :mod:`.headers`, :mod:`.mime` and :mod:`.htmltext`). Nothing here touches
the database or the model."""
