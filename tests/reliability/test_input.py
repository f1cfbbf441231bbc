"""Issue 4, part 3: hostile and broken input never stops a pass, never injects, never leaks.

Real Dovecot, real SQLite, real model; the CLI as a subprocess where exit codes or output matter."""

from __future__ import annotations

import base64
import email
import email.policy
import json
import pickle
import stat
from datetime import timedelta

import pytest

from agent.demo import samples
from tests.crashharness import T0, T_DRAFTS, Account, db_rows, make_agent, run_cli, take_user, write_config

pytestmark = [pytest.mark.dovecot]


def _drafts(server, user):
    c = server.client(user)
    try:
        c.select_folder("Drafts", readonly=True)
        uids = c.search(["ALL"])
        return [v[b"BODY[]"] for v in c.fetch(uids, [b"BODY.PEEK[]"]).values()] if uids else []
    finally:
        c.logout()


def _ew(text: str) -> str:
    return "=?utf-8?b?" + base64.b64encode(text.encode()).decode() + "?="


REJECTION_BODY = ("Hi Alex,\r\n\r\nThank you for taking the time to interview for the Backend Engineer position. "
                  "Unfortunately, after careful consideration, we have decided to move forward with other "
                  "candidates whose experience more closely matches our current needs.\r\n\r\n"
                  "We appreciate your interest and wish you the best in your search.\r\n\r\nKind regards,\r\nDana\r\n")


# -- the torture corpus --------------------------------------------------------------------------------


@pytest.mark.slow
def test_torture_corpus_never_stops_a_pass(dovecot, tmp_path):
    from tests.torture.generate import (
        torture_messages,  # the `torture` fixture imports `torture`, which is not on sys.path
    )
    acc = Account(dovecot, take_user(dovecot))
    corpus = torture_messages()
    real = samples.rejection("Acme Robotics", "Backend Engineer", "Jane Miller <jane.miller@acmerobotics.com>",
                             T0 - timedelta(days=2), "<real-rejection@test>")
    appended, refused = [], []
    c = dovecot.client(acc.user, ssl=False)
    try:
        for name, raw in [*corpus[: len(corpus) // 2], ("real_rejection", real), *corpus[len(corpus) // 2:]]:
            try:
                c.append("INBOX", raw)
                appended.append(name)
            except Exception as exc:  # noqa: BLE001 - the server may refuse e.g. a zero-byte message
                refused.append((name, str(exc)[:80]))
    finally:
        c.logout()
    assert set(n for n, _ in refused) <= {"empty_message"}, refused
    agent = make_agent(write_config(tmp_path, acc, fetch_batch=10), acc.password)
    report = agent.run_pass(T0)
    rows = db_rows(tmp_path / "onward.db", "messages", order="uid")
    assert [r["uid"] for r in rows] == list(range(1, len(appended) + 1)), "a message was skipped"
    assert report.fetched == len(appended)
    for name, row in zip(appended, rows, strict=True):
        assert row["status"] in ("classified", "review", "failed"), (name, row["status"])
        if row["status"] == "failed":
            assert row["error"], name
    (event,) = [e for e in db_rows(tmp_path / "onward.db", "events") if e["message_id"] == "<real-rejection@test>"]
    assert event["label"] == "rejection"
    (fu,) = [f for f in db_rows(tmp_path / "onward.db", "followups")
             if f["rejection_message_id"] == "<real-rejection@test>"]
    assert fu["to_addr"] == "jane.miller@acmerobotics.com"
    counts = {s: sum(r["status"] == s for r in rows) for s in ("classified", "review", "failed")}
    print(f"\ntorture: {len(appended)} appended, refused by the server {refused}, outcome {counts}")
    # a second pass has nothing left to do (nothing is retried forever, nothing doubled)
    report = agent.run_pass(T0)
    assert report.fetched == 0


# -- CR/LF header injection and template syntax from the sender ----------------------------------------


def test_encoded_crlf_never_becomes_a_draft_header(dovecot, tmp_path):
    acc = Account(dovecot, take_user(dovecot))
    date = email.utils.format_datetime(T0 - timedelta(days=2))
    raw = (f"From: {_ew('Dana Scott' + chr(13) + chr(10) + 'Bcc: evil@x')} <dana.scott@acmerobotics.com>\r\n"
           f"To: Alex Doe <alex@example.org>\r\n"
           f"Subject: {_ew('Your application to Acme Robotics' + chr(13) + chr(10) + 'Bcc: evil@x')}\r\n"
           f"Date: {date}\r\nMessage-ID: <crlf-rej@test>\r\nMIME-Version: 1.0\r\n"
           f"Content-Type: text/plain; charset=utf-8\r\n\r\n{REJECTION_BODY}").encode()
    dovecot.append(acc.user, "INBOX", [raw])
    agent = make_agent(write_config(tmp_path, acc), acc.password)
    agent.run_pass(T0)
    agent.run_pass(T_DRAFTS)
    (fu,) = db_rows(tmp_path / "onward.db", "followups")
    assert fu["draft_message_id"], fu
    (draft,) = _drafts(dovecot, acc.user)
    msg = email.message_from_bytes(draft, policy=email.policy.default)
    names = {k.lower() for k in msg.keys()}
    assert "bcc" not in names and not any(k.lower().startswith("bcc") for k in msg.keys())
    assert names <= {"from", "to", "subject", "date", "message-id", "in-reply-to", "references", "mime-version",
                     "content-type", "content-transfer-encoding", "x-onward-followup"}, names
    header_block = draft.split(b"\r\n\r\n", 1)[0]
    assert b"\nBcc" not in header_block and b"\rBcc" not in header_block
    assert msg["To"].addresses[0].addr_spec == "dana.scott@acmerobotics.com"
    for value in msg.values():
        assert "\r" not in str(value) and "\n" not in str(value)


def test_template_syntax_and_markup_inserted_literally(dovecot, tmp_path):
    """A display name full of Jinja syntax and markup is data, never code: it is not greeted (not a person's
    name), and any value reaches the renderer as literal text."""
    acc = Account(dovecot, take_user(dovecot))
    hostile = "{{7*7}}{%for(x)in(y)%}<script>alert(1)</script>"
    sender = f'"{hostile}" <dana@acmerobotics.com>'
    dovecot.append(acc.user, "INBOX", [
        samples.interview("Acme Robotics", "Backend Engineer", f'"{hostile}"', "dana@acmerobotics.com",
                          T0 - timedelta(days=9), "<tpl-int@test>"),
        samples.rejection("Acme Robotics", "Backend Engineer", sender, T0 - timedelta(days=2), "<tpl-rej@test>",
                          in_reply_to="<tpl-int@test>", references=["<tpl-int@test>"]),
    ])
    agent = make_agent(write_config(tmp_path, acc), acc.password)
    agent.run_pass(T0)
    agent.run_pass(T_DRAFTS)
    (draft,) = _drafts(dovecot, acc.user)
    body = email.message_from_bytes(draft, policy=email.policy.default).get_body(("plain",)).get_content()
    # a "name" of digits and markup is not a person's: the neutral greeting, the name never executed
    assert body.startswith("Dear Hiring Team,") and "49" not in body, body[:300]

    from agent.followups.draft import render_body  # and the company / role fields, straight into the renderer
    text = render_body("{{ company }} / {{ role }} / {{ contact_name }}", company="{{ 7*7 }} {% for x in y %}",
                       role="<script>alert(1)</script>", contact_name="{{ ''.__class__.__mro__ }}",
                       your_name="Alex", signature="")
    assert text.strip() == "{{ 7*7 }} {% for x in y %} / <script>alert(1)</script> / {{ ''.__class__.__mro__ }}"


# -- secrets never leak; risky configs are flagged or refused --------------------------------------------


@pytest.mark.slow
def test_credentials_never_in_output(imap_account, tmp_path):
    acc = imap_account
    acc.server.append(acc.user, "INBOX", [
        samples.rejection("Acme Robotics", "Backend Engineer", "Jane Miller <jane.miller@acmerobotics.com>",
                          T0 - timedelta(days=2), "<leak-rej@test>")])
    cfg = write_config(tmp_path, acc)
    outputs = []
    for args, pw in ((["-v", "run", "--once", "--now", T0.isoformat()], acc.password),
                     (["-v", "run", "--once", "--now", T_DRAFTS.isoformat()], acc.password),
                     (["-v", "check"], "Wr0ng-S3cret-Pa55"),
                     (["-v", "run", "--once"], "Wr0ng-S3cret-Pa55"),
                     (["outcomes", "--json"], acc.password), (["followups", "--json"], acc.password),
                     (["events", "--json"], acc.password)):
        done = run_cli(cfg, *args, password=pw)
        outputs.append((args, done.returncode, done.stdout + done.stderr))
    assert [rc for _a, rc, _o in outputs] == [0, 0, 4, 4, 0, 0, 0], [(a, rc, o[-300:]) for a, rc, o in outputs]
    assert "label=rejection" in outputs[0][2]  # the log really was written (and searched)
    for args, _rc, out in outputs:
        assert acc.password not in out, args
        assert "Wr0ng-S3cret-Pa55" not in out, args
    done = run_cli(cfg, "outcomes", "--json", password=acc.password)
    assert json.loads(done.stdout)[0]["status"] == "rejected"  # stdout is pure JSON

    # the same through password_command (its command line is in the config, its output is the secret)
    cfg2 = write_config(tmp_path, acc, name="cmd.toml")
    cfg2.write_text(cfg2.read_text().replace('password_env = "ONWARD_TEST_PASSWORD"',
                                             f"password_command = \"printf '%s' '{acc.password}'\""))
    cfg2.chmod(0o600)
    done = run_cli(cfg2, "-v", "check", password=None)
    assert done.returncode == 0, done.stderr
    assert acc.password not in done.stdout + done.stderr.replace(str(cfg2), "")


def test_password_command_config_readable_by_others_warns(imap_account, tmp_path):
    cfg = write_config(tmp_path, imap_account)
    cfg.write_text(cfg.read_text().replace('password_env = "ONWARD_TEST_PASSWORD"',
                                           f"password_command = \"printf '%s' '{imap_account.password}'\""))
    cfg.chmod(0o644)
    done = run_cli(cfg, "check")
    assert done.returncode == 0, done.stderr
    assert "readable by group/others" in done.stderr and "chmod 600" in done.stderr
    cfg.chmod(0o600)
    done = run_cli(cfg, "check")
    assert done.returncode == 0 and "readable" not in done.stderr, done.stderr
    assert stat.S_IMODE(cfg.stat().st_mode) == 0o600


def test_tls_verify_off_for_remote_host_needs_explicit_ack(imap_account, tmp_path):
    cfg = write_config(tmp_path, imap_account, host="imap.example.com", imap_extra="tls_verify = false")
    for cmd in (["check"], ["run", "--once"]):
        done = run_cli(cfg, *cmd, password=imap_account.password)
        assert done.returncode == 2, done.stderr
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and "i_understand_tls_verification_is_off" in lines[0], lines
    from agent.config import load_settings
    cfg.write_text(cfg.read_text().replace("tls_verify = false",
                                           "tls_verify = false\ni_understand_tls_verification_is_off = true"))
    assert load_settings(cfg).imap.tls_verify is False  # accepted once acknowledged
    # loopback may skip verification without the acknowledgement (a local bridge / test server)
    cfg3 = write_config(tmp_path, imap_account, name="lo.toml", imap_extra="tls_verify = false")
    assert run_cli(cfg3, "check", password=imap_account.password).returncode == 0


# -- a model file from an untrusted path never runs code ---------------------------------------------


class _Evil:
    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        import os
        return (os.system, (f"touch {self.marker}",))


def _with_meta(path, data: bytes) -> None:
    import hashlib
    path.write_bytes(data)
    path.with_suffix(".json").write_text(json.dumps({
        "format_version": 1, "sha256": hashlib.sha256(data).hexdigest(), "labels": [
            "rejection", "interview", "offer", "acknowledgement", "other"], "recommended_threshold": 0.5}))


def _evil_skops() -> bytes:
    """A well-formed skops file whose "pipeline" carries ``os.system`` (the classic skops attack:
    a FunctionTransformer that runs a shell command when the model is used)."""
    import os

    import skops.io as sio
    from sklearn.preprocessing import FunctionTransformer
    data = sio.dumps({"kind": "onward-classifier", "pipeline": FunctionTransformer(func=os.system)})
    assert sio.get_untrusted_types(data=data) == ["posix.system"]  # the payload is real
    return data


@pytest.mark.parametrize("kind", ["pickle", "skops-os-system", "pickle-in-skops-zip"])
def test_untrusted_model_file_never_executes(tmp_path, kind):
    marker = tmp_path / "PWNED"
    model = tmp_path / "evil" / "onward-classifier.skops"
    model.parent.mkdir()
    if kind == "pickle":
        data = pickle.dumps(_Evil(str(marker)))
    elif kind == "skops-os-system":
        data = _evil_skops()
    else:
        import io
        import zipfile
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("schema.json", json.dumps({"__class__": "dict", "__module__": "builtins",
                                                  "__loader__": "DictNode", "protocol": 2, "content": {}}))
            z.writestr("0.pkl", pickle.dumps(_Evil(str(marker))))
        data = buf.getvalue()
    _with_meta(model, data)
    # sanity: the payload really is live (unpickling it would create the marker)
    if kind != "skops-os-system":
        probe = tmp_path / "probe"
        pickle.loads(pickle.dumps(_Evil(str(probe))))
        assert probe.exists()
    mail = tmp_path / "one.eml"
    mail.write_bytes(samples.newsletter(T0, "<n@test>"))
    cfg = tmp_path / "onward.toml"
    cfg.write_text(f'[classifier]\nmodel = "{model}"\n')
    done = run_cli(cfg, "classify", str(mail))
    assert done.returncode == 8, (done.returncode, done.stderr)
    assert done.stderr.startswith("onward: model:") and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert not marker.exists(), "loading the model file executed code"
    if kind == "skops-os-system":
        assert "untrusted types: posix.system" in done.stderr, done.stderr
