"""One mailbox holding many applications: the labelled real emails go through a real pass into the record, then
every application is checked against the hand labels - no application merges two companies or two roles, no job
is split over two applications.

    python scripts/measure_extraction_mailbox.py LABELS.jsonl [LABELS2.jsonl ...] [--dev /work/shared/data/dev.jsonl.gz]

The emails (from /work/shared/data, evaluation only: nothing is written into the repository) are delivered into
an in-memory mailbox, oldest first (acknowledgements an hour apart, then the rejections), and one pass of the
real agent - the shipped classifier, the extractor, linking and the SQLite record in a temporary directory -
records them. Labels: as for scripts/measure_extraction.py (a list of spellings counts as one value).

The data's ``from`` column holds at most 50 characters: a longer value lost its end, and with it the closing
bracket and part of the domain ("Acme Recruiting <no-reply@hi.acme-robot"). Such an address is read as unknown
(the display name kept, the null address ``<>``), never as the well-formed address of another domain that Python's
email package would make of it by closing the bracket: that sender does not exist, and linking rightly keeps a
company name from joining the mail of another registered domain.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from agent.config import parse_settings  # noqa: E402
from agent.extract.cleaning import role_key  # noqa: E402
from agent.extract.names import normalize_company  # noqa: E402
from agent.mail.memory import MemoryMailbox  # noqa: E402
from agent.model.classifier import Classifier  # noqa: E402
from agent.pipeline import Agent  # noqa: E402
from agent.record.store import Store  # noqa: E402

USER = "applicant@example.org"


def first(value: Any) -> str | None:
    """The first spelling of a label (a string, a list of spellings or null)."""
    if isinstance(value, list):
        return value[0] if value else None
    return value or None


def sender_of(value: str | None) -> str:
    """The From header of a data row: an address the data cut short ("Name <no-reply@mail.exam", no closing
    bracket) is unknown - the display name and the null address "<>" - not an address at a domain nobody has."""
    value = (value or "").strip()
    if not value:
        return "unknown@unknown.invalid"
    name, bracket, rest = value.partition("<")
    if bracket and ">" not in rest:
        return f"{name.strip()} <>" if name.strip() else "unknown@unknown.invalid"
    return value


def raw_email(row: dict[str, Any], when: datetime) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender_of(row.get("from"))
    msg["To"] = USER
    msg["Subject"] = (row.get("subject") or "").replace("\n", " ")
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = make_msgid(domain="mailbox-check.invalid")
    msg.set_content(row.get("body") or "")
    return msg.as_bytes()


@dataclass
class MailboxResult:
    labelled: int
    recorded: int
    apps: dict[int, list[dict[str, Any]]]                       # application -> the labels of its emails
    app_names: dict[int, tuple[str | None, str | None]]         # application -> its recorded (company, role)
    jobs: dict[tuple[str, str], set[int]]                       # labelled (company, role) -> its applications
    merged_companies: list[int] = field(default_factory=list)
    merged_roles: list[int] = field(default_factory=list)

    @property
    def split(self) -> dict[tuple[str, str], set[int]]:
        return {job: ids for job, ids in self.jobs.items() if len(ids) > 1}


def check(rows: dict[str, dict[str, Any]], labels: Iterable[dict[str, Any]]) -> MailboxResult:
    """One real pass over the labelled emails (``rows``: data rows by ``source_id``) in one in-memory mailbox,
    acknowledgements first, and each application checked against the labels."""
    labels = sorted(labels, key=lambda lab: (rows[lab["source_id"]]["label"] != "acknowledgement", lab["source_id"]))
    start = datetime.now(UTC) - timedelta(days=30)
    box = MemoryMailbox()
    gold_by_mid: dict[str, dict[str, Any]] = {}
    for i, lab in enumerate(labels):
        raw = raw_email(rows[lab["source_id"]], start + timedelta(hours=i))
        box.deliver("INBOX", raw, start + timedelta(hours=i))
        mid = raw.split(b"Message-ID: ", 1)[1].split(b"\n", 1)[0].decode().strip()
        gold_by_mid[mid] = lab
    with tempfile.TemporaryDirectory() as tmp:
        settings = parse_settings({
            "imap": {"host": "imap.example.org", "username": USER, "folders": ["INBOX"], "initial_lookback_days": 60},
            "followup": {"your_name": "Applicant", "from_address": USER, "timezone": "UTC"},
            "classifier": {"workers": -1},
            "storage": {"database": f"sqlite:///{Path(tmp) / 'onward.db'}"},
        })
        store = Store.open(settings.storage.database)
        store.migrate()
        Agent(settings, store, Classifier.load(), password="unused", client=lambda: box).run_pass(draft=False)
        with store.transaction() as conn:
            events = store.list_events(conn)
        store.close()
    apps: dict[int, list[dict[str, Any]]] = defaultdict(list)
    app_names: dict[int, tuple[str | None, str | None]] = {}
    for ev in events:
        lab = gold_by_mid.get(ev.message_id)
        if lab is not None:
            apps[ev.application_id].append(lab)
            app_names[ev.application_id] = (ev.company, ev.role)
    result = MailboxResult(len(labels), sum(map(len, apps.values())), dict(apps), app_names, defaultdict(set))
    for app_id, labs in apps.items():
        companies = {normalize_company(c) for c in (first(lab["company"]) for lab in labs) if c}
        roles = {role_key(r) for r in (first(lab["role"]) for lab in labs) if r}
        if len(companies) > 1:
            result.merged_companies.append(app_id)
        if len(roles) > 1:
            result.merged_roles.append(app_id)
        for lab in labs:
            company, role = first(lab["company"]), first(lab["role"])
            if company and role:
                result.jobs[(normalize_company(company), role_key(role))].add(app_id)
    return result


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("labels", type=Path, nargs="+")
    ap.add_argument("--dev", type=Path, default=Path("/work/shared/data/dev.jsonl.gz"))
    ap.add_argument("--show", action="store_true", help="print each merged or split application")
    args = ap.parse_args(argv)
    rows = {r["source_id"]: r for r in (json.loads(line) for line in gzip.open(args.dev, "rt", encoding="utf-8"))}
    labels = [json.loads(line) for p in args.labels for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    res = check(rows, labels)
    print(f"mailbox check: {res.labelled} labelled emails, {res.recorded} recorded into {len(res.apps)} "
          f"applications ({len(res.jobs)} labelled jobs with company and role)")
    print(f"  applications merging two companies: {len(res.merged_companies)}")
    print(f"  applications merging two roles:     {len(res.merged_roles)}")
    print(f"  jobs split over two applications:   {len(res.split)}")
    if args.show:
        for app_id in sorted(set(res.merged_companies) | set(res.merged_roles)):
            print(f"  #{app_id} {res.app_names[app_id]}: "
                  + "; ".join(f"{first(lab['company'])} / {first(lab['role'])}" for lab in res.apps[app_id]))
        for job, ids in res.split.items():
            print(f"  split {job}: {sorted(ids)} " + "; ".join(str(res.app_names[i]) for i in sorted(ids)))
    return 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
