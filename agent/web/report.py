"""The report page: the very page ``onward report --html`` writes (:func:`agent.insights.html.render`),
live from the record, with a line of navigation back to the app."""

from __future__ import annotations

import re
from datetime import datetime

from agent.config import Settings
from agent.insights import html, stats
from agent.insights.load import recorded
from agent.record.store import Store

NAV = ('<nav class="onward-nav" aria-label="Onward"><a href="/">Board</a> · <a href="/review">Review</a> · '
       '<a href="/report">Report</a> · <a href="/status">Status</a></nav>')
_STYLE = re.compile(r"<style>(.*?)</style>", re.S)


def render_page(store: Store, settings: Settings, *, account: str | None = None) -> tuple[str, str]:
    """(the page, its inline style: the page's Content-Security-Policy allows exactly that style)."""
    tz = settings.followup.tz
    with store.transaction() as conn:
        rec = recorded(conn)
    apps, events = stats.in_scope(rec.apps, rec.events, since=None, account=account)
    report = stats.build_report(apps, events, rec.followups, rec.notes, tz=tz)
    scope = f" (account {account})" if account else ""
    page = html.render(report, subtitle=f"{report.applications} applications{scope}, "
                                        f"as of {datetime.now(tz):%Y-%m-%d %H:%M}", tz=tz)
    page = page.replace("<body>", f"<body>{NAV}", 1)
    match = _STYLE.search(page)
    return page, match.group(1) if match else ""
