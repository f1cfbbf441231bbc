"""The record of applications: company and role from an email (:mod:`.applications`), what one
classified email does to the record (:mod:`.outcomes`), and the SQLite store (:mod:`.store`)."""
