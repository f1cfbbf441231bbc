"""What a follow-up row is, as the record keeps it: its kinds, stages, statuses and the typed row.

These are record vocabulary (the ``followups`` table, ``followups --json``), so they live beside the
store; the follow-up rules (:mod:`agent.followups`) import them, never the other way round.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum


class FollowupKind(StrEnum):
    """What a follow-up is for (``followups --json`` ``kind``); each can be switched off in [followup]."""

    REJECTION_THANKS = "rejection_thanks"  # after a rejection: thanks, and feedback after interviews
    INTERVIEW_THANKS = "interview_thanks"  # within a day of an interview's end
    CHECK_IN = "check_in"                  # no news for followup.check_in_days


class Stage(StrEnum):
    """How far an application got when the follow-up is written: chooses the template."""

    AFTER_APPLICATION = "after_application"
    AFTER_INTERVIEW = "after_interview"


class FollowupStatus(StrEnum):
    """A follow-up's status (``followups --json`` ``status``)."""

    SCHEDULED = "scheduled"
    DRAFTED = "drafted"
    CANCELLED = "cancelled"
    NEEDS_RECIPIENT = "needs_recipient"
    SENT = "sent"  # drafted, then sent by the user from the mail client (found in Sent)


class UserAction(StrEnum):
    """The user's last word on one follow-up (``followups skip|set|restore|sent``): a fact planning respects."""

    SKIPPED = "skipped"
    SET = "set"
    RESTORED = "restored"
    SENT = "sent"  # the user said the draft was sent (its copy in Sent was not recognised)


OPEN_STATUSES: tuple[FollowupStatus, ...] = (FollowupStatus.SCHEDULED, FollowupStatus.NEEDS_RECIPIENT)


def is_open(status: str, draft_message_id: str | None) -> bool:
    """The one "open follow-up" rule: not drafted, not cancelled, no draft saved."""
    return status in OPEN_STATUSES and not draft_message_id


@dataclass(frozen=True)
class Followup:
    """One follow-up as the store holds it."""

    id: int
    application_id: int
    rejection_message_id: str
    rejected_at: str
    due_at: str
    status: str
    to_name: str | None
    to_addr: str | None
    subject: str | None
    in_reply_to: str
    references_json: str | None
    draft_message_id: str | None
    drafted_at: str | None
    reason: str | None
    created_at: str
    kind: str = FollowupKind.REJECTION_THANKS
    template: str | None = None
    language: str | None = None
    slot: str | None = None
    sent_at: str | None = None  # when the user sent the draft (status sent)
    ended_by: str | None = None  # the fact that cancelled it (a Message-ID, "user", "interview", "plan")
    user_action: str | None = None  # UserAction: the user's last word on it
    recipient_set_at: str | None = None  # when the user set the recipient (followups set --to): kept by planning
    due_set_at: str | None = None  # when the user set the due time (followups set --due): kept by a restore too
    sent_message_id: str | None = None  # the Message-ID of the copy the user sent (status sent), as found in Sent
    ended_at: str | None = None  # when the user's mail that cancelled it was written (found in Sent)
    draft_text: str | None = None  # the body of the draft as saved: which of two drafts a copy in Sent is
    account: str = "default"

    @property
    def is_open(self) -> bool:
        return is_open(self.status, self.draft_message_id)

    @property
    def restored(self) -> bool:
        """Whether the user brought it back (``followups restore``), even if they set its recipient or time since
        (``followups set``): only a restore opens a cancelled row again, and it keeps the fact the row was
        cancelled by (``ended_by``), which then no longer cancels it - nor does the user's own mail in Sent."""
        return self.user_action == UserAction.RESTORED or (self.is_open and self.ended_by is not None)

    @property
    def references(self) -> list[str]:
        """The draft's References: the answered email's, then that email itself - last, where a reply names
        its parent (``references_json`` holds the email's thread keys, its own Message-ID first)."""
        keys = json.loads(self.references_json or "[]")
        refs = [r for r in keys if isinstance(r, str) and r != self.in_reply_to]
        return [*refs, self.in_reply_to] if self.in_reply_to else refs
