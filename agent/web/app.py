"""The local web app (Flask, Jinja2 templates shipped in the package): board, application page,
review queue, report, status; and the JSON of ``outcomes --json`` / ``followups --json``.

Pages read the record (:mod:`agent.web.board`); every change is an ``onward`` command run through
:mod:`agent.web.bridge` (:data:`ACTIONS`: form fields -> the command line). Works without JavaScript:
every action is a form; ``static/keys.js`` only adds the review queue's keys and posts without reload.
"""

from __future__ import annotations

import email
import email.message
import email.policy
import logging
import re
import secrets
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from flask import Flask, Response, abort, g, jsonify, redirect, render_template, request

from agent import notify
from agent.cli.common import load_classifier
from agent.config import Settings
from agent.followups.drafting import Drafter
from agent.followups.rules import OPEN_STATUSES
from agent.mail.parse import email_text
from agent.model.classifier import EmailText
from agent.record.facts import email_from_facts
from agent.record.rules import AppStatus, Label
from agent.record.store import Store
from agent.report import StopFlag
from agent.web import board, bridge
from agent.web.actions import ACTIONS, CHANGES_MODEL, FormError, label_keys
from agent.web.report import render_page
from agent.web.security import CSP, HEADERS, Keys, report_csp, safe_next
from agent.web.training import Training

log = logging.getLogger("onward")

@dataclass
class Web:
    """One server run: its settings, store, secrets, cached classifier and training."""

    settings: Settings
    store: Store
    keys: Keys
    commands: bridge.Commands  # the CLI's ``main``: every action is an ``onward`` command
    config: str | None = None
    training: Training = field(default_factory=Training)
    flashes: dict[str, list[tuple[bool, str]]] = field(default_factory=dict)
    _clf: Any = None
    _clf_lock: threading.Lock = field(default_factory=threading.Lock)
    # One request at a time touches the database. Each command opens the SQLite file itself (and
    # ``Store.open`` opens and closes it once more to set its mode): POSIX locks belong to the whole
    # process and closing any descriptor of the file drops them all, so no connection of ``store`` may
    # be open meanwhile (it would read a half-written page: "database disk image is malformed").
    lock: threading.RLock = field(default_factory=threading.RLock)

    def classifier(self) -> Any:
        with self._clf_lock:
            if self._clf is None:
                self._clf = load_classifier(self.settings)
            return self._clf

    def forget_classifier(self) -> None:
        with self._clf_lock:
            self._clf = None

    def cli(self, *argv: str) -> bridge.Answer:
        with self.lock:
            self.store.engine.dispose()  # no descriptor of the file is open while the command runs
            return bridge.run(self.commands, argv, self.config)


def create_app(web: Web) -> Flask:
    app = Flask("agent.web", static_folder="static", template_folder="templates")
    app.config.update(MAX_CONTENT_LENGTH=256 * 1024, TEMPLATES_AUTO_RELOAD=False)
    app.jinja_env.autoescape = True  # every template, whatever its file name
    app.jinja_env.globals.update(csrf=web.keys.csrf, statuses=board.statuses, title=board.title)
    keys = web.keys

    @app.before_request
    def guard() -> Any:
        if not keys.host_ok(request.headers.get("Host")):
            return _plain("Refused: this server answers only to 127.0.0.1 and localhost.", 400)
        token = request.args.get("token")
        if token is not None:
            if not keys.token_ok(token):
                return _plain("Refused: wrong token. Open the address that onward web printed.", 403)
            rest = [(k, v) for k, v in request.args.items(multi=True) if k != "token"]
            resp = redirect(request.path + ("?" + urlencode(rest) if rest else ""), 303)
            resp.set_cookie(keys.cookie, keys.token, httponly=True, samesite="Strict", path="/")
            return resp
        if not keys.token_ok(request.cookies.get(keys.cookie)):
            return _plain("Refused: no token. Open the address that onward web printed (with ?token=).", 403)
        if request.method == "POST" and not keys.csrf_ok(request.form.get("csrf"), dict(request.headers)):
            return _plain("Refused: this form did not come from an Onward page (CSRF check failed).", 403)
        return None

    @app.before_request
    def one_at_a_time() -> None:
        web.lock.acquire()
        g.holds_lock = True

    @app.teardown_request
    def release(_exc: BaseException | None) -> None:
        if g.pop("holds_lock", False):
            web.lock.release()

    @app.after_request
    def headers(resp: Response) -> Response:
        resp.headers.setdefault("Content-Security-Policy", CSP)
        resp.headers.update(HEADERS)
        return resp

    def page(template: str, **ctx: Any) -> str:
        flash_id = request.cookies.get("onward_flash", "")
        ctx.setdefault("messages", web.flashes.pop(flash_id, []))
        return render_template(template, **ctx)

    @app.get("/")
    def board_page() -> Any:
        status = request.args.get("status") or None
        if status is not None and status not in board.statuses():
            abort(404)
        filters = board.Filters(account=request.args.get("account") or None, q=request.args.get("q") or None,
                                status=status, page=max(1, _int(request.args.get("page"), 1)))
        with web.store.transaction() as conn:
            columns = board.board(conn, filters)
            accounts = board.accounts(conn)
        per = board.PER_PAGE if status else board.PER_COLUMN
        return page("board.html.j2", columns=columns, accounts=accounts, filters=filters, per=per)

    @app.get("/applications/<int:app_id>")
    def application_page(app_id: int) -> Any:
        find = request.args.get("find") or None
        with web.store.transaction() as conn:
            data = board.application(web.store, conn, app_id, find)
        if data is None:
            abort(404)
        return page("application.html.j2", a=data.app, data=data, find=find or "",
                    sentences=_sentences(web, data), statuses=[s.value for s in AppStatus],
                    drafts=_drafts(web, data), keys=label_keys())

    @app.get("/review")
    def review_page() -> Any:
        answer = web.cli("review", "--json")
        rows = answer.json() if answer.ok else []
        rows.sort(key=lambda r: r.get("received_at") or "", reverse=True)  # newest first
        models = web.cli("model", "list", "--json")
        return page("review.html.j2", rows=rows, error=None if answer.ok else answer.message,
                    keys=label_keys(), models=models.json() if models.ok else [], training=web.training)

    @app.get("/report")
    def report_page() -> Any:
        html_text, style = render_page(web.store, web.settings, account=request.args.get("account") or None)
        resp = Response(html_text, mimetype="text/html")
        resp.headers["Content-Security-Policy"] = report_csp(style)
        return resp

    @app.get("/status")
    def status_page() -> Any:
        answer = web.cli("status", "--json")
        return page("status.html.j2", rows=answer.json() if answer.ok else [],
                    error=None if answer.ok else answer.message, notices=notify.recent(web.store),
                    notify=web.settings.notify, training=web.training)

    @app.get("/api/applications")
    def api_applications() -> Any:
        return _json_of(web.cli("outcomes", "--json", *_account_arg()))

    @app.get("/api/followups")
    def api_followups() -> Any:
        return _json_of(web.cli("followups", "--json", *_account_arg()))

    @app.get("/api/train")
    def api_train() -> Any:
        t = web.training
        return jsonify(running=t.running, code=t.code, lines=t.lines[-200:], started=t.started)

    @app.post("/train")
    def train() -> Any:
        started = web.training.start(web.config, web.forget_classifier)
        _flash(web, started, "training started: the page follows its progress" if started
               else "a training is already running")
        return _back(web, "/review#train")

    @app.post("/actions/<name>")
    def action(name: str) -> Any:
        make = ACTIONS.get(name)
        if make is None:
            abort(404)
        try:
            argv = make(request.form)
        except FormError as exc:
            return _done(web, False, str(exc))
        answer = web.cli(*argv)
        if name in CHANGES_MODEL and answer.ok:
            web.forget_classifier()
        return _done(web, answer.ok, answer.message)

    @app.get("/favicon.ico")
    def favicon() -> Any:
        return Response(status=204)  # no icon (the pages say so too): no 404 in the console

    @app.errorhandler(404)
    def not_found(_exc: Any) -> Any:
        return page("error.html.j2", code=404, text="Nothing here."), 404

    return app


def _int(value: str | None, default: int) -> int:
    return int(value) if value and value.isdigit() else default


def _account_arg() -> list[str]:
    account = request.args.get("account")
    return [f"--account={account}"] if account else []


def _plain(text: str, code: int) -> Response:
    return Response(text + "\n", status=code, mimetype="text/plain")


def _json_of(answer: bridge.Answer) -> Response:
    if answer.ok:
        return Response(answer.out, mimetype="application/json")
    return Response(bridge.json.dumps({"error": answer.message}), status=400, mimetype="application/json")


def _flash(web: Web, ok: bool, message: str) -> None:
    fid = request.cookies.get("onward_flash") or ""
    web.flashes.setdefault(fid, []).append((ok, message))


_APPLICATION_PAGE_RE = re.compile(r"/applications/(\d+)")


def _back(web: Web, default: str) -> Any:
    target = safe_next(request.form.get("next"), default)
    page_of = _APPLICATION_PAGE_RE.fullmatch(target)
    if page_of is not None:
        with web.store.transaction() as conn:
            if web.store.application(conn, int(page_of[1])) is None:
                target = "/"  # the action removed it (a merge, or its only email labelled other): the board
    resp = redirect(target, 303)
    if not request.cookies.get("onward_flash"):  # a new browser: its messages get a key of their own
        fid = secrets.token_urlsafe(16)
        web.flashes[fid] = web.flashes.pop("", [])
        resp.set_cookie("onward_flash", fid, httponly=True, samesite="Strict", path="/")
    return resp


def _done(web: Web, ok: bool, message: str) -> Response:
    """After an action: JSON for the page's script (``Accept: application/json``), else back to the page."""
    if request.accept_mimetypes.best == "application/json":
        return jsonify(ok=ok, message=message)
    _flash(web, ok, message)
    return _back(web, "/")


def _sentences(web: Web, data: board.AppPage) -> dict[str, tuple[str, float]]:
    """message_id -> the sentence that speaks most for its label, with its score (kept emails only)."""
    labelled = [e for e in data.events if e.message_id in data.kept and e.label in set(Label)]
    if not labelled:
        return {}
    texts = [EmailText(*email_text(email_from_facts(*data.kept[e.message_id]))) for e in labelled]
    views = web.classifier().views(texts)
    return {e.message_id: view.best(e.label) for e, view in zip(labelled, views, strict=True)
            if view.best(e.label)[0]}


def _drafts(web: Web, data: board.AppPage) -> dict[int, str]:
    """follow-up id -> the text of its draft as the daemon would compose it now (open follow-ups of a
    configured account: the draft needs its From and signature)."""
    out: dict[int, str] = {}
    open_ones = [fu for fu in data.followups if fu.status in OPEN_STATUSES]
    if not open_ones or not web.settings.accounts:
        return out
    drafter: Drafter | None = None
    for fu in open_ones:
        try:
            if drafter is None:  # one per page: it reads the install id and the template once
                drafter = Drafter(web.settings.select(data.app.account)[0], web.store, StopFlag())
            raw = drafter.compose(fu, datetime.now(UTC)).raw
        except Exception as exc:  # noqa: BLE001 - the page shows why instead of the text
            out[fu.id] = f"(the draft cannot be shown: {exc})"
            continue
        body = email.message_from_bytes(raw, policy=email.policy.default).get_body(("plain",))
        out[fu.id] = body.get_content() if isinstance(body, email.message.EmailMessage) else ""
    return out
