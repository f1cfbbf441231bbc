"""The likeness rule (agent/followups/likeness.py) at its edges: which draft a copy in Sent is, by its words.

Each case is built so that the rule's constants and comparisons are met exactly: a run is three words,
half of a draft's own runs is enough, a fifth of another's is still nothing, a draft whose runs all belong
to another says nothing of its own.
"""

from __future__ import annotations

from agent.followups.likeness import OTHER_NOTE, SAME_NOTE, SHINGLE, scores, shingles, which


def test_a_run_is_three_words_and_every_run_is_taken() -> None:
    assert SHINGLE == 3
    assert shingles("one two three") == {("one", "two", "three")}
    assert shingles("One two, three FOUR") == {("one", "two", "three"), ("two", "three", "four")}
    assert shingles("a b c d e") == {("a", "b", "c"), ("b", "c", "d"), ("c", "d", "e")}
    assert shingles("a b") == {("a", "b")} and shingles("") == set()


def test_half_of_a_drafts_own_runs_is_enough_and_less_is_nobodys() -> None:
    drafts = {"thanks": "one two three four five six", "check_in": "seven eight nine ten"}
    assert SAME_NOTE == 0.5
    assert scores("one two three four", drafts) == {"thanks": 0.5, "check_in": 0.0}  # 2 of its 4 runs
    assert which("one two three four", drafts) == ["thanks"]
    assert which("one two three", drafts) == []  # 1 of 4
    assert which("words that are in neither note at all", drafts) == []


def test_a_fifth_of_another_drafts_own_runs_is_still_nothing_more_is_doubt() -> None:
    drafts = {"thanks": "one two three four five six", "check_in": "alpha beta gamma delta epsilon zeta eta"}
    assert OTHER_NOTE == 0.2
    copy = "one two three four five six alpha beta gamma"  # all of one, 1 of the other's 5 runs
    assert scores(copy, drafts)["check_in"] == 0.2
    assert which(copy, drafts) == ["thanks"]
    assert which(copy + " delta", drafts) == []  # 2 of 5: the user may have merged both notes


def test_a_draft_whose_runs_all_belong_to_another_says_nothing_of_its_own() -> None:
    drafts = {"short": "thank you for today", "long": "thank you for today and for the tour of the lab"}
    copy = drafts["long"]
    assert scores(copy, drafts)["short"] == 0.0
    assert which(copy, drafts) == ["long"]  # not "short" too: its words are only a part of the copy
    assert which(drafts["short"], drafts) == []  # nothing of the long one's own, nothing of its own


def test_drafts_with_the_very_same_words_are_one_note() -> None:
    drafts = {1: "thank you for the interview today", 2: "Thank you for the interview, today!",
              3: "any news about the role please"}
    assert sorted(which("Thank you for the interview today.", drafts)) == [1, 2]
