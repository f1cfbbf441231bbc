"""The weekly digest's content, pure: when it is due, its Message-ID, and what it says.

A digest belongs to an ISO week (in the user's time zone) and is due from that week's ``[digest]
weekday`` at ``hour`` (default Monday 08:00) until the week ends; a week that passed without a pass
gets none afterwards (a digest of old news helps nobody). It looks back at the week before (*last
week*): what came in, the drafts waiting to be reviewed, the follow-ups that bounced, applications going
quiet, last week's
applications against the week before's (kind, not pushy), and for each rejection of last week three
reflection prompts with the notes already written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from agent.insights.stats import (
    RESPONSE_LABELS,
    AppFacts,
    NoteFacts,
    Recorded,
    histories,
    iso_week,
    week_monday,
)

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
PROMPTS = ("What went well?", "What would you do differently next time?", "What skill would you like to grow?")
LABEL_WORDS = {"acknowledgement": "acknowledged your application", "assessment": "assessment (test or take-home)",
               "interview": "interview invitation",
               "offer": "offer", "rejection": "rejection"}
KIND_WORDS = {"rejection_thanks": "thank-you after the rejection", "interview_thanks": "thank-you after the interview",
              "check_in": "check-in"}


@dataclass(frozen=True)
class Digest:
    week: str
    subject: str
    body: str


# how long after it was saved a draft is named - one waiting, or one Onward cancelled, for deletion: as long as
# Onward looks for a draft's copy in Sent (``SENT_WINDOW_DAYS`` of the follow-up store). A draft the user
# deleted cannot be told from one saved again under a new Message-ID, so an older one is only counted
NOT_TO_SEND_DAYS = 60


def _named(drafted_at: str | None, now: datetime) -> bool:
    """Whether a draft saved at ``drafted_at`` is still named in the digest (``NOT_TO_SEND_DAYS``); one whose
    time is unknown is."""
    saved = _parse(drafted_at)
    return saved is None or now - saved <= timedelta(days=NOT_TO_SEND_DAYS)


def due_week(now: datetime, weekday: int, hour: int, tz: tzinfo) -> str | None:
    """The ISO week whose digest is due at ``now`` (None: this week's moment has not come yet)."""
    local = now.astimezone(tz)
    monday = local.date() - timedelta(days=local.weekday())
    moment = datetime.combine(monday + timedelta(days=weekday), time(hour), tz)
    return iso_week(local.date()) if local >= moment else None


def message_id(week: str, address: str) -> str:
    """``<onward-digest-2026-W45-{hash8}@{domain}>``: the same week and address, the same id (the draft is
    looked up in Drafts by it before APPEND, so it is never saved twice)."""
    domain = address.rpartition("@")[2] if "@" in address else "onward.invalid"
    digest = hashlib.sha256(f"{week}|{address.lower()}".encode()).hexdigest()[:8]
    return f"<onward-digest-{week}-{digest}@{domain}>"


def previous_week(week: str) -> str:
    return iso_week(week_monday(week) - timedelta(days=7))


def _day(d: datetime | date | None, tz: tzinfo) -> str:
    if d is None:
        return "?"
    if isinstance(d, datetime):
        d = d.astimezone(tz).date()
    return f"{d:%a} {d.day} {d:%b}"


def _name(app: AppFacts | None) -> str:
    if app is None:
        return "an application"
    return f"{app.company or 'an unknown company'} — {app.role or 'role unknown'}"


def _where(app: AppFacts | None, several: bool) -> str:
    """Which account's Drafts a draft is in, when the user has several ("" with one)."""
    return f" in the Drafts of account {app.account}" if several and app is not None else ""


def keep_going(last: int, before: int) -> str:
    """Last week's applications against the week before's: kind, never pushy."""
    counts = f"{last} application{'s' if last != 1 else ''} last week ({before} the week before)"
    if last and last >= before:
        return f"You sent {counts}. Nicely done: that rhythm carries you."
    if last:
        return f"You sent {counts}. Every one counts, and steady beats fast."
    if before:
        return (f"No new applications last week ({before} the week before). Quiet weeks happen; one small "
                "step this week is enough to get going again.")
    return "No new applications in the last two weeks. Whenever you are ready, one application is a good start."


def compose(rec: Recorded, week: str, tz: tzinfo, *, quiet_days: int = 14, now: datetime | None = None) -> Digest:
    """The digest of ``week`` (it looks back at the week before)."""
    last, before = previous_week(week), previous_week(previous_week(week))
    apps = {a.id: a for a in rec.apps}
    hist = histories(rec.apps, rec.events)
    now = now or datetime.combine(week_monday(week), time(8), tz)
    # the digest is named by one ISO week everywhere (subject, Message-ID, ``digest --json``): the week it
    # is saved in; the week it looks back at is given by its days
    lines = [f"Your job search last week ({_day(week_monday(last), tz)} – "
             f"{_day(week_monday(last) + timedelta(days=6), tz)})", ""]

    came = sorted((e for e in rec.events if iso_week(e.received_at, tz) == last), key=lambda e: e.received_at)
    lines.append("What came in last week")
    lines += [f"  • {_name(apps.get(e.application_id))}: {LABEL_WORDS.get(e.label, e.label)} "
              f"({_day(e.received_at, tz)})" for e in came] or ["  Nothing new came in."]

    lines += ["", "Drafts waiting for you in Drafts"]
    # with several accounts each draft is in the Drafts of its application's account: the digest says which
    several = len({a.account for a in rec.apps}) > 1
    recent = [d for d in rec.drafts_waiting if _named(d.drafted_at, now)]
    waiting = [f"  • {_name(apps.get(d.application_id))}: {KIND_WORDS.get(d.kind, d.kind)} "
               f"(saved {_day(_parse(d.drafted_at), tz)}{_where(apps.get(d.application_id), several)}"
               f"{'' if d.to else '; no recipient yet: add one there'})"
               for d in recent]
    older = len(rec.drafts_waiting) - len(recent)
    lines += (waiting + ["  Read them over, change what you like, and send the ones that fit."]) if waiting \
        else [f"  None saved in the last {NOT_TO_SEND_DAYS} days." if older else "  None: you are up to date."]
    if older:
        lines.append(f"  ({older} saved more than {NOT_TO_SEND_DAYS} days ago: no longer named here; "
                     "onward followups lists them)")
    # Onward never deletes mail: a draft whose follow-up news ended after it was saved is still in Drafts
    stale = [f"  • {_name(apps.get(d.application_id))}: {KIND_WORDS.get(d.kind, d.kind)} (saved {_day(saved, tz)}"
             f"{_where(apps.get(d.application_id), several)})"
             for d in rec.drafts_not_to_send if (saved := _parse(d.drafted_at)) is not None and _named(d.drafted_at, now)]
    if stale:
        lines += ["", "Drafts not to send - delete them from Drafts"] + stale + [
            "  What came after them (a rejection, news, your correction) means they no longer fit; "
            "onward followups says why."]

    # a follow-up the user sent that a mail system could not deliver: the address is dead for that application
    bounced = sorted((b for b in rec.bounced if iso_week(b.at, tz) == last), key=lambda b: b.at)
    if bounced:
        lines += ["", "Mail that bounced"] + [
            f"  • {_name(apps.get(b.application_id))}: your {KIND_WORDS.get(b.kind, b.kind)} to {b.address} "
            f"could not be delivered ({_day(b.at, tz)})" for b in bounced] + [
            "  Onward no longer addresses this application's follow-ups to it (unless it writes to you again); "
            "onward followups shows one waiting for another address, and onward followups set ID --to gives it one."]

    # the last news: an email, or the interview on record once it has taken place (one ahead is not quiet)
    latest = {h.app.id: h.start for h in hist.values()}
    for e in rec.events:
        latest[e.application_id] = max(latest.get(e.application_id, e.received_at), e.received_at)
    quiet = []
    for h in sorted(hist.values(), key=lambda h: h.start):
        if h.app.status not in ("applied", "assessment", "interview"):
            continue
        if h.app.interview_at is not None:
            if h.app.interview_at > now:
                continue
            latest[h.app.id] = max(latest[h.app.id], h.app.interview_at)
        days = (now - latest[h.app.id]).days
        if days >= quiet_days:
            quiet.append(f"  • {_name(h.app)}: no news for {days} days")
    lines += ["", "Going quiet"] + (quiet or ["  Nothing has gone quiet."])

    started = [iso_week(h.applied_on, tz) for h in hist.values() if h.applied_on is not None]
    lines += ["", "Keep going", f"  {keep_going(started.count(last), started.count(before))}"]

    rejected = [e for e in came if e.label == "rejection"]
    if rejected:
        lines += ["", "After last week's rejections", "  A few minutes with these questions turns a no into "
                  "something you keep:"]
        for e in rejected:
            lines += ["", f"  {_name(apps.get(e.application_id))}"] + [f"    - {q}" for q in PROMPTS]
            lines += _notes_of(rec.notes, e.application_id, tz)
            lines.append(f"    Keep your answers with: onward reflect {e.application_id}")
    responses = sum(e.label in RESPONSE_LABELS for e in came)
    lines += ["", f"{len(came)} email(s) recorded last week, {responses} of them a response. "
              "This is a draft from Onward to you; it is never sent."]
    return Digest(week, f"Onward weekly digest — {week}", "\n".join(lines) + "\n")


def _notes_of(notes: Sequence[NoteFacts], app_id: int, tz: tzinfo) -> list[str]:
    mine = [n for n in notes if n.application_id == app_id]
    return [f"    Your note ({n.written_at.astimezone(tz).date().isoformat()}): {n.text.strip()}"
            for n in mine]


def _parse(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
