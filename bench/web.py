"""Server time of ``onward web``'s pages over a big record: 5,000 applications, 50,000 events.

    python bench/web.py                      # 5,000 applications x 10 events, 30 requests per page
    python bench/web.py --apps 1000 --repeat 10

A throwaway SQLite file is filled directly (applications, events with their kept emails, messages,
follow-ups: the rows a long search leaves), then each page is asked for ``--repeat`` times through the
real app in this process (Flask's test client: routing, the token check, the queries, the templates,
the deciding sentences and draft texts; no socket). Prints the median and the range per page in ms,
and each against the same run's ``/api/applications`` (the ``outcomes --json`` command, in-process).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert  # noqa: E402

from agent.cli import main as onward_main  # noqa: E402
from agent.config import load_settings  # noqa: E402
from agent.demo import samples  # noqa: E402
from agent.mail.parse import parse_message  # noqa: E402
from agent.record.facts import facts_json  # noqa: E402
from agent.record.store import Store, iso  # noqa: E402
from agent.record.store.schema import applications, events, followups, messages  # noqa: E402
from agent.web.app import Web, create_app  # noqa: E402
from agent.web.security import Keys  # noqa: E402

STATUSES = ["applied", "interview", "rejected", "offer", "no_response"]
LABELS = ["acknowledgement", "interview", "rejection", "acknowledgement", "other"]


def fill(store: Store, n_apps: int, per_app: int) -> None:
    now = datetime.now(UTC)
    kinds = {"acknowledgement": samples.ack("Acme", "Engineer", now, "<x@y>"),
             "interview": samples.interview("Acme", "Engineer", "Jane", "jane@acme.example", now, "<x@y>"),
             "rejection": samples.rejection("Acme", "Engineer", "Jane <jane@acme.example>", now, "<x@y>"),
             "other": samples.newsletter(now, "<x@y>")}
    parsed = {k: parse_message(raw) for k, raw in kinds.items()}
    facts = {k: facts_json(p) for k, p in parsed.items()}
    apps, evs, msgs, fus = [], [], [], []
    for a in range(1, n_apps + 1):
        created = now - timedelta(days=200) + timedelta(minutes=a * 37)
        apps.append({"id": a, "company": f"Company {a:05d}", "company_key": f"company {a:05d}",
                     "role": f"Role {a % 97}", "status": STATUSES[a % len(STATUSES)], "created_at": iso(created),
                     "updated_at": iso(created), "account": "default" if a % 3 else "work"})
        for e in range(per_app):
            label = LABELS[e % len(LABELS)]
            mid = f"<e{a}-{e}@bench.example>"
            when = iso(created + timedelta(days=e))
            evs.append({"message_id": mid, "application_id": a, "label": label, "confidence": 0.9,
                        "received_at": when, "subject": f"About your application {a}", "from_addr": "jane@acme.example",
                        "references_json": "[]", "source": "model", "account": apps[-1]["account"]})
            msgs.append({"account": apps[-1]["account"], "folder": "INBOX", "uidvalidity": 1, "uid": a * 100 + e,
                         "message_id": mid, "status": "classified", "label": label, "confidence": 0.9,
                         "subject": f"About your application {a}", "from_addr": "jane@acme.example",
                         "received_at": when, "processed_at": when, "application_id": a,
                         "facts_json": facts[label], "body": parsed[label].text})
        if a % 2:
            fus.append({"application_id": a, "rejection_message_id": f"<e{a}-2@bench.example>", "rejected_at": iso(created),
                        "due_at": iso(now + timedelta(days=a % 30)), "status": "scheduled",
                        "to_name": "Jane", "to_addr": "jane@acme.example", "subject": "About your application",
                        "in_reply_to": f"<e{a}-2@bench.example>", "references_json": "[]", "created_at": iso(created),
                        "kind": "rejection_thanks", "account": apps[-1]["account"]})
    with store.transaction() as conn:
        conn.execute(insert(applications), apps)
        for start in range(0, len(evs), 5000):
            conn.execute(insert(events), evs[start:start + 5000])
            conn.execute(insert(messages), msgs[start:start + 5000])
        conn.execute(insert(followups), fus)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--apps", type=int, default=5000)
    ap.add_argument("--events", type=int, default=10, help="events per application (default 10)")
    ap.add_argument("--repeat", type=int, default=30)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "onward.db"
        cfg = Path(tmp) / "onward.toml"
        cfg.write_text(f'[imap]\nhost = "imap.example.org"\nusername = "alex@example.org"\n'
                       f'[followup]\nyour_name = "Alex Doe"\n[storage]\ndatabase = "sqlite:///{db}"\n')
        cfg.chmod(0o600)
        settings = load_settings(cfg)
        store = Store.for_settings(settings)
        t0 = time.perf_counter()
        fill(store, args.apps, args.events)
        print(f"filled {args.apps} applications, {args.apps * args.events} events in "
              f"{time.perf_counter() - t0:.1f} s", file=sys.stderr)
        web = Web(settings=settings, store=store, keys=Keys(port=8741), commands=onward_main, config=str(cfg))
        client = create_app(web).test_client()
        host = {"Host": "127.0.0.1:8741"}
        client.get(f"/?token={web.keys.token}", headers=host)
        mid = args.apps // 2 + 1  # odd: it has a follow-up, so its draft text is composed too
        pages = {"baseline: /api/applications (outcomes --json)": "/api/applications", "board": "/", "board, text filter": "/?q=Company+0123", "board, one account": "/?account=work",
                 "one status, page 10": "/?status=rejected&page=10", f"application ({args.events} events)":
                 f"/applications/{mid}"}
        print(f"| page ({args.apps:,} applications, {args.apps * args.events:,} events) | median ms | range ms "
              "| × baseline |")
        print("|---|---:|---:|---:|")
        base = None
        for name, path in pages.items():
            assert client.get(path, headers=host).status_code == 200, path  # warm: the model, the templates
            times = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                got = client.get(path, headers=host)
                times.append((time.perf_counter() - t) * 1000)
                assert got.status_code == 200
            median = statistics.median(times)
            base = base or median
            print(f"| {name} | {median:.1f} | {min(times):.1f}–{max(times):.1f} | {median / base:.2f} |")
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
