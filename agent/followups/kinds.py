"""The rules of each kind of follow-up, pure: when one is created, when it is due, what cancels it,
and when an application has gone silent (issue 11). The record stage (:mod:`agent.record.outcomes`)
and the time rules of a pass (:mod:`agent.followups.timeline`) apply them.

* **rejection_thanks** - after a recorded rejection (see :mod:`agent.followups.rules`). Its stage
  chooses the template: ``after_interview`` when the application had an interview (an interview email
  or a known interview time), else ``after_application``, which ``followup.after_application_rejection
  = "skip"`` switches off. A rejection cancels the application's open interview thank-you and
  check-in: the rejection's thank-you takes over.
* **interview_thanks** - once the interview's time is known (the invitation's calendar part, a later
  update of it, or ``onward interview``): due two hours after its end, or at 09:00 the next morning
  when that falls after 18:00 local (09:00 the same morning when it falls before 09:00); none when the
  time is learnt more than :data:`INTERVIEW_THANKS_WITHIN` after the end. A moved interview moves an
  open thank-you; a cancelled one cancels it.
* **check_in** - no news for ``followup.check_in_days`` after the acknowledgement (or the date an
  application added by hand was sent) or after an assessment invitation (written as after the
  application: the user took a test, not an interview), or after the interview's end; at most
  ``followup.max_check_ins`` per application, the next one counted from the last. It is scheduled as
  soon as the silence starts (``onward followups`` shows it) and cancelled by any email from the
  company before it is due; one cancelled so does not count, and the next silence gets its own. An
  application at the interview stage whose interview time is unknown gets none (nothing is guessed).
* **ghosting** - no news for ``followup.ghosted_days`` (from the last email of the company, the
  interview's end or the application date): the status becomes ``no_response``; a later email from the
  company revives it (the status is derived from the events again).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from agent.followups.rules import FollowupKind, Stage
from agent.followups.schedule import aware, next_sensible_time
from agent.record.rules import AppStatus

INTERVIEW_THANKS_AFTER = timedelta(hours=2)
INTERVIEW_THANKS_WITHIN = timedelta(hours=24)
EVENING_HOUR = 18
MORNING_HOUR = 9
OPEN_STAGES = (AppStatus.APPLIED, AppStatus.ASSESSMENT, AppStatus.INTERVIEW)


def rejection_stage(had_interview: bool) -> Stage:
    return Stage.AFTER_INTERVIEW if had_interview else Stage.AFTER_APPLICATION


def wants_rejection_thanks(stage: Stage, *, enabled: bool, after_application_rejection: str) -> bool:
    if not enabled:
        return False
    return stage == Stage.AFTER_INTERVIEW or after_application_rejection != "skip"


def interview_thanks_due(end: datetime, tz: ZoneInfo) -> datetime:
    """Two hours after the interview's end; 09:00 next morning when that is after 18:00 local (09:00
    the same morning when it is before 09:00). Aware UTC."""
    due = aware(end) + INTERVIEW_THANKS_AFTER
    local = due.astimezone(tz)
    if local.time() > time(EVENING_HOUR):
        day = local.date() + timedelta(days=1)
    elif local.time() < time(MORNING_HOUR):
        day = local.date()
    else:
        return due.astimezone(UTC)
    return datetime.combine(day, time(MORNING_HOUR), tzinfo=tz).astimezone(UTC)


def interview_thanks_in_time(end: datetime, now: datetime) -> bool:
    """Whether a thank-you for an interview that ended at ``end`` still makes sense ``now``."""
    return aware(now) <= aware(end) + INTERVIEW_THANKS_WITHIN


def cancelled_by_rejection(kind: str) -> bool:
    """An open interview thank-you or check-in is moot once the application is rejected."""
    return kind in (FollowupKind.INTERVIEW_THANKS, FollowupKind.CHECK_IN)


def cancelled_by_any_company_email(kind: str) -> bool:
    """A check-in asks for news: any email from the company (in the thread or not) is news."""
    return kind == FollowupKind.CHECK_IN


@dataclass(frozen=True)
class Timeline:
    """What the time rules need to know of one application."""

    status: str
    last_news: datetime | None       # the company's last email (an event), None: none yet
    applied_at: datetime | None      # onward add --applied
    interview_end: datetime | None
    check_ins: int                   # check-ins that count against max_check_ins
    last_check_in: datetime | None   # when the last one was due
    open_check_in: bool
    slots: int = 0                   # check-ins created so far (any status)


def _latest(*moments: datetime | None) -> datetime | None:
    known = [aware(m) for m in moments if m is not None]
    return max(known) if known else None


def check_in_anchor(t: Timeline) -> datetime | None:
    """The moment silence is counted from for a check-in, or None (no check-in at this stage)."""
    if t.status in (AppStatus.APPLIED, AppStatus.ASSESSMENT):  # an assessment: silence since its email
        return _latest(t.last_news, t.applied_at, t.last_check_in)
    if t.status == AppStatus.INTERVIEW and t.interview_end is not None:
        return _latest(t.interview_end, t.last_news, t.last_check_in)
    return None


def check_in_due(t: Timeline, *, days: int, max_check_ins: int, tz: ZoneInfo,
                 hours: tuple[int, int]) -> datetime | None:
    """When the next check-in is due (a weekday morning), or None when there is to be none."""
    if t.open_check_in or t.check_ins >= max_check_ins:
        return None
    anchor = check_in_anchor(t)
    if anchor is None:
        return None
    return next_sensible_time(anchor + timedelta(days=days), tz, hours)


def check_in_stage(t: Timeline) -> Stage:
    return Stage.AFTER_INTERVIEW if t.status == AppStatus.INTERVIEW else Stage.AFTER_APPLICATION


def ghosted(t: Timeline, *, days: int, now: datetime) -> bool:
    """No news for ``days`` (0: never): the application becomes ``no_response``."""
    if days <= 0 or t.status not in OPEN_STAGES:
        return False
    since = _latest(t.last_news, t.applied_at, t.interview_end)
    return since is not None and aware(now) - since >= timedelta(days=days)
