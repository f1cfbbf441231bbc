"""Onward: a local inbox agent for job seekers.

Onward reads mail over IMAP (read-only: EXAMINE + BODY.PEEK, so no flag ever changes), classifies
job emails with a small local scikit-learn model, records each application's outcome in a local
database and, some weeks after a rejection, saves a thank-you follow-up into the Drafts folder for
the user to review. It never sends, deletes, moves or marks mail.
"""

__version__ = "0.1.0"
