"""What ``onward demo`` needs: the whole story against a throwaway local Dovecot, no mailbox needed.

* :mod:`.dovecot` - the throwaway Dovecot (also the test suite's and bench/'s IMAP server)
* :mod:`.dovecot_setup` - its configuration files, users and free ports
* :mod:`.samples` - the sample job emails
* :mod:`.story` - ``onward demo`` itself: seed, two passes, the draft shown
"""
