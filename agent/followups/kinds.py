"""The timing of each kind of follow-up, pure: its stage and template choice, when an interview
thank-you is due and whether it still makes sense. :func:`agent.followups.plan.plan` uses them; the
whole rules of each kind are stated there.

* **rejection_thanks** - after a recorded rejection (see :mod:`agent.followups.rules`). Its stage
  chooses the template: ``after_interview`` when the application had an interview (an interview email
  or a known interview time; not the emails of an interview the company cancelled, nor an interview still
  ahead when the rejection came:
  :func:`agent.followups.plan.had_interview`), else ``after_application``, which
  ``followup.after_application_rejection = "skip"`` switches off. A rejection ends the application's open
  interview thank-you and check-in: the rejection's thank-you takes over (the user's word that it was
  rejected ends them too).
* **interview_thanks** - once the interview's time is known (the invitation's calendar part, a later
  update of it, or ``onward interview``): due two hours after its end, or at 09:00 the next morning
  when that falls after 18:00 local (09:00 the same morning when it falls before 09:00); none when the
  time is learnt more than :data:`INTERVIEW_THANKS_WITHIN` after the end. A moved interview moves an
  open thank-you; a cancelled one ends it.
* **check_in** - no news for ``followup.check_in_days`` (see :func:`agent.followups.plan.check_ins`);
  it gets a row once due, never only to be cancelled.
* **ghosting** - no news for ``followup.ghosted_days`` (from the last email of the company, the
  interview's end or the application date): the status becomes ``no_response``
  (:func:`agent.followups.reconcile.ghosted`); a later email from the company revives it.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from agent.followups.rules import Stage
from agent.followups.schedule import aware

INTERVIEW_THANKS_AFTER = timedelta(hours=2)
INTERVIEW_THANKS_WITHIN = timedelta(hours=24)
EVENING_HOUR = 18
MORNING_HOUR = 9


def rejection_stage(had_interview: bool) -> Stage:
    return Stage.AFTER_INTERVIEW if had_interview else Stage.AFTER_APPLICATION


def wants_rejection_thanks(stage: Stage, *, after_application_rejection: str) -> bool:
    """After an interview always; after an application unless ``after_application_rejection = "skip"``
    (``followup.rejection_thanks`` switches the kind off before this is asked)."""
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
