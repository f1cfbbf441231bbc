"""``onward web [--port N] [--no-browser]``: the local web app on 127.0.0.1, served by waitress.

The address printed (and opened in the browser) carries a random token, as Jupyter's does:
``http://127.0.0.1:PORT/?token=…``. The server listens on the loopback address only; the port is
``--port`` (default :data:`DEFAULT_PORT`; when that one is taken, a free one is used and printed).
"""

from __future__ import annotations

import argparse
import errno
import html
import os
import signal
import sys
import tempfile
import webbrowser
from pathlib import Path
from typing import Any

from waitress.server import create_server

from agent.cli.common import EXIT_CONFIG, EXIT_OK, CliError, open_store, settings_for
from agent.web.app import Web, create_app
from agent.web.bridge import Commands
from agent.web.security import Keys

DEFAULT_PORT = 8741  # also named in the help of ``onward web --port`` (agent/cli/__init__.py)
HOST = "127.0.0.1"


def cmd_web(args: argparse.Namespace, commands: Commands) -> int:
    """``onward web``; ``commands`` is the CLI's ``main``, which runs each action of the app."""
    if args.port is not None and not 0 <= args.port <= 65535:
        raise CliError(f"--port {args.port}: expected 0 to 65535", EXIT_CONFIG)
    settings = settings_for(args, required=False)
    store = open_store(settings)
    web = Web(settings=settings, store=store, keys=Keys(port=0), commands=commands, config=args.config)
    app = create_app(web)
    server = _bind(app, args.port)
    web.keys.port = int(server.effective_port)
    url = web.keys.url()
    print(f"Onward is at {url}\n(only this computer can reach it; Ctrl-C stops it)", flush=True)
    opener = None if args.no_browser else _open_browser(url)
    signal.signal(signal.SIGTERM, _interrupt)  # ``kill``: the same tidy end as Ctrl-C
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        web.training.stop()
        server.close()
        store.close()
        if opener is not None:
            opener.unlink(missing_ok=True)
    return EXIT_OK


def _interrupt(_signum: int, _frame: Any) -> None:
    raise KeyboardInterrupt


def _open_browser(url: str) -> Path | None:
    """Open the app in the browser through a private file that redirects to ``url`` (as Jupyter does):
    a browser started with the address itself would show the token to every local user in ``ps``."""
    fd, name = tempfile.mkstemp(prefix="onward-web-", suffix=".html")  # mkstemp: 0600
    target = html.escape(url, quote=True)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(f'<!DOCTYPE html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url={target}">'
                 f'<title>Onward</title><p><a href="{target}">Open Onward</a></p>\n')
    path = Path(name)
    if not webbrowser.open(path.as_uri()):
        path.unlink(missing_ok=True)
        return None
    return path


def _bind(app: Any, port: int | None) -> Any:
    """The waitress server on 127.0.0.1: the port asked for, or the default, else any free port."""
    opts = {"host": HOST, "threads": 4, "ident": "onward", "clear_untrusted_proxy_headers": True}
    try:
        return create_server(app, port=DEFAULT_PORT if port is None else port, **opts)
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise CliError(f"cannot listen on {HOST}: {exc.strerror or exc}", EXIT_CONFIG) from None
        if port is not None:
            raise CliError(f"--port {port}: already in use (try another, or --port 0 for any free one)",
                           EXIT_CONFIG) from None
        print(f"port {DEFAULT_PORT} is taken: using a free one", file=sys.stderr)
        return create_server(app, port=0, **opts)
