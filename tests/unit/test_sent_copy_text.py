"""Two of Onward's drafts wait in one thread to one person - an interview thank-you and the check-in
after it, both "Re: <the same subject>" - and the user sends one from the mail client, which gives the
copy in Sent a new Message-ID. The headers cannot tell which one it was; the copy's text can
(:mod:`agent.followups.likeness`, :func:`agent.followups.rules.match_copies`, the draft's text kept as
``followups.draft_text``). The one the user sent is ``sent``; the other still waits; a copy like neither
is credited to nobody.
"""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime, timedelta

import hypothesis.strategies as st
import pytest
from hypothesis import given, settings

from agent import shipped
from agent.demo import samples
from agent.followups import likeness
from agent.followups.draft import render_body
from agent.followups.language import salutation
from agent.followups.rules import match_copies
from agent.mail.parse import parse_message
from agent.record.followup_rows import Followup, FollowupKind, FollowupStatus
from tests import followup_samples as fs
from tests.unit.memory_world import deliver, followups, memory_world

T0 = datetime(2026, 9, 7, 8, 0, tzinfo=UTC)  # a Monday
JANE = "jane.miller@acmerobotics.test"
INVITATION = "<inv1@acmerobotics.test>"

# -- the text rule, pure ----------------------------------------------------------------------------------

LANGS = ["en", "de", "fr", "es", "it", "nl", "pt-BR", "pt-PT"]
NOTES = [("interview_thanks/after_interview", 1), ("rejection_thanks/after_interview", 1),
         ("rejection_thanks/after_application", 1), ("check_in/after_interview", 1), ("check_in/after_interview", 2),
         ("check_in/after_application", 1), ("check_in/after_application", 2)]


def _can_wait_together(a: tuple[str, int], b: tuple[str, int]) -> bool:
    """Whether one application can have both drafts waiting: one rejection thank-you, and one first and
    one second check-in, per application."""
    kind_a, kind_b = a[0].split("/")[0], b[0].split("/")[0]
    return a != b and not (kind_a == kind_b == "rejection_thanks") and not (
        kind_a == kind_b == "check_in" and a[1] == b[1])


PAIRS = [(a, b) for a, b in itertools.permutations(NOTES, 2) if _can_wait_together(a, b)]
FILLER = ["blorp", "quizzle", "frabjous", "snark", "wug"]  # words no template uses


def _note(name: str, n: int, lang: str, company: str, role: str, contact: str) -> str:
    return render_body(shipped.template_text(f"{name}.{lang}.txt.j2"), company=company, role=role,
                       contact_name=contact, your_name="Alex Doe", signature="Alex Doe\nData person\n+1 555 0100",
                       salutation=salutation(lang, contact),
                       extra={"check_in": n, "lang": lang.split("-")[0], "interview_on": "on Monday",
                              "applied_on": "on 3 March", "previous_on": "on 5 March"})


def _edit(text: str, edits: list[tuple[int, int, int]]) -> str:
    """``text`` with a few words replaced, deleted or inserted: (where, what, which filler word)."""
    words = text.split(" ")
    for where, what, filler in edits:
        i = where % len(words)
        if what == 0:
            words[i] = FILLER[filler]
        elif what == 1 and len(words) > 1:
            del words[i]
        else:
            words.insert(i, FILLER[filler])
    return " ".join(words)


@settings(max_examples=300, deadline=None)
@given(pair=st.sampled_from(PAIRS), lang=st.sampled_from(LANGS),
       company=st.sampled_from(["Acme Robotics", "Globex", "Umbrella Health", "Lumière Technologies"]),
       role=st.sampled_from(["Backend Engineer", "Data Analyst", "Ingénieur logiciel"]),
       contact=st.sampled_from(["Jane Miller", "Omar Haddad", "Anna Schmidt"]),
       edits=st.lists(st.tuples(st.integers(0, 500), st.integers(0, 2), st.integers(0, len(FILLER) - 1)),
                      max_size=2),
       rewrap=st.booleans(), client_signature=st.booleans(), quoted_other=st.booleans())
def test_a_copy_with_a_few_words_edited_is_its_draft_and_never_the_other(pair, lang, company, role, contact, edits,
                                                                         rewrap, client_signature, quoted_other):
    """For every two notes that can wait together in one thread, in every shipped language: the copy of
    one, with up to two words edited, re-wrapped, a signature added by the mail client, the other note
    quoted below it, is that one's; the other note's text is the other's; a note the user wrote from
    scratch is neither's."""
    a, b = (_note(name, n, lang, company, role, contact) for name, n in pair)
    copy = _edit(a, edits)
    if rewrap:
        copy = re.sub(r"\s+", " ", copy)  # one long line: a client that re-flows the text
    if client_signature:
        copy += "\n-- \nSent from my phone\n"
    if quoted_other:
        copy += f"\nOn Mon, 7 Sep 2026 at 10:00, Alex Doe wrote:\n{b}"
    drafts = {"a": a, "b": b}
    assert likeness.which(copy, drafts) == ["a"], likeness.scores(copy, drafts)
    assert likeness.which(b, drafts) == ["b"], likeness.scores(b, drafts)
    own_words = f"{salutation(lang, contact)}\n\nSorry, I cannot make Thursday. Could we move to Friday?\n\nAlex"
    assert likeness.which(own_words, drafts) == []


def test_a_copy_rewritten_or_merging_both_drafts_is_nobodys_and_two_same_notes_are_one():
    a = _note("interview_thanks/after_interview", 1, "en", "Acme Robotics", "Backend Engineer", "Jane Miller")
    b = _note("check_in/after_interview", 1, "en", "Acme Robotics", "Backend Engineer", "Jane Miller")
    assert likeness.which(f"{a}\n{b}", {"a": a, "b": b}) == []  # both at once: the user merged them
    half = " ".join(a.split(" ")[: len(a.split(" ")) // 3])
    assert likeness.which(half, {"a": a, "b": b}) == []  # a third of it: not clearly that draft
    assert likeness.which(a, {"a": a, "a2": a, "b": b}) == ["a", "a2"]  # the same words twice: one note
    assert likeness.which(a, {}) == []


# -- the match of copies to drafts, pure -----------------------------------------------------------------

def _sent(mid: str, at: datetime, body: str, *, to: str = JANE):
    return parse_message(samples.build_email(from_=samples.USER, to=to, subject="Re: Interview", date=at,
                                             message_id=mid, in_reply_to=INVITATION, references=[INVITATION],
                                             body=body))


def _drafted(fid: int, days: int, text: str | None, kind: str = FollowupKind.CHECK_IN) -> Followup:
    at = (T0 + timedelta(days=days)).isoformat()
    return Followup(id=fid, application_id=1, rejection_message_id=INVITATION, rejected_at=at, due_at=at,
                    status=FollowupStatus.DRAFTED, to_name=None, to_addr=JANE, subject="Interview",
                    in_reply_to=INVITATION, references_json="[]", draft_message_id=f"<draft-{fid}@example.org>",
                    drafted_at=at, reason=None, created_at=at, kind=kind, draft_text=text)


THANKS = _note("interview_thanks/after_interview", 1, "en", "Acme Robotics", "Backend Engineer", "Jane Miller")
CHECK_IN = _note("check_in/after_interview", 1, "en", "Acme Robotics", "Backend Engineer", "Jane Miller")


def test_the_text_is_asked_for_only_when_two_drafts_could_own_a_copy_then_it_decides():
    thanks, check_in = _drafted(1, 3, THANKS, FollowupKind.INTERVIEW_THANKS), _drafted(2, 8, CHECK_IN)
    threads = {1: {INVITATION}, 2: {INVITATION}}
    early = _sent("<early@client>", T0 + timedelta(days=4), THANKS)  # before the check-in was saved: one draft
    late = _sent("<late@client>", T0 + timedelta(days=9), THANKS.replace("happy", "glad"))
    first = match_copies([thanks, check_in], threads, [late], {})
    assert (first.copies, first.needs_text) == ({}, ["<late@client>"])
    second = match_copies([thanks, check_in], threads, [late], {"<late@client>": late.text})
    assert ({k: m.message_id for k, m in second.copies.items()}, second.needs_text) == ({1: "<late@client>"}, [])
    only = match_copies([thanks, check_in], threads, [early], {})
    assert ({k: m.message_id for k, m in only.copies.items()}, only.needs_text) == ({1: "<early@client>"}, [])
    # the draft's own Message-ID needs no text, whatever else is in Sent
    own = _sent("<draft-2@example.org>", T0 + timedelta(days=9), "anything")
    assert {k: m.message_id for k, m in match_copies([thanks, check_in], threads, [own], {}).copies.items()} == {
        2: "<draft-2@example.org>"}


def test_a_copy_like_neither_draft_is_nobodys_and_drafts_without_a_kept_text_go_to_the_newest():
    threads = {1: {INVITATION}, 2: {INVITATION}}
    mine = _sent("<own@client>", T0 + timedelta(days=9), "Hi Jane, I cannot make Thursday after all.")
    found = match_copies([_drafted(1, 3, THANKS), _drafted(2, 8, CHECK_IN)], threads, [mine],
                         {"<own@client>": mine.text})
    assert (found.copies, found.needs_text) == ({}, [])
    legacy = match_copies([_drafted(1, 3, None), _drafted(2, 8, None)], threads, [mine], {})
    assert ({k: m.message_id for k, m in legacy.copies.items()}, legacy.needs_text) == ({2: "<own@client>"}, [])


@settings(max_examples=80, deadline=None)
@given(order=st.permutations([0, 1]), sent_hours=st.lists(st.integers(1, 200), min_size=2, max_size=2),
       edits=st.lists(st.tuples(st.integers(0, 500), st.integers(0, 2), st.integers(0, 4)), max_size=2))
def test_two_copies_under_new_ids_each_find_their_own_draft_in_any_order(order, sent_hours, edits):
    """The user sends both drafts, in either order, each under a new Message-ID and a little edited:
    each is credited with its own copy (two calls: without texts, then with those asked for)."""
    drafts = [_drafted(1, 3, THANKS, FollowupKind.INTERVIEW_THANKS), _drafted(2, 8, CHECK_IN)]
    threads = {1: {INVITATION}, 2: {INVITATION}}
    start = T0 + timedelta(days=9)
    at = start
    mail = []
    for i, hours in zip(order, sent_hours, strict=True):
        at += timedelta(hours=hours)
        mail.append(_sent(f"<copy-of-{i + 1}@client>", at, _edit(drafts[i].draft_text or "", edits)))
    first = match_copies(drafts, threads, mail, {})
    texts = {m.message_id: m.text for m in mail if m.message_id in first.needs_text}
    found = match_copies(drafts, threads, mail, texts)
    assert found.needs_text == []
    assert {k: m.message_id for k, m in found.copies.items()} == {1: "<copy-of-1@client>", 2: "<copy-of-2@client>"}


# -- whole passes over the in-memory mailbox -------------------------------------------------------------

def _both_drafted(tmp_path, model):
    """An interview with Jane (an invitation with its time), the thank-you drafted after it, and five
    quiet days later the check-in, both in the invitation's thread to Jane. (box, agent, store, thanks,
    check-in, their drafts' texts as saved in Drafts)"""
    box, agent, store = memory_world(tmp_path, model, followup={"max_days": 60, "min_days": 3, "check_in_days": 5})
    deliver(box, fs.invitation("Acme Robotics", "Backend Engineer", "Jane Miller", JANE, T0, INVITATION,
                               start=T0 + timedelta(days=2), uid="ev1"))
    for days in (1, 3, 8):
        agent.run_pass(T0 + timedelta(days=days))
    thanks, check_in = sorted(followups(store), key=lambda f: f.id)
    assert (thanks.kind, thanks.status, check_in.kind, check_in.status) == (
        FollowupKind.INTERVIEW_THANKS, FollowupStatus.DRAFTED, FollowupKind.CHECK_IN, FollowupStatus.DRAFTED)
    assert thanks.in_reply_to == check_in.in_reply_to and thanks.to_addr == check_in.to_addr == JANE
    texts = {m.message_id: m.text for m in map(parse_message, box.raw_messages("Drafts"))}
    return box, agent, store, thanks, check_in, texts


def _send(box, text: str, at: datetime, message_id: str) -> None:
    deliver(box, samples.build_email(from_=samples.USER, to=f"Jane Miller <{JANE}>",
                                     subject="Re: Interview invitation: Backend Engineer at Acme Robotics", date=at,
                                     message_id=message_id, in_reply_to=INVITATION, references=[INVITATION],
                                     body=text), "Sent")


@pytest.mark.parametrize("which", ["thanks", "check_in"])
def test_the_draft_the_user_sent_under_a_new_message_id_is_sent_and_the_other_still_waits(tmp_path, model, which):
    """The older draft sent (the thank-you, a word changed) is the thank-you sent - not the check-in; the
    newer sent is the check-in."""
    box, agent, store, thanks, check_in, texts = _both_drafted(tmp_path, model)
    try:
        sent, waiting = (thanks, check_in) if which == "thanks" else (check_in, thanks)
        text = texts[str(sent.draft_message_id)].replace("Best regards", "Kind regards")
        _send(box, text, T0 + timedelta(days=8, hours=2), "<CAK-new-id@mail.client>")
        for days in (9, 10):
            agent.run_pass(T0 + timedelta(days=days))
        rows = {f.id: f for f in followups(store)}
        assert (rows[sent.id].status, rows[sent.id].sent_message_id) == (FollowupStatus.SENT, "<CAK-new-id@mail.client>")
        assert (rows[waiting.id].status, rows[waiting.id].sent_message_id) == (FollowupStatus.DRAFTED, None)
        assert all((rows[f.id].draft_text or "").strip() == texts[str(f.draft_message_id)].strip()
                   for f in (thanks, check_in))  # the text kept is the text saved in Drafts
    finally:
        store.close()


def test_a_mail_of_the_users_own_in_that_thread_is_neither_draft_sent(tmp_path, model):
    box, agent, store, thanks, check_in, _texts = _both_drafted(tmp_path, model)
    try:
        _send(box, "Hi Jane,\n\nSorry, something came up: could we talk on Friday instead?\n\nAlex",
              T0 + timedelta(days=8, hours=2), "<own-words@mail.client>")
        agent.run_pass(T0 + timedelta(days=9))
        assert {(f.id, f.status) for f in followups(store)} == {
            (thanks.id, FollowupStatus.DRAFTED), (check_in.id, FollowupStatus.DRAFTED)}
    finally:
        store.close()


def _texts_fetched_from_sent(box) -> list[list[int]]:
    """The UIDs of each whole-message fetch from Sent (a pass reads the rest of Sent by headers only)."""
    asked: list[list[int]] = []
    fetch = box.fetch

    def counted(uids, *args, **kwargs):  # noqa: ANN001, ANN202
        if box.selected == "Sent":
            asked.append(list(uids))
        return fetch(uids, *args, **kwargs)

    box.fetch = counted
    return asked


def test_the_text_of_a_copy_is_fetched_only_when_its_headers_fit_two_drafts(tmp_path, model):
    """One draft waiting and its copy under a new Message-ID: no text is fetched. A draft waiting with two
    messages in Sent that could be its copy (a reply of the user's own to Jane, then the copy): both texts
    are fetched, in one fetch, in the pass that finds them; not again once the copy is placed."""
    box, agent, store = memory_world(tmp_path, model, followup={"max_days": 60, "min_days": 3, "check_in_days": 5})
    try:
        deliver(box, fs.invitation("Acme Robotics", "Backend Engineer", "Jane Miller", JANE, T0, INVITATION,
                                   start=T0 + timedelta(days=2), uid="ev1"))
        asked = _texts_fetched_from_sent(box)
        agent.run_pass(T0 + timedelta(days=1))
        agent.run_pass(T0 + timedelta(days=3))
        [thanks] = followups(store)
        [text] = [m.text for m in map(parse_message, box.raw_messages("Drafts"))]
        _send(box, text, T0 + timedelta(days=3, hours=2), "<thanks-copy@mail.client>")
        agent.run_pass(T0 + timedelta(days=4))
        assert (followups(store)[0].status, asked) == (FollowupStatus.SENT, [])  # one draft: its headers suffice
        agent.run_pass(T0 + timedelta(days=8))
        check_in = next(f for f in followups(store) if f.kind == FollowupKind.CHECK_IN)
        [check_in_text] = [m.text for m in map(parse_message, box.raw_messages("Drafts"))
                           if m.message_id == check_in.draft_message_id]
        _send(box, "Hi Jane, see you Friday.", T0 + timedelta(days=8, hours=1), "<own@mail.client>")
        _send(box, check_in_text, T0 + timedelta(days=8, hours=2), "<check-in-copy@mail.client>")
        agent.run_pass(T0 + timedelta(days=9))
        assert {f.id: (f.status, f.sent_message_id) for f in followups(store)} == {
            thanks.id: (FollowupStatus.SENT, "<thanks-copy@mail.client>"),
            check_in.id: (FollowupStatus.SENT, "<check-in-copy@mail.client>")}
        assert len(asked) == 1 and len(asked[0]) == 2  # both candidates' texts, in one fetch
        agent.run_pass(T0 + timedelta(days=10))
        assert len(asked) == 1  # placed: not read again
    finally:
        store.close()


def test_a_text_shorter_than_a_run_is_one_run_and_no_text_none() -> None:
    assert likeness.shingles("") == set() and likeness.shingles(" \n ") == set()
    short = likeness.words("Thanks again!")
    assert 0 < len(short) < likeness.SHINGLE
    assert likeness.shingles("Thanks again!") == {tuple(short)}


def _mail(mid: str, subject: str, to: str, body: str):
    return parse_message(samples.build_email(from_=samples.USER, to=to, subject=subject, date=T0 + timedelta(days=4),
                                             message_id=mid, in_reply_to=INVITATION, references=[INVITATION],
                                             body=body))


def test_the_draft_forwarded_to_a_friend_in_its_thread_is_not_the_draft_sent() -> None:
    """A copy to someone else counts by its text, but never a forward: the user who forwards the check-in's
    words to a friend ("does this read well?") has not sent it to the company. The same words to another
    address of the company, not forwarded, are the draft sent, readdressed."""
    check_in = _drafted(1, 3, CHECK_IN)
    forward = _mail("<fwd@client>", "Fwd: Interview", "sam.friend@example.net", CHECK_IN)
    found = match_copies([check_in], {1: {INVITATION}}, [forward], {"<fwd@client>": forward.text})
    assert (found.copies, found.needs_text) == ({}, [])
    readdressed = _mail("<re@client>", "Re: Interview", "hr@acmerobotics.test", CHECK_IN)
    found = match_copies([check_in], {1: {INVITATION}}, [readdressed], {"<re@client>": readdressed.text})
    assert {k: m.message_id for k, m in found.copies.items()} == {1: "<re@client>"}
