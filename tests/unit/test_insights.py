"""The report's figures (agent/insights/stats.py), pure: every figure of ``report --json``, the Sankey
edges and the weeks, checked against a scenario built here by hand.

The scenario (2026, UTC; 2 Nov is the Monday of ISO week 45):

=====  ================================================  ==================  ==============
app    history                                           status now          follow-up
=====  ================================================  ==================  ==============
1      ack 2 Nov · interview 10 Nov · rejection 13 Nov   rejected            sent 20 Nov, answered 22 Nov
2      ack 3 Nov · rejection 15 Nov                      rejected            sent 25 Nov, no answer
3      ack 4 Nov · interview 9 Nov · offer 20 Nov        offer               -
4      ack 5 Nov                                         no_response         scheduled (no draft)
5      ack 10 Nov                                        applied             -
6      added by hand, applied 11 Nov, no email           applied             -
7      interview 12 Nov (no acknowledgement)             interview           -
8      ack 2 Nov · interview 6 Nov · rejection 18 Nov    rejected            drafted, not sent
=====  ================================================  ==================  ==============
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from agent.insights import html, stats, text
from agent.insights.stats import AppFacts, EventFacts, FollowupFacts, NoteFacts


def d(day: int, month: int = 11, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


CREATED = d(1, 12)  # when Onward recorded them: never the start of an application that has events
APPS = [
    AppFacts(1, "Acme", "Backend Engineer", "rejected", CREATED),
    AppFacts(2, "Globex", "Data Analyst", "rejected", CREATED),
    AppFacts(3, "Initech", "Platform Engineer", "offer", CREATED),
    AppFacts(4, "Umbrella", "QA Engineer", "no_response", CREATED),
    AppFacts(5, "Hooli", "SRE", "applied", CREATED),
    AppFacts(6, "Stark", "Firmware Engineer", "applied", CREATED, applied_at=d(11)),
    AppFacts(7, "Wayne", "Security Analyst", "interview", CREATED, account="work"),
    AppFacts(8, "Soylent", "Product Manager", "rejected", CREATED),
]
EVENTS = [EventFacts(app, label, when) for app, label, when in [
    (1, "acknowledgement", d(2)), (1, "interview", d(10)), (1, "rejection", d(13)),
    (2, "acknowledgement", d(3)), (2, "rejection", d(15)),
    (3, "acknowledgement", d(4)), (3, "interview", d(9)), (3, "offer", d(20)),
    (4, "acknowledgement", d(5)),
    (5, "acknowledgement", d(10)),
    (7, "interview", d(12)),
    (8, "acknowledgement", d(2)), (8, "interview", d(6)), (8, "rejection", d(18)),
]]
FOLLOWUPS = [
    FollowupFacts(1, "sent", True, sent_at=d(20), replied_at=d(22)),
    FollowupFacts(2, "sent", True, sent_at=d(25)),
    FollowupFacts(8, "drafted", True),
    FollowupFacts(4, "scheduled", False),
]


def report(**scope):
    apps, events = stats.in_scope(APPS, EVENTS, **scope)
    return stats.build_report(apps, events, FOLLOWUPS, [NoteFacts(1, d(14), "Prepare system design", "Acme", "BE")])


def test_every_figure_of_the_json_report():
    assert report().to_json() == {
        "applications": 8,
        # acknowledged 1,2,3,4,5,8; interview 1,3,7,8 (1 and 8 stay counted after their rejection); offer 3
        "funnel": {"acknowledged": 6, "assessment": 0, "interview": 4, "offer": 1, "rejected": 3, "no_response": 1,
                   "open": 3, "holding_offer": 1, "withdrawn": 0},  # 3 + 1 + 3 + 1 (+ 0): each in one of the five
        "rejected_after_interview": 2,  # 1 and 8
        "rejected_after_assessment": 0,
        "response_rate": 0.625,  # 1, 2, 3, 7, 8 of 8 (an acknowledgement is not a response)
        "median_days_to_first_response": 5.0,  # 8, 12, 5, 0, 4 days
        "median_days_to_rejection": 12.0,  # 11, 12, 16 days
        "weeks": [
            {"week": "2026-W45", "applications": 5, "responses": 1, "rejections": 0, "interviews": 1, "offers": 0},
            {"week": "2026-W46", "applications": 3, "responses": 5, "rejections": 2, "interviews": 3, "offers": 0},
            {"week": "2026-W47", "applications": 0, "responses": 2, "rejections": 1, "interviews": 0, "offers": 1},
        ],
        "sankey": [
            {"from": "Applied", "to": "Interview", "count": 4},
            {"from": "Applied", "to": "Rejected", "count": 1},     # 2
            {"from": "Applied", "to": "No response", "count": 1},  # 4
            {"from": "Applied", "to": "Waiting", "count": 2},      # 5, 6
            {"from": "Interview", "to": "Offer", "count": 1},      # 3
            {"from": "Interview", "to": "Rejected", "count": 2},   # 1, 8
            {"from": "Interview", "to": "Waiting", "count": 1},    # 7
        ],
        "followups": {"drafted": 3, "sent": 2, "replied": 1},
    }


def test_sankey_leaves_out_zero_edges_and_its_text_is_sankeymatic():
    r = report(since=d(9, hour=0))  # 5, 6, 7 only
    assert r.sankey == [("Applied", "Interview", 1), ("Applied", "Waiting", 2), ("Interview", "Waiting", 1)]
    assert stats.sankeymatic(r) == "Applied [1] Interview\nApplied [2] Waiting\nInterview [1] Waiting\n"


def test_since_and_account_scope_the_applications():
    r = report(since=d(9, hour=0))
    assert (r.applications, r.funnel["interview"], r.followups) == (3, 1, {"drafted": 0, "sent": 0, "replied": 0})
    assert [w.week for w in r.weeks] == ["2026-W46"]
    assert report(account="work").to_json()["funnel"] == {"acknowledged": 0, "assessment": 0, "interview": 1, "offer": 0,
                                                          "rejected": 0, "no_response": 0, "open": 1,
                                                          "holding_offer": 0, "withdrawn": 0}
    assert report(account="default").applications == 7


def test_hand_added_application_counts_from_its_applied_date_and_the_earlier_start_wins():
    apps = [AppFacts(1, "A", "R", "applied", CREATED, applied_at=d(20)),
            AppFacts(2, "B", "R", "interview", CREATED, applied_at=d(1))]
    events = [EventFacts(1, "acknowledgement", d(2)), EventFacts(2, "interview", d(11))]
    r = stats.build_report(apps, events, [])
    assert [(w.week, w.applications) for w in r.weeks] == [("2026-W44", 1), ("2026-W45", 1), ("2026-W46", 0)]
    assert r.median_days_to_first_response == 10.0  # 1 Nov → 11 Nov


def test_weeks_follow_the_user_time_zone_and_fill_gaps():
    late_sunday = datetime(2026, 11, 8, 23, 30, tzinfo=UTC)  # Monday 00:30 in Berlin
    apps = [AppFacts(1, "A", "R", "applied", CREATED), AppFacts(2, "B", "R", "applied", CREATED)]
    events = [EventFacts(1, "acknowledgement", late_sunday), EventFacts(2, "acknowledgement", d(25))]
    assert [w.week for w in stats.build_report(apps, events, []).weeks] == ["2026-W45", "2026-W46", "2026-W47",
                                                                            "2026-W48"]
    berlin = stats.build_report(apps, events, [], tz=ZoneInfo("Europe/Berlin"))
    assert [(w.week, w.applications) for w in berlin.weeks] == [("2026-W46", 1), ("2026-W47", 0), ("2026-W48", 1)]
    assert stats.iso_week(datetime(2027, 1, 1, tzinfo=UTC)) == "2026-W53"  # ISO year, not calendar year


def test_a_reply_before_the_sending_is_no_answer_and_an_unsent_draft_is_not_sent():
    fus = [FollowupFacts(1, "sent", True, sent_at=d(20), replied_at=d(19)),
           FollowupFacts(1, "drafted", True, replied_at=d(21)), FollowupFacts(1, "cancelled", False)]
    assert stats.followup_counts(fus, {1}) == {"drafted": 2, "sent": 1, "replied": 0}


def test_nothing_recorded_gives_an_empty_report_not_an_error():
    r = stats.build_report([], [], [])
    assert r.to_json()["response_rate"] is None and r.to_json()["weeks"] == [] and r.sankey == []
    assert text.render(r) == "no applications recorded yet\n"
    assert "<svg" not in html.sankey_svg(r.sankey)


def test_text_summary_shows_the_figures_and_a_bar_per_week():
    out = text.render(report())
    assert "Applications        8" in out and "Response rate       62 %" in out
    assert "3 drafted → 2 sent → 1 answered" in out
    assert "Now: open 3 · offer 1 · rejected 3 · no response 1" in out  # the offer held was left out
    w45 = next(line for line in out.splitlines() if line.strip().startswith("2026-W45"))
    w46 = next(line for line in out.splitlines() if line.strip().startswith("2026-W46"))
    assert w45.count("█") == 30 and w46.count("█") == 18  # 5 and 3 applications, 5 is the top of the chart


def test_html_page_is_self_contained_and_escapes_the_users_text():
    r = stats.build_report(APPS, EVENTS, FOLLOWUPS, [NoteFacts(1, d(14), "<script>alert(1)</script>", "A&B", "R")])
    page = html.render(r)
    assert "<script" not in page and "&lt;script&gt;" in page and "A&amp;B" in page
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in page and "default-src 'none'" in page
    assert page.count("<svg") == 5  # Sankey, weeks, days to first response, rejection stage, follow-ups
    assert "Applied → Interview: 4" in page and "Interview → Rejected: 2" in page


def test_days_to_first_response_bins():
    assert html.response_bins([0, 4, 5, 8, 12, 3.9, 14.9, 15, 40]) == [
        ("0–3 days", 2), ("4–7 days", 2), ("8–14 days", 3), ("15–30 days", 1), ("31+ days", 1)]



def test_assessment_is_a_stage_of_the_funnel_sankey_and_text_between_applied_and_interview():
    apps = [AppFacts(1, "A", "R", "rejected", CREATED), AppFacts(2, "B", "R", "interview", CREATED),
            AppFacts(3, "C", "R", "assessment", CREATED), AppFacts(4, "D", "R", "rejected", CREATED)]
    events = [EventFacts(1, "acknowledgement", d(2)), EventFacts(1, "assessment", d(4)), EventFacts(1, "rejection", d(9)),
              EventFacts(2, "assessment", d(3)), EventFacts(2, "interview", d(10)),
              EventFacts(3, "assessment", d(5)),
              EventFacts(4, "acknowledgement", d(2)), EventFacts(4, "rejection", d(6))]
    r = stats.build_report(apps, events, [])
    assert r.funnel["assessment"] == 3 and r.funnel["interview"] == 1
    assert (r.rejected_after_assessment, r.rejected_after_interview, r.rejected_after_application) == (1, 0, 1)
    assert r.sankey == [("Applied", "Assessment", 3), ("Applied", "Rejected", 1), ("Assessment", "Interview", 1),
                        ("Assessment", "Rejected", 1), ("Assessment", "Waiting", 1), ("Interview", "Waiting", 1)]
    assert r.to_json()["rejected_after_assessment"] == 1
    assert r.response_rate == 1.0  # an assessment invitation is a response
    assert "assessment        3  (rejected after an assessment: 1)" in text.render(r)
    page = html.render(r)
    assert "Took an assessment" in page and ">Assessment 3<" in page and "after an assessment" in page


def test_a_withdrawn_application_is_closed_on_a_line_of_its_own():
    """``withdrawn`` (the user's word): not open, its own count in the funnel, the "Now:" line and the page, and
    its own end in the flows - from Applied, or from Interview when it had one."""
    apps = [AppFacts(1, "Acme", "BE", "withdrawn", CREATED), AppFacts(2, "Globex", "DA", "withdrawn", CREATED),
            AppFacts(3, "Hooli", "SRE", "applied", CREATED)]
    evs = [EventFacts(1, "acknowledgement", d(2)), EventFacts(2, "interview", d(3)),
           EventFacts(3, "acknowledgement", d(4))]
    r = stats.build_report(apps, evs, [])
    assert (r.funnel["withdrawn"], r.funnel["open"]) == (2, 1)
    assert ("Applied", "Withdrawn", 1) in r.sankey and ("Interview", "Withdrawn", 1) in r.sankey
    assert "Now: open 1 · offer 0 · rejected 0 · no response 0 · withdrawn 2" in text.render(r)
    assert "<td>Withdrawn by you</td><td><strong>2</strong></td>" in html.render(r, tz=ZoneInfo("UTC"))
    assert "withdrawn" not in text.render(report())  # named only when there is one
