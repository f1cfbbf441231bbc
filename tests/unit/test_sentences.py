"""The sentence splitter: HTML-converted text, bullet lists, quoted replies and signatures (which must
not count). Emails written for these tests."""
from __future__ import annotations

from agent.model.sentences import content_lines, split_sentences


def test_html_converted_text_is_cut_into_sentences_not_lines():
    text = ("Hi Sam,<br><br>Thank you for applying to Acme. We appreciate your interest and the time you put\n"
            "into your application.<br>After careful review, we have decided not to proceed.&nbsp;Best of luck!")
    assert split_sentences(text) == [
        "Hi Sam,", "Thank you for applying to Acme.",
        "We appreciate your interest and the time you put into your application.",
        "After careful review, we have decided not to proceed.", "Best of luck!"]


def test_bullets_are_units_of_their_own():
    text = "Your schedule:\n• 10:00 coding with Jonas Weber\n- 11:00 systems design with Priya\n1. lunch with the team"
    assert split_sentences(text) == ["Your schedule:", "10:00 coding with Jonas Weber",
                                     "11:00 systems design with Priya", "lunch with the team"]


def test_quoted_reply_does_not_count():
    text = ("Thanks for checking in - we went with another candidate.\n\n"
            "On Mon, 3 Mar 2025 at 10:02, Sam Lee <sam@example.test> wrote:\n"
            "> Hi, I wanted to ask whether you have scheduled the interviews yet?\n")
    assert split_sentences(text) == ["Thanks for checking in - we went with another candidate."]
    assert split_sentences("Sounds good.\n> we would like to invite you to an interview\nSee you then.") == [
        "Sounds good.", "See you then."]


def test_forwarded_header_block_and_original_message_do_not_count():
    text = ("Please see below, we are sorry.\n\n-----Original Message-----\nFrom: Sam\nSent: Monday\n"
            "To: Acme\nSubject: interview\nCan we schedule an interview next week?")
    assert split_sentences(text) == ["Please see below, we are sorry."]
    text = "FYI.\n\nFrom: Sam Lee\nSent: Monday\nTo: Jobs\nSubject: Re: role\n\nI'd like to interview with you."
    assert "I'd like to interview with you." not in split_sentences(text)


def test_signature_does_not_count():
    text = ("Hi Jo,\n\nWe have decided to move forward with other applicants.\n\nBest regards,\nJane Doe\n"
            "Talent Partner | Interview Scheduling Team\n+1 555 0100")
    assert split_sentences(text) == ["Hi Jo,", "We have decided to move forward with other applicants."]
    assert split_sentences("We'll pass for now, sorry.\n-- \nSent with care by the interview team") == [
        "We'll pass for now, sorry."]
    assert "Sent from my iPhone" not in content_lines("Thanks, received your CV.\nSent from my iPhone")


def test_abbreviations_do_not_end_a_sentence():
    assert split_sentences("Please ask for Dr. Smith at reception, e.g. at 10 a.m. on Friday. Bring an ID.") == [
        "Please ask for Dr. Smith at reception, e.g. at 10 a.m. on Friday.", "Bring an ID."]


def test_a_closing_early_in_the_email_is_not_a_signature():
    # "Thanks!" on the first line is a thank-you, not the start of a signature
    assert split_sentences("Thanks!\nWe are not moving forward with your application.\nRegards\nAcme") == [
        "We are not moving forward with your application."]
