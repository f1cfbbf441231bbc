"""An updated invitation outside the invitation's thread (a calendar service's "Updated invitation",
from its own address) belongs to the application of the interview it updates - found by its iCalendar
UID, in this account only - and moves that interview: no second application (which would plan a
second interview thank-you, to the calendar service).  Whole passes against the in-memory mailbox."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from pathlib import Path

from agent.mail.parse import parse_message
from agent.model.classifier import Classifier
from agent.record.facts import facts_of
from agent.record.rules import Disposition, Verdict
from agent.record.store.applications import application_for_interview_uid
from tests import followup_samples as fs
from tests.unit.memory_world import USER, deliver, memory_world, outcomes

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def _ics(uid: str, start: datetime, sequence: int = 0) -> str:
    stamp = start.strftime("%Y%m%dT%H%M%SZ")
    end = (start + timedelta(hours=1)).strftime("%Y%m%dT%H%M%SZ")
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\n"
            f"UID:{uid}\r\nSEQUENCE:{sequence}\r\nDTSTART:{stamp}\r\nDTEND:{end}\r\nSUMMARY:Interview\r\n"
            "ORGANIZER;CN=Jane Park:mailto:jane@acme.test\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def _message(*, sender: str, subject: str, text: str, mid: str, date: datetime, ics: str) -> bytes:
    return (f"From: {sender}\r\nTo: {USER}\r\nSubject: {subject}\r\nMessage-ID: {mid}\r\n"
            f"Date: {date.strftime('%a, %d %b %Y %H:%M:%S +0000')}\r\nMIME-Version: 1.0\r\n"
            "Content-Type: multipart/mixed; boundary=B\r\n\r\n"
            f"--B\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n"
            f"--B\r\nContent-Type: text/calendar; method=REQUEST\r\n\r\n{ics}\r\n--B--\r\n").encode()


INVITE = ("Dear Alex,\r\n\r\nThank you for applying for the Data Engineer position at Acme. We would like to "
          "invite you to an interview with our team. The invitation is attached; please let us know if "
          "the time does not suit you.\r\n\r\nBest regards,\r\nJane Park\r\nTalent Acquisition, Acme")
UPDATE = "This event has been changed. Updated time below.\r\n\r\nInvitation from a calendar service"


def _interview_start(store, app_id: int) -> str | None:  # type: ignore[no-untyped-def]
    with store.transaction() as conn:
        return store.application(conn, app_id).interview_start


def _invited(box, agent) -> None:  # type: ignore[no-untyped-def]
    """Acme's invitation (calendar UID iv-77@acme.test, the interview in three days), recorded by a pass."""
    deliver(box, _message(sender="Jane Park <jane@acme.test>", subject="Interview invitation: Data Engineer",
                          text=INVITE, mid="<invite@acme.test>", date=T0,
                          ics=_ics("iv-77@acme.test", T0 + timedelta(days=3))))
    agent.run_pass(now=T0 + timedelta(hours=1))


def test_an_updated_invitation_outside_the_thread_moves_the_interview_by_its_uid(
        tmp_path: Path, model: Classifier) -> None:
    box, agent, store = memory_world(tmp_path, model)
    try:
        _invited(box, agent)
        with store.transaction() as conn:
            app_id = application_for_interview_uid(conn, "iv-77@acme.test")
            assert app_id is not None
            assert application_for_interview_uid(conn, "iv-77@acme.test", "another-account") is None
            assert application_for_interview_uid(conn, "") is None
        assert _interview_start(store, app_id) == (T0 + timedelta(days=3)).isoformat(timespec="seconds")
        moved = T0 + timedelta(days=4, hours=2)
        deliver(box, _message(sender="Calendar <calendar-notification@calendar.example>",
                              subject="Updated invitation: Interview @ Thu", text=UPDATE,
                              mid="<update@calendar.example>", date=T0 + timedelta(days=1),
                              ics=fs.ics("iv-77@acme.test", moved, moved + timedelta(hours=1), "jane@acme.test",
                                         sequence=1, summary="Acme / Alex")))
        agent.run_pass(now=T0 + timedelta(days=1, hours=1))
        assert [o.id for o in outcomes(store)] == [app_id]
        assert _interview_start(store, app_id) == moved.isoformat(timespec="seconds")
    finally:
        store.close()


def test_a_calendar_update_read_as_no_job_email_still_moves_the_interview(tmp_path: Path, model: Classifier) -> None:
    """An "Updated invitation" the model does not call a job email (``other``) is no event, and still moves
    the interview of its UID; an update of another calendar event moves nothing."""
    box, agent, store = memory_world(tmp_path, model)
    try:
        _invited(box, agent)
        [app] = outcomes(store)
        first = _interview_start(store, app.id)
        moved, elsewhere = T0 + timedelta(days=4, hours=2), T0 + timedelta(days=9)
        for uid, when, mid in (("yoga-class@calendar.example", elsewhere, "<u0@calendar.example>"),
                               ("iv-77@acme.test", moved, "<u1@calendar.example>")):
            raw = _message(sender="Calendar <calendar-notification@calendar.example>",
                           subject="Updated invitation @ Thu", text="Updated event", mid=mid,
                           date=T0 + timedelta(days=1), ics=_ics(uid, when, sequence=1))
            email = parse_message(raw)
            with store.transaction() as conn:
                disposition, joined = agent.recorder.record(
                    conn, email, Verdict("other", 0.97, 0.01), T0 + timedelta(days=1), T0 + timedelta(days=1),
                    facts_of(email, raw))
            assert (disposition, joined) == (Disposition.IGNORE, None)
            assert _interview_start(store, app.id) == (first if uid.startswith("yoga") else
                                                       moved.isoformat(timespec="seconds"))
        with store.transaction() as conn:
            assert [e.message_id for e in store.application_events(conn, app.id)] == ["<invite@acme.test>"]
        assert [o.id for o in outcomes(store)] == [app.id]
    finally:
        store.close()



def _bare_update(start: datetime) -> bytes:
    """A calendar service's bare "Updated invitation" (no word of a job), from the recruiter's address."""
    msg = EmailMessage(policy=SMTP)
    msg["From"], msg["To"] = "Bill L <bill@initech.example>", USER
    msg["Subject"] = "Updated invitation: Initech / Alex (Fri 13 Nov 15:00)"
    msg["Date"], msg["Message-ID"] = format_datetime(T0 + timedelta(days=2)), "<u1@initech.example>"
    msg.set_content("This event has been updated.\n\nChanged: time\n\nJoin with Google Meet: meet.example/abc-defg-hij\n")
    msg.add_alternative(fs.ics("ev-1", start, start + timedelta(hours=1), "bill@initech.example", sequence=1,
                               summary="Initech / Alex"), subtype="calendar", params={"method": "REQUEST"})
    return msg.as_bytes()


def test_a_pass_moves_the_interview_by_an_update_the_model_reads_as_no_job_email(
        tmp_path: Path, model: Classifier) -> None:
    """Through a whole pass: an email that is no job email but carries a calendar part (a bare "Updated
    invitation", which the model reads as ``other``) is not written off as a plain row - it goes through the
    record stage, which moves the interview of its UID."""
    box, agent, store = memory_world(tmp_path, model)
    try:
        deliver(box, fs.invitation("Initech", "QA Lead", "Bill L", "bill@initech.example", T0,
                                   "<i1@initech.example>", start=T0 + timedelta(days=9, hours=6), uid="ev-1"))
        agent.run_pass(T0 + timedelta(hours=1))
        moved = T0 + timedelta(days=11, hours=6)
        deliver(box, _bare_update(moved))
        agent.run_pass(T0 + timedelta(days=2, hours=1))
        with store.transaction() as conn:
            [label] = conn.exec_driver_sql(
                "SELECT label FROM messages WHERE message_id = '<u1@initech.example>'").scalars().all()
        [app] = outcomes(store)
        assert label == "other"  # the case under test: the model calls it no job email
        assert _interview_start(store, app.id) == moved.isoformat(timespec="seconds")
    finally:
        store.close()
