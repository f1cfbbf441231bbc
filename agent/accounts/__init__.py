"""Accounts: several mailboxes in one daemon, OAuth2 sign-in (Microsoft, Google, a token command),
where refresh tokens are kept, and what each account's last pass left behind (``onward status``).

* :mod:`.passwords` - a password account's password (env, command, keyring), never logged
* :mod:`.secrets` - refresh tokens in the system keyring, else in a private file
* :mod:`.tokens` - token providers behind ``get_access_token(force_refresh=False)``
* :mod:`.state` - per-account state in the database (last pass, last error, needs login)
"""
