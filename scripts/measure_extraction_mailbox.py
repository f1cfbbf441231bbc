"""One mailbox holding many applications: the labelled real emails go through a real pass into the record, then
every application is checked against the hand labels - no application merges two companies or two roles, no job
is split over two applications.

    python scripts/measure_extraction_mailbox.py LABELS.jsonl [LABELS2.jsonl ...] [--dev /work/shared/data/dev.jsonl.gz]

The emails (from /work/shared/data, evaluation only: nothing is written into the repository) are delivered into
an in-memory mailbox, oldest first (acknowledgements an hour apart, then the rejections), and one pass of the
real agent - the shipped classifier, the extractor, linking and the SQLite record in a temporary directory -
records them. Labels: as for scripts/measure_extraction.py (a list of spellings counts as one value).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
from collections import defaultdict
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


def raw_email(row: dict[str, Any], when: datetime) -> bytes:
    msg = EmailMessage()
    msg["From"] = row.get("from") or "unknown@unknown.invalid"
    msg["To"] = USER
    msg["Subject"] = (row.get("subject") or "").replace("\n", " ")
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = make_msgid(domain="mailbox-check.invalid")
    msg.set_content(row.get("body") or "")
    return msg.as_bytes()


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("labels", type=Path, nargs="+")
    ap.add_argument("--dev", type=Path, default=Path("/work/shared/data/dev.jsonl.gz"))
    ap.add_argument("--show", action="store_true", help="print each merged or split application")
    args = ap.parse_args(argv)
    rows = {r["source_id"]: r for r in (json.loads(line) for line in gzip.open(args.dev, "rt", encoding="utf-8"))}
    labels = [json.loads(line) for p in args.labels for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    labels.sort(key=lambda lab: (rows[lab["source_id"]]["label"] != "acknowledgement", lab["source_id"]))
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
    merged_companies, merged_roles, jobs = [], [], defaultdict(set)
    for app_id, labs in apps.items():
        companies = {normalize_company(c) for c in (first(lab["company"]) for lab in labs) if c}
        roles = {role_key(r) for r in (first(lab["role"]) for lab in labs) if r}
        if len(companies) > 1:
            merged_companies.append(app_id)
        if len(roles) > 1:
            merged_roles.append(app_id)
        for lab in labs:
            company, role = first(lab["company"]), first(lab["role"])
            if company and role:
                jobs[(normalize_company(company), role_key(role))].add(app_id)
    split = {job: ids for job, ids in jobs.items() if len(ids) > 1}
    print(f"mailbox check: {len(labels)} labelled emails, {sum(map(len, apps.values()))} recorded into {len(apps)} "
          f"applications ({len(jobs)} labelled jobs with company and role)")
    print(f"  applications merging two companies: {len(merged_companies)}")
    print(f"  applications merging two roles:     {len(merged_roles)}")
    print(f"  jobs split over two applications:   {len(split)}")
    if args.show:
        for app_id in sorted(set(merged_companies) | set(merged_roles)):
            print(f"  #{app_id} {app_names[app_id]}: "
                  + "; ".join(f"{first(lab['company'])} / {first(lab['role'])}" for lab in apps[app_id]))
        for job, ids in split.items():
            print(f"  split {job}: {sorted(ids)} " + "; ".join(str(app_names[i]) for i in sorted(ids)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
