"""The record stage: puts one classified email on record as FACTS (application, event, thread, the
interview's time, the recipient its headers allow) - and nothing else.

It runs inside the caller's transaction and talks to the database only through ``Store`` and
:mod:`agent.record.store.applications`. It never plans, cancels or addresses a follow-up: that is
:mod:`agent.followups.reconcile`, which reads these facts once per pass (and after every user action)
and makes the follow-ups what :func:`agent.followups.plan.plan` says they should be. So this module
imports nothing of :mod:`agent.followups`.

Linking (:mod:`agent.record.linking`): an application is (company, role) of one account; a job email
joins one by thread headers first, then by sender identity, then by role, then by company name only
when the domains agree; a company-name match from an unrelated registered domain opens a new
application flagged ``possible_duplicate_of``.
"""

from __future__ import annotations

import logging
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime

from agent.config import ClassifierSettings, Settings
from agent.mail.bounce import Bounce
from agent.mail.calendar import Invitation
from agent.mail.parse import email_text
from agent.mail.types import Address, ParsedEmail
from agent.record import applications as apps
from agent.record import contacts, linking
from agent.record.analysis import LanguageOf
from agent.record.batch_view import BatchView
from agent.record.facts import Facts, facts_of
from agent.record.rules import (
    BODY_KEEP_CHARS,
    JOB_LABELS,
    LABEL_STATUS,
    AppStatus,
    Disposition,
    Label,
    Remains,
    Thresholds,
    Verdict,
    calendar_news,
    held_by_user,
    no_news_unless_first,
    own_mail_is_news,
    parent_keys,
    reasons_to_keep,
    status_with_interview,
    thread_keys,
    typed_first,
)
from agent.record.store import ApplicationRow, Connection, Store, dumps_ids, iso, parse_iso
from agent.record.store import applications as app_store
from agent.record.store import bounces as bounce_store
from agent.record.store import followups as fu_store
from agent.record.store import journal
from agent.record.store import messages as msg_store
from agent.record.store.applications import ApplicationState, StatusEvent
from agent.record.store.database import Value

log = logging.getLogger(__name__)


class Recorder:
    """Applies classified emails to the store as facts (inside the caller's transaction)."""

    @classmethod
    def for_settings(cls, store: Store, settings: Settings, model_threshold: float = 0.5,
                     language_of: LanguageOf | None = None) -> Recorder:
        """The recorder for a config: the user's own addresses are every account's IMAP login and draft From
        (:func:`user_addresses`)."""
        recorder = cls(store, settings.classifier, user_addresses(settings), model_threshold=model_threshold,
                       language_of=language_of)
        recorder.account = settings.account  # what it records is the account's (see agent/record/store/migrations.py:v3_accounts)
        recorder.same_person = frozenset(settings.person_accounts())
        return recorder

    def __init__(self, store: Store, thresholds: ClassifierSettings, user_addresses: Sequence[str] = (),
                 model_threshold: float = 0.5, language_of: LanguageOf | None = None) -> None:
        self.store = store
        rejection = thresholds.rejection_threshold
        self.thresholds = Thresholds(rejection=rejection if rejection is not None else model_threshold,
                                     min_confidence=thresholds.min_confidence)
        self.user_addresses = frozenset(contacts.mailbox_key(a) for a in user_addresses if a)
        self.language_of = language_of  # the language of a company's email (its follow-up is written in it)
        self.account = "default"  # the account the emails it records arrived in
        # the accounts of the person ``account`` belongs to (None: every account is one person's): only their
        # applications' threads may take an email of this account
        self.same_person: frozenset[str] | None = None
        self.recorded_company: str | None = None  # the company of the application the last event joined
        self.view: BatchView | None = None  # the batch being recorded, as read before it (agent.record.batch)

    def is_from_user(self, email: ParsedEmail) -> bool:
        return email.from_ is not None and contacts.mailbox_key(email.from_.email) in self.user_addresses

    def record(self, conn: Connection, email: ParsedEmail, verdict: Verdict, received: datetime,
               now: datetime, facts: Facts | None = None, disposition: Disposition | None = None,
               language: str | None = None, seen: datetime | None = None,
               bounce: Bounce | None = None) -> tuple[Disposition, int | None]:
        """Put one email on record; returns (disposition, application_id or None). The application is
        also returned for a company's email in the thread of one that is no job event (a fact planning
        reads: the company wrote). ``facts``, ``disposition``, ``language`` (what ``language_of`` says of
        the email): when already computed by the intake. ``seen``: when Onward first looked at the email,
        if before ``now`` (a correction): the event is on record from then, as a right verdict would have
        put it. ``bounce``: the email is a mail system's delivery report (:func:`record_bounce`)."""
        if bounce is not None:
            self.record_bounce(conn, email, bounce, received, now)
            return Disposition.IGNORE, None
        if disposition is None:
            disposition = self.thresholds.disposition(verdict)
        from_user = self.is_from_user(email)
        if from_user and not own_mail_is_news(email):
            return Disposition.IGNORE, None  # the user's own reply, note or draft (All Mail holds them): no news
        if not from_user and no_news_unless_first(email.auto_reply, verdict) and \
                self._answers_an_application(conn, email, facts):
            return Disposition.IGNORE, None  # an out-of-office answering the user's mail: no news, nobody wrote
        if disposition != Disposition.EVENT or self._event_exists(conn, email.message_id):
            if from_user:
                return disposition, None
            if facts is not None and facts.calendar is not None:
                self.calendar_update(conn, email, facts.calendar, received, now)
            app_id = self._thread_application(conn, parent_keys(email), email.from_)
            if app_id is not None:  # the company wrote in the thread (whatever the email is)
                self._revive(conn, app_id, now)
                return disposition, app_id
            return disposition, None
        facts = facts or facts_of(email)
        calendar = facts.calendar if not from_user else None
        lang = None if from_user or self.language_of is None else \
            language if language is not None else self.language_of(email)
        app_id, duplicate_of, state, tied = self._link(conn, email, verdict.label, received, now, facts, lang)
        choice = contacts.recipient_rule(email, calendar.organizer if calendar else None, self.user_addresses,
                                         company_domains=tied)
        from_addr, sender_key = email.from_.email if email.from_ else None, contacts.sender_key(email.from_) or None
        event: dict[str, Value] = dict(
            message_id=email.message_id, application_id=app_id, label=verdict.label,
            confidence=round(verdict.confidence, 4), received_at=iso(received), subject=email.subject,
            from_addr=from_addr,
            contact_name=choice.contact.name if choice.contact else None,
            contact_email=choice.contact.email if choice.contact else None,
            references_json=dumps_ids(thread_keys(email)), source=verdict.source, account=self.account,
            recorded_at=iso(seen or now), contact_source=choice.source or None,
            contact_reason="; ".join(choice.notes) or None, sender_key=sender_key)
        self.store.add_event(conn, **event)
        # the application's own columns this email changes, in one UPDATE: its status as the events
        # derive it, a possible duplicate, the language of the company's latest email
        events = _with_event(state.events, StatusEvent(verdict.label, email.message_id, email.subject, iso(received)))
        if self.view is not None:
            self.view.stage_event(email.message_id)
            self.view.stage_state(replace(state, events=tuple(events),
                                          senders=state.senders | {app_store.event_sender(from_addr, sender_key)}))
        change = _status_change(events, state.row, now)
        if duplicate_of is not None:
            change["possible_duplicate_of"] = duplicate_of
        if lang is not None and state.row.language != lang and events[-1].message_id == email.message_id:
            change["language"] = lang  # the company's latest email's, by date (an older one read later: not)
        if change:
            self._update_application(conn, app_id, change)
        self.recorded_company = state.row.company
        if calendar is not None:
            self.apply_invitation(conn, app_id, email, calendar, received)
        return disposition, app_id

    def record_bounce(self, conn: Connection, email: ParsedEmail, bounce: Bounce, received: datetime,
                      now: datetime) -> None:
        """A mail system's report that the user's email could not be delivered: the failed recipients, with the
        Message-ID of that email (what ties them to a follow-up: its draft's or its copy's in Sent), as a fact.
        Never news of an application, whatever thread it cites: no event, no reply in a thread, no revival of an
        application gone silent. A report naming no failed recipient (a delay) or no email of the user's is
        only read."""
        if bounce.failed and bounce.original:
            bounce_store.record_bounce(conn, account=self.account, message_id=email.message_id,
                                       original=bounce.original, recipients=bounce.failed, bounced_at=received,
                                       recorded_at=now)

    def _answers_an_application(self, conn: Connection, email: ParsedEmail, facts: Facts | None) -> bool:
        """Whether an email answers in the thread of an application on record, or comes from a sender
        who already wrote for one."""
        if self._thread_application(conn, parent_keys(email), email.from_) is not None:
            return True
        key, sender = link_keys(email, facts or facts_of(email))
        return bool(sender) and bool(self._candidates(conn, key or "", sender)[1])

    def _event_exists(self, conn: Connection, message_id: str) -> bool:
        known = self.view.has_event(message_id) if self.view is not None else None
        return self.store.event_exists(conn, message_id, self.account) if known is None else known

    def _thread_application(self, conn: Connection, message_ids: Sequence[str],
                            sender: Address | None) -> int | None:
        """The application whose thread holds one of ``message_ids``: one of this account's; another account's
        of the same person only when the email's sender (its identity, :func:`agent.record.contacts.sender_key`,
        worked out only then: most mail is in no thread) wrote to it before - the company wrote to the user's
        other address citing its thread. Anyone else citing that thread is no news of another account's
        application (the email opens one of its own here), and another person's thread never is: a company
        writing to two job seekers of a careers service in one thread (a group email) writes to each."""
        if self.view is not None and self.view.covers(message_ids):
            owners = self.view.thread_owners(message_ids)
        else:
            owners = app_store.thread_owners_in_order(conn, message_ids)
        if self.same_person is not None:
            owners = [(app, acct) for app, acct in owners if acct in self.same_person]
        own = next((app for app, acct in owners if acct == self.account), None)
        if own is not None or not owners:
            return own
        return app_store.first_written_by(conn, [app for app, _acct in owners], contacts.sender_key(sender))

    def _revive(self, conn: Connection, app_id: int, now: datetime) -> None:
        """The company wrote: an application gone silent (``no_response``) takes its derived status again."""
        row = self.store.application(conn, app_id)
        if row is not None and row.status == AppStatus.NO_RESPONSE:
            self.refresh_status(conn, app_id, now, force=True)

    def apply_invitation(self, conn: Connection, app_id: int, email: ParsedEmail, inv: Invitation,
                         received: datetime) -> None:
        """An invitation's (or an update's) calendar part: the interview's time as a fact - when it
        became known (the email's date) and the invitation it came with (an update of the same event
        stays threaded under the first invitation; one for the interview the user typed, before its end, keeps
        when that became known). A cancellation clears the time and says which email cancelled it (and when:
        ``interview_set_at``). Neither when it is no news (:func:`agent.record.rules.calendar_news`): an older
        version of the event on record, a cancellation of another event."""
        row = self.store.known_application(conn, app_id)
        known_at = parse_iso(row.interview_set_at) if row.interview_set_at and \
            (row.interview_message_id or row.interview_cancelled_by) else None
        if not calendar_news(known_uid=row.interview_uid, known_at=known_at, uid=inv.uid, cancelled=inv.cancelled,
                             at=received):
            return
        if inv.cancelled:
            cancelled: dict[str, Value] = dict(interview_start=None, interview_end=None,
                                               interview_cancelled_by=email.message_id, interview_set_at=iso(received))
            if inv.uid:
                cancelled["interview_uid"] = inv.uid
            self._update_application(conn, app_id, cancelled)
            return
        typed = _typed_interview_ahead(row, received)
        fields: dict[str, Value] = dict(interview_start=iso(inv.start), interview_end=iso(inv.end),
                                      interview_set_at=iso(min(typed, received) if typed else received),
                                      interview_cancelled_by=None)
        if inv.uid:
            fields["interview_uid"] = inv.uid
        same_event = row.interview_message_id and (row.interview_uid == inv.uid or not inv.uid)
        if not same_event:
            fields["interview_message_id"] = email.message_id
        self._update_application(conn, app_id, fields)

    def set_interview(self, conn: Connection, app_id: int, start: datetime, end: datetime, now: datetime) -> None:
        """The interview's time as the user typed it (``onward interview --at``): a fact like an invitation's
        calendar part, known from ``now``; an application at an earlier stage is at the interview stage. A new
        time typed before the end of the interview typed earlier moves that interview: it stays known from when
        it was first typed (the news that ended the silence before it, as an invitation's update keeps the
        invitation's date); typed after its end, it is a new interview, known from ``now``, that names no
        invitation - not that of the interview before it, nor of one cancelled: its thank-you is its own
        (:func:`agent.followups.plan.interview_slot`)."""
        row = self.store.known_application(conn, app_id)
        typed = _typed_interview_ahead(row, now)
        fields: dict[str, Value] = dict(interview_start=iso(start), interview_end=iso(end),
                                      interview_set_at=iso(typed or now),
                                      interview_cancelled_by=None)
        if not row.interview_end or parse_iso(row.interview_end) <= now:
            fields.update(interview_uid=None, interview_message_id=None)
        if row.status in (AppStatus.APPLIED, AppStatus.ASSESSMENT, AppStatus.NO_RESPONSE):
            fields.update(status=AppStatus.INTERVIEW, updated_at=iso(now))
        self._update_application(conn, app_id, fields)

    def calendar_update(self, conn: Connection, email: ParsedEmail, inv: Invitation, received: datetime,
                        now: datetime) -> None:
        """A calendar email that is not a job email: it moves a known interview (same UID or thread)."""
        app_id = app_store.application_for_interview_uid(conn, inv.uid, self.account) or \
            self._thread_application(conn, parent_keys(email), email.from_)
        if app_id is not None:
            self.apply_invitation(conn, app_id, email, inv, received)

    def _link(self, conn: Connection, email: ParsedEmail, label: str, received: datetime, now: datetime,
              facts: Facts, language: str | None) -> tuple[int, int | None, ApplicationState, frozenset[str]]:
        """The application this email belongs to (:func:`agent.record.linking.choose`; a scheduling tool's booking
        naming no company: :func:`agent.record.linking.booking`), created when none or when the user applied again
        (:func:`agent.record.linking.applies_again`); for a new one, the application of the same company name it
        may duplicate; the application's row as it now is with its events before this email's
        (``language``: given to an application it creates); and the organisational domains that tied a booking
        to it (its ORGANIZER there may be thanked: :func:`agent.record.contacts.recipient_rule`)."""
        company, role = facts.company, facts.role
        key, sender = link_keys(email, facts)
        keys = thread_keys(email)
        thread_app = self._thread_application(conn, keys, email.from_)
        if thread_app is None and facts.calendar is not None:  # an update of a known interview (its UID)
            thread_app = app_store.application_for_interview_uid(conn, facts.calendar.uid, self.account)
        client = facts.agency.client if facts.agency is not None else None
        if thread_app is not None and client and (old := self._another_client(conn, thread_app, key or "", sender)):
            thread_app = None  # the recruiter wrote of a new client in an old client's thread
            if linking.role_key(role) == linking.role_key(old.role):
                role = None  # the old client's title, read off the thread's subject ("Re: BI Developer - Calder")
        by_key, by_sender = self._candidates(conn, key or "", sender) if thread_app is None else ([], [])
        vague = facts.agency is not None and not facts.agency.client and label != Label.ACKNOWLEDGEMENT

        def choose(weighed: tuple[list[linking.Candidate], list[linking.Candidate]]) -> linking.Link:
            return linking.choose(thread_app=thread_app, role=role, source=facts.source,
                                  sender_domain=contacts.key_domain(sender), candidates=weighed[0],
                                  same_sender=weighed[1], company_key=key or "", vague_agency=vague,
                                  agency_client=bool(client), shared_sender=contacts.shared_sender(email.from_, key or ""))

        booked = facts.calendar if thread_app is None and key is None and facts.calendar is not None and \
            not facts.calendar.cancelled and email.from_ is not None and contacts.is_relay(email.from_) else None
        tied: frozenset[str] = frozenset()
        if booked is not None:  # a scheduling tool's booking naming no company: whose its people say
            people = contacts.booking_people(email.from_, booked.organizer, booked.attendees, self.user_addresses)
            domains = sorted({contacts.org_domain(p.domain) for p in people})
            weighed = app_store.booking_candidates(conn, self.account)
            link = linking.booking(domains=domains, role=role, candidates=weighed)
            tied = next((linking.booking_ties(c, domains) for c in weighed if c.id == link.application_id),
                        frozenset())
        else:
            link = choose((by_key, by_sender))
            fresh = self._candidates_since_the_view(conn, key or "", sender, by_key, by_sender) \
                if link.application_id is None and thread_app is None else None
            if fresh is not None:
                link = choose(fresh)
        app_id = link.application_id
        state_read = self._application_state(conn, app_id) if app_id is not None and \
            label == Label.ACKNOWLEDGEMENT and link.reason != linking.LinkReason.THREAD else None
        if state_read is not None and linking.applies_again(
                acknowledgement=True, reason=link.reason, received=received,
                rejected_at=[parse_iso(e.received_at) for e in state_read.events if e.label == Label.REJECTION],
                another_ats=contacts.another_ats(email.from_, state_read.senders)):
            app_id = None
        if app_id is None:
            status = LABEL_STATUS[label]
            app_id = self.store.create_application(
                conn, company=company, company_key=key, role=role, status=status, message_id=email.message_id,
                subject=email.subject, now=now, account=self.account, language=language)
            state = ApplicationState(ApplicationRow(  # as created
                id=app_id, company=company, company_key=key, role=role, status=AppStatus(status).value,
                status_message_id=email.message_id, status_subject=email.subject, created_at=iso(now),
                updated_at=iso(now), account=self.account, language=language), ())
            if self.view is not None:
                self.view.stage_state(state)
        else:
            state = state_read or self._application_state(conn, app_id)
            row = state.row
            if company and (not row.company or (client and row.company_key != key and linking.spelled_by(
                    row.company_key or "", contacts.key_domain(sender)))):
                # what this email tells of the application that it lacks - or the client of an application an
                # agency's first email, naming none, put on record under the agency's own name
                row = replace(row, company=company, company_key=key)
            if not row.role and role:
                row = replace(row, role=role)
            if row != state.row:
                self._update_application(conn, app_id, dict(company=row.company, company_key=row.company_key,
                                                            role=row.role))
                state = replace(state, row=row)
        if self.view is not None:
            self.view.stage_held(app_id)  # locked above, or created by this transaction
        self._link_thread(conn, app_id, keys, state.row.account)
        return app_id, link.possible_duplicate_of, state, tied

    def _another_client(self, conn: Connection, app_id: int, client_key: str, sender: str) -> ApplicationRow | None:
        """Application ``app_id`` when it is of another client than the one an agency's email names
        (``client_key``): recorded under another name that is not the agency's own (the sender's organisational
        domain spells the agency's name: an application its first email opened naming no client); else None."""
        row = self._application_state(conn, app_id).row
        company_key = row.company_key or ""
        other = bool(company_key) and company_key != client_key and \
            not linking.spelled_by(company_key, contacts.key_domain(sender))
        return row if other else None

    def _candidates(self, conn: Connection, company_key: str, sender: str) -> tuple[list[linking.Candidate],
                                                                                     list[linking.Candidate]]:
        """The applications linking weighs for an email (those of its company, those of its sender): from the
        batch's view when it knows them, else from the database."""
        known = self.view.candidates(company_key, sender) if self.view is not None else None
        return app_store.link_candidates(conn, company_key, sender, self.account) if known is None else known

    def _candidates_since_the_view(self, conn: Connection, company_key: str, sender: str,
                                   by_key: list[linking.Candidate], by_sender: list[linking.Candidate]) \
            -> tuple[list[linking.Candidate], list[linking.Candidate]] | None:
        """Before a batch opens a new application from what its view read: the candidates as the database has
        them now, when it holds one the view does not (another process added it since - ``onward add`` - or
        gave it this company or sender), else None. One query, only when an application would be created."""
        if self.view is None or (not company_key and not sender) or \
                self.view.candidates(company_key, sender) is None:
            return None  # read from the database already
        now_known = app_store.link_candidates(conn, company_key, sender, self.account)
        seen = {c.id for c in (*by_key, *by_sender)}
        return now_known if any(c.id not in seen for c in (*now_known[0], *now_known[1])) else None

    def _application_state(self, conn: Connection, app_id: int) -> ApplicationState:
        """The application's row and events: as the batch's view has them when this transaction holds it and
        read them before, else read (and locked)."""
        if self.view is None:
            return app_store.application_state(conn, app_id)
        state = self.view.state(app_id)
        if state is None:
            state = app_store.application_state(conn, app_id, held=self.view.holds(app_id))
            self.view.stage_state(state)
        return state

    def _update_application(self, conn: Connection, app_id: int, values: dict[str, Value]) -> None:
        """Set the application's columns ``values`` (and tell the batch's view)."""
        self.store.update_application(conn, app_id, **values)
        if self.view is not None:
            self.view.stage_update(app_id, values)

    def _link_thread(self, conn: Connection, app_id: int, message_ids: Sequence[str], account: str) -> None:
        """``message_ids`` join the thread of application ``app_id`` of ``account``."""
        if self.view is None or not self.view.covers(message_ids):
            self.store.link_thread(conn, app_id, message_ids)
            return
        self.view.stage_thread(self.view.not_in_threads(message_ids), app_id, account)  # inserted with the batch

    def refresh_status(self, conn: Connection, app_id: int, now: datetime,
                       force: bool = False) -> ApplicationRow | None:
        """The status derived from the events (``force``: also when they are unchanged - a revival).
        Returns the application row as read before the update (None when it has no events)."""
        app_store.lock_applications(conn, [app_id])  # the events read next are all that are committed
        evs = self.store.application_events(conn, app_id)
        if not evs:
            if force:
                self._update_application(conn, app_id, dict(status=AppStatus.APPLIED, updated_at=iso(now)))
            return None
        row = self.store.known_application(conn, app_id)
        change = _status_change([StatusEvent(e.label, e.message_id, e.subject, e.received_at) for e in evs],
                                row, now, force)
        if change:
            self._update_application(conn, app_id, change)
        return row

    # -- corrections --------------------------------------------------------------------------------

    def correct(self, conn: Connection, email: ParsedEmail, label: str, received: datetime,
                now: datetime) -> str:
        """The user says this email is ``label``: fix the record at once. Returns what changed."""
        existing = self.store.event(conn, email.message_id, self.account)
        if existing is not None and existing.label == label:
            self.store.set_event_label(conn, email.message_id, label, self.account)
            return "unchanged"
        if existing is not None:
            app_id = existing.application_id
            if label in JOB_LABELS:
                self.store.set_event_label(conn, email.message_id, label, self.account)
            else:
                self.store.delete_event(conn, email.message_id, self.account)
            if self.refresh_status(conn, app_id, now) is None:  # its last job email is no job email
                return f"{existing.label} -> {label}; {self._without_events(conn, app_id, email.message_id, now)}"
            return f"{existing.label} -> {label}"
        seen = msg_store.first_processed_at(conn, email.message_id)
        disposition, _ = self.record(conn, email, Verdict.by_user(label), received, now,
                                     seen=min(parse_iso(seen), now) if seen else None)
        return f"recorded as {label}" if disposition == Disposition.EVENT else f"noted as {label}"

    def _without_events(self, conn: Connection, app_id: int, message_id: str, now: datetime) -> str:
        """An application left without job email by a correction: removed when nothing else of it is on
        record (:func:`reasons_to_keep`), else kept as ``applied``. Returns what was done, for the user."""
        row = self.store.known_application(conn, app_id)
        remains = Remains(
            applied_at=row.applied_at, contact_addr=row.contact_addr, interview_start=row.interview_start,
            notes=len(journal.notes_of(conn, app_id)),
            followups_touched=sum(1 for f in fu_store.followups_of(conn, app_id)
                                  if f.draft_message_id or f.sent_at or f.user_action),
            other_mail=len(msg_store.linked_message_ids(conn, app_id) - {message_id}))
        keep = reasons_to_keep(remains)
        if not keep:
            app_store.delete_application(conn, app_id)
            return (f"application {app_id} ({row.company or '-'}, {row.role or '-'}) removed: it had no other "
                    "email on record (label the email as a job email again to record it anew)")
        kept_as = row.status if held_by_user(row.status) else AppStatus.APPLIED
        if kept_as == AppStatus.APPLIED:
            self.refresh_status(conn, app_id, now, force=True)  # no events: applied
        return (f"application {app_id} ({row.company or '-'}, {row.role or '-'}) has no job email on record now; "
                f"kept as {kept_as} for {', '.join(keep)} (onward delete {app_id} removes it)")

    def relabel(self, conn: Connection, email: ParsedEmail, label: str, received: datetime, now: datetime,
                source: str) -> str:
        """The user says ``email`` is ``label`` (``onward label`` or a training folder): fix the record
        if the email is on it, and keep the email as a training example (one per Message-ID, the last
        word wins). Returns what changed."""
        change = "kept"
        if self.store.message_row(conn, email.message_id) is not None:
            change = self.correct(conn, email, label, received, now)
            self.store.set_message_label(conn, email.message_id, label, "classified")
        subject, body, sender = email_text(email)
        self.store.upsert_example(conn, message_id=email.message_id, label=label, subject=subject,
                                  body=body[:BODY_KEEP_CHARS], from_addr=sender, source=source, now=now)
        return change


def _typed_interview_ahead(row: ApplicationRow, at: datetime) -> datetime | None:
    """When the interview the user typed (``onward interview --at``: no invitation names it) became known, if it
    had not ended by ``at``: a time given for an interview then (typed again, or an invitation's) moves it, and
    it stays known from its first entry - the news that ended the silence before it."""
    if row.interview_set_at and row.interview_end and parse_iso(row.interview_end) > at and \
            typed_first(row.interview_message_id, parse_iso(row.interview_set_at)):
        return parse_iso(row.interview_set_at)
    return None


def link_keys(email: ParsedEmail, facts: Facts) -> tuple[str | None, str]:
    """What linking looks an email's applications up by: its company key (None when it names no company) and
    its sender identity ("" when none)."""
    return (apps.normalize_company(facts.company) if facts.company else None), contacts.sender_key(email.from_)


def _with_event(evs: Sequence[StatusEvent], new: StatusEvent) -> list[StatusEvent]:
    """``evs`` (oldest first) with the event just added, where the database orders it (by date, then
    by id: after those of the same date)."""
    at = bisect_right([e.received_at for e in evs], new.received_at)
    return [*evs[:at], new, *evs[at:]]


def _status_change(evs: Sequence[StatusEvent], row: ApplicationRow, now: datetime,
                   force: bool = False) -> dict[str, Value]:
    """The columns to set so that the application ``row`` has the status its events ``evs`` (oldest
    first, at least one) derive; none when it has it already (``force``: set them anyway - a revival).
    An interview the user typed (``onward interview --at``) counts as an interview email from when it was
    entered, as planning counts it (both: :func:`agent.record.rules.status_with_interview`); it names no
    email, so when it sets the status, the status still names the email it named."""
    if held_by_user(row.status):
        return {}  # withdrawn: the user's word, whatever the emails say since (the events are still recorded)
    typed = parse_iso(row.interview_set_at) if row.interview_start and row.interview_set_at and \
        typed_first(row.interview_message_id, parse_iso(row.interview_set_at)) else None
    status, idx = status_with_interview([(parse_iso(e.received_at), e.label) for e in evs], typed,
                                        parse_iso(row.interview_start) if typed and row.interview_start else None)
    message_id, subject = (row.status_message_id, row.status_subject) if idx is None else \
        (evs[idx].message_id, evs[idx].subject)
    if force or (row.status, row.status_message_id) != (status, message_id):
        return dict(status=status, status_message_id=message_id, status_subject=subject, updated_at=iso(now))
    return {}


def user_addresses(settings: Settings) -> list[str]:
    """The user's own addresses: every account's IMAP login and the From of its drafts (its ``from_address``),
    and the follow-up From address (``followup.from_address``, as written and as this account has it)."""
    accounts = [a.imap for a in settings.accounts] or ([settings.imap] if settings.imap else [])
    own = [addr for imap in accounts for addr in (imap.username, imap.from_address)]
    return list(dict.fromkeys(a for a in (*own, settings.explicit_from, settings.followup.from_address) if a))


def utcnow() -> datetime:
    return datetime.now(UTC)


__all__ = ["Recorder", "user_addresses", "utcnow"]
