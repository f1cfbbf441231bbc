"""The report's figures, pure: from the recorded applications, events, follow-ups and notes (plain
dataclasses, loaded by :mod:`agent.insights.load`) to :class:`Report`.

Built from the **history** of events, not the current status: an application that had an interview
and was then rejected stays counted at the interview stage. The definitions, as
``onward report --json`` documents them:

* an application counts from its *start*: its first event, or its ``applied`` date when added by
  hand (the earlier of the two when it has both; its creation time when it has neither);
* ``funnel``: ``acknowledged``/``interview``/``offer`` count applications that ever reached the stage
  (an event of that label, or - for interview and offer - the status or a known interview time set
  by hand); ``rejected``, ``no_response``, ``withdrawn`` and ``open`` are the current status (open: none of
  rejected, no_response, offer, withdrawn);
* a *response* is an interview, offer or rejection event (an acknowledgement is not one);
* ``weeks``: ISO weeks (in the user's time zone) from the first to the last week with activity,
  weeks without any included as zeros;
* ``sankey``: the seven edges of the issue (with Assessment and Withdrawn, which the issue did not
  name), zero-count edges left out;
* ``followups``: drafts saved; of them, the ones the user sent (status ``sent``); of those, the ones
  the company answered afterwards.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

RESPONSE_LABELS = frozenset({"assessment", "interview", "offer", "rejection"})
CLOSED = frozenset({"rejected", "no_response", "offer", "withdrawn"})

APPLIED, ASSESSMENT, INTERVIEW, OFFER, REJECTED, NO_RESPONSE, WITHDRAWN, WAITING = (
    "Applied", "Assessment", "Interview", "Offer", "Rejected", "No response", "Withdrawn", "Waiting")
SANKEY_EDGES: tuple[tuple[str, str], ...] = (
    (APPLIED, ASSESSMENT), (APPLIED, INTERVIEW), (APPLIED, REJECTED), (APPLIED, NO_RESPONSE), (APPLIED, WITHDRAWN),
    (APPLIED, WAITING),
    (ASSESSMENT, INTERVIEW), (ASSESSMENT, REJECTED), (ASSESSMENT, NO_RESPONSE), (ASSESSMENT, WITHDRAWN),
    (ASSESSMENT, WAITING),
    (INTERVIEW, OFFER), (INTERVIEW, REJECTED), (INTERVIEW, WITHDRAWN), (INTERVIEW, WAITING))
# where an application without interview ends in the flows, by its status (else: Waiting)
STATUS_END = {"rejected": REJECTED, "no_response": NO_RESPONSE, "withdrawn": WITHDRAWN}


@dataclass(frozen=True)
class AppFacts:
    """One application as the report needs it."""

    id: int
    company: str | None
    role: str | None
    status: str
    created_at: datetime
    applied_at: datetime | None = None
    interview_known: bool = False  # an interview time was set (invitation or ``onward interview``)
    account: str = "default"
    interview_at: datetime | None = None  # that time (its start)


@dataclass(frozen=True)
class EventFacts:
    application_id: int
    label: str
    received_at: datetime


@dataclass(frozen=True)
class FollowupFacts:
    application_id: int
    status: str
    drafted: bool  # a draft was saved
    sent_at: datetime | None = None
    replied_at: datetime | None = None  # the company's first email after sent_at


@dataclass(frozen=True)
class NoteFacts:
    application_id: int
    written_at: datetime
    text: str
    company: str | None = None
    role: str | None = None


@dataclass(frozen=True)
class DraftWaiting:
    """A follow-up draft in Drafts, not sent; ``to`` None: saved without a recipient."""

    application_id: int
    kind: str
    drafted_at: str | None
    to: str | None


@dataclass(frozen=True)
class BounceFacts:
    """A follow-up the user sent that a mail system could not deliver to ``address``."""

    application_id: int
    kind: str
    address: str
    at: datetime  # the mail system's report's date


@dataclass(frozen=True)
class Recorded:
    """Everything recorded that the report and the digest read (all accounts)."""

    apps: list[AppFacts]
    events: list[EventFacts]
    followups: list[FollowupFacts]
    notes: list[NoteFacts]
    drafts_waiting: list[DraftWaiting]
    drafts_not_to_send: list[DraftWaiting] = field(default_factory=list)  # cancelled after their draft was saved
    bounced: list[BounceFacts] = field(default_factory=list)  # follow-ups a mail system could not deliver


@dataclass(frozen=True)
class Week:
    week: str
    applications: int = 0
    responses: int = 0
    rejections: int = 0
    interviews: int = 0
    offers: int = 0


@dataclass(frozen=True)
class Report:
    applications: int
    funnel: dict[str, int]
    rejected_after_interview: int
    response_rate: float | None
    median_days_to_first_response: float | None
    median_days_to_rejection: float | None
    weeks: list[Week]
    sankey: list[tuple[str, str, int]]
    followups: dict[str, int]
    # for the pictures (not in --json)
    days_to_first_response: list[float] = field(default_factory=list)
    rejected_after_application: int = 0
    rejected_after_assessment: int = 0  # rejected after a test, before any interview
    notes: list[NoteFacts] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The fixed ``onward report --json`` shape."""
        return {
            "applications": self.applications, "funnel": dict(self.funnel),
            "rejected_after_interview": self.rejected_after_interview,
            "rejected_after_assessment": self.rejected_after_assessment, "response_rate": self.response_rate,
            "median_days_to_first_response": self.median_days_to_first_response,
            "median_days_to_rejection": self.median_days_to_rejection,
            "weeks": [{"week": w.week, "applications": w.applications, "responses": w.responses,
                       "rejections": w.rejections, "interviews": w.interviews, "offers": w.offers}
                      for w in self.weeks],
            "sankey": [{"from": a, "to": b, "count": n} for a, b, n in self.sankey],
            "followups": dict(self.followups),
        }


def iso_week(when: datetime | date, tz: tzinfo | None = None) -> str:
    """``2026-W45``: the ISO week of ``when`` (a datetime is first put in ``tz``)."""
    if isinstance(when, datetime) and tz is not None:
        when = when.astimezone(tz)
    year, week, _ = when.isocalendar()
    return f"{year}-W{week:02d}"


def week_monday(week: str) -> date:
    """The Monday of an ISO week written ``2026-W45``."""
    year, _, num = week.partition("-W")
    return date.fromisocalendar(int(year), int(num), 1)


def weeks_between(first: str, last: str) -> list[str]:
    out, day = [], week_monday(first)
    end = week_monday(last)
    while day <= end:
        out.append(iso_week(day))
        day += timedelta(days=7)
    return out


def _days(a: datetime, b: datetime) -> float:
    return (b - a).total_seconds() / 86400


def _median(values: Sequence[float]) -> float | None:
    return round(float(statistics.median(values)), 1) if values else None


@dataclass
class _History:
    """One application's history, folded from its events (in date order)."""

    app: AppFacts
    start: datetime
    labels: set[str] = field(default_factory=set)
    first_response: datetime | None = None
    first_rejection: datetime | None = None
    first_acknowledgement: datetime | None = None

    @property
    def applied_on(self) -> datetime | None:
        """When the user applied, as far as the record knows: the date given with ``onward add
        --applied``, else the company's acknowledgement; None when neither is known (an application
        first seen through a rejection or an invitation was sent on an unknown day)."""
        return self.app.applied_at or self.first_acknowledgement

    @property
    def assessed(self) -> bool:
        """Invited to a test, a take-home or a one-way video (the stage between applied and interview)."""
        return "assessment" in self.labels or self.app.status == "assessment"

    @property
    def interviewed(self) -> bool:
        return "interview" in self.labels or self.app.interview_known or self.app.status == "interview"

    @property
    def offered(self) -> bool:
        return "offer" in self.labels or self.app.status == "offer"


def histories(apps: Iterable[AppFacts], events: Iterable[EventFacts]) -> dict[int, _History]:
    by_app: dict[int, list[EventFacts]] = {}
    for e in events:
        by_app.setdefault(e.application_id, []).append(e)
    out: dict[int, _History] = {}
    for app in apps:
        evs = sorted(by_app.get(app.id, ()), key=lambda e: e.received_at)
        starts = [d for d in (evs[0].received_at if evs else None, app.applied_at) if d is not None]
        h = _History(app, min(starts) if starts else app.created_at)
        for e in evs:
            h.labels.add(e.label)
            if e.label in RESPONSE_LABELS and h.first_response is None:
                h.first_response = e.received_at
            if e.label == "rejection" and h.first_rejection is None:
                h.first_rejection = e.received_at
            if e.label == "acknowledgement" and h.first_acknowledgement is None:
                h.first_acknowledgement = e.received_at
        out[app.id] = h
    return out


def of_accounts(rec: Recorded, accounts: Iterable[str]) -> Recorded:
    """What ``rec`` holds of the applications of ``accounts`` only (one person's, for their digest)."""
    names = set(accounts)
    apps = [a for a in rec.apps if a.account in names]
    ids = {a.id for a in apps}
    return Recorded(apps, [e for e in rec.events if e.application_id in ids],
                    [f for f in rec.followups if f.application_id in ids],
                    [n for n in rec.notes if n.application_id in ids],
                    [d for d in rec.drafts_waiting if d.application_id in ids],
                    [d for d in rec.drafts_not_to_send if d.application_id in ids],
                    [b for b in rec.bounced if b.application_id in ids])


def in_scope(apps: Iterable[AppFacts], events: Iterable[EventFacts], *, since: datetime | None = None,
             account: str | None = None) -> tuple[list[AppFacts], list[EventFacts]]:
    """The applications of ``account`` (all: None) that started on or after ``since``, and their events."""
    apps = [a for a in apps if account is None or a.account == account]
    events = list(events)
    if since is not None:
        hist = histories(apps, events)
        apps = [a for a in apps if hist[a.id].start >= since]
    ids = {a.id for a in apps}
    return apps, [e for e in events if e.application_id in ids]


def build_report(apps: Sequence[AppFacts], events: Sequence[EventFacts], followups: Sequence[FollowupFacts],
                 notes: Sequence[NoteFacts] = (), *, tz: tzinfo | None = None) -> Report:
    """The report over exactly these applications (filter first with :func:`in_scope`)."""
    hist = histories(apps, events)
    hs = list(hist.values())
    status = Counter(h.app.status for h in hs)
    funnel = {
        "acknowledged": sum("acknowledgement" in h.labels for h in hs),
        "assessment": sum(h.assessed for h in hs),
        "interview": sum(h.interviewed for h in hs),
        "offer": sum(h.offered for h in hs),
        "rejected": status["rejected"],
        "no_response": status["no_response"],
        "open": sum(h.app.status not in CLOSED for h in hs),
        "holding_offer": status["offer"],
        "withdrawn": status["withdrawn"],
    }
    responded = [h for h in hs if h.first_response is not None]
    to_response = [_days(h.start, h.first_response) for h in responded if h.first_response is not None]
    to_rejection = [_days(h.start, h.first_rejection) for h in hs if h.first_rejection is not None]
    rejected_after_interview = sum(h.app.status == "rejected" and h.interviewed for h in hs)
    rejected_after_assessment = sum(h.app.status == "rejected" and h.assessed and not h.interviewed for h in hs)
    return Report(
        applications=len(hs), funnel=funnel, rejected_after_interview=rejected_after_interview,
        response_rate=round(len(responded) / len(hs), 4) if hs else None,
        median_days_to_first_response=_median(to_response), median_days_to_rejection=_median(to_rejection),
        weeks=weekly(hs, [e for e in events if e.application_id in hist], tz), sankey=sankey(hs),
        followups=followup_counts(followups, set(hist)), days_to_first_response=sorted(to_response),
        rejected_after_application=status["rejected"] - rejected_after_interview - rejected_after_assessment,
        rejected_after_assessment=rejected_after_assessment,
        notes=sorted((n for n in notes if n.application_id in hist), key=lambda n: n.written_at))


def weekly(hs: Sequence[_History], events: Sequence[EventFacts], tz: tzinfo | None) -> list[Week]:
    apps = Counter(iso_week(h.start, tz) for h in hs)
    labels: dict[str, Counter[str]] = {}
    for e in events:
        labels.setdefault(iso_week(e.received_at, tz), Counter())[e.label] += 1
    seen = set(apps) | set(labels)
    if not seen:
        return []
    out = []
    for wk in weeks_between(min(seen), max(seen)):
        c = labels.get(wk, Counter())
        out.append(Week(wk, applications=apps[wk], responses=sum(c[x] for x in RESPONSE_LABELS),
                        rejections=c["rejection"], interviews=c["interview"], offers=c["offer"]))
    return out


def sankey(hs: Sequence[_History]) -> list[tuple[str, str, int]]:
    flows: Counter[tuple[str, str]] = Counter()
    for h in hs:
        stage = APPLIED
        if h.assessed:
            flows[APPLIED, ASSESSMENT] += 1
            stage = ASSESSMENT
        if h.interviewed:
            flows[stage, INTERVIEW] += 1
            # (gone no_response after an interview: Waiting - the issue has no such edge)
            end = OFFER if h.offered else {"rejected": REJECTED, "withdrawn": WITHDRAWN}.get(h.app.status, WAITING)
            flows[INTERVIEW, end] += 1
        else:
            end = STATUS_END.get(h.app.status, WAITING)
            flows[stage, end] += 1
    return [(a, b, flows[a, b]) for a, b in SANKEY_EDGES if flows[a, b]]


def followup_counts(followups: Iterable[FollowupFacts], app_ids: set[int]) -> dict[str, int]:
    mine = [f for f in followups if f.application_id in app_ids and f.drafted]
    sent = [f for f in mine if f.status == "sent" and f.sent_at is not None]
    return {"drafted": len(mine), "sent": len(sent),
            "replied": sum(f.replied_at is not None and f.sent_at is not None and f.replied_at > f.sent_at
                           for f in sent)}


def sankeymatic(report: Report) -> str:
    """The flows as SankeyMATIC text (``Applied [4] Interview``), one per line."""
    return "".join(f"{a} [{n}] {b}\n" for a, b, n in report.sankey)
