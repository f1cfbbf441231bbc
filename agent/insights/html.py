"""The report as one self-contained HTML page: inline SVG pictures, an inline style sheet, no script,
no font, nothing fetched (a Content-Security-Policy of ``default-src 'none'`` says so to the browser).

The pictures are drawn here as plain SVG (a few rectangles, paths and labels each): the Sankey of the
search, weekly activity, days to the first response, the rejection stage, follow-ups drafted → sent →
answered; then the reflection notes. Hand-written rather than drawn by a charting library: the pictures
are simple, the page stays small and identical from run to run, and no plotting stack (or browser) is
needed to build it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, tzinfo
from html import escape

from agent.insights.stats import (
    APPLIED,
    ASSESSMENT,
    INTERVIEW,
    NO_RESPONSE,
    OFFER,
    REJECTED,
    WAITING,
    WITHDRAWN,
    Report,
    Week,
)

COLORS = {APPLIED: "#4c78a8", ASSESSMENT: "#b279a2", INTERVIEW: "#f58518", OFFER: "#54a24b", REJECTED: "#e45756",
          NO_RESPONSE: "#9d9da0", WITHDRAWN: "#8c6d31", WAITING: "#b8c4d6"}
APPS_COLOR, RESP_COLOR = "#4c78a8", "#f58518"
COLUMNS = {APPLIED: 0, ASSESSMENT: 1, INTERVIEW: 2, NO_RESPONSE: 1, OFFER: 3, REJECTED: 3, WITHDRAWN: 3, WAITING: 3}
BINS: tuple[tuple[str, float, float], ...] = (
    ("0–3 days", 0, 4), ("4–7 days", 4, 8), ("8–14 days", 8, 15), ("15–30 days", 15, 31), ("31+ days", 31, 1e9))

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 60rem;
       color: #222; background: #fff; padding: 0 1rem; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
table.figures td { padding: 0.15rem 1rem 0.15rem 0; }
svg text { font-family: inherit; font-size: 12px; fill: #222; }
.note { border-left: 3px solid #4c78a8; padding: 0.3rem 0.8rem; margin: 0.8rem 0; white-space: pre-wrap; }
.meta { color: #666; font-size: 0.9rem; }
"""


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">'
            f"<title>{escape(title)}</title>{''.join(body)}</svg>")


def _text(x: float, y: float, s: str, anchor: str = "start", weight: str = "normal") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-weight="{weight}">'
            f"{escape(s)}</text>")


def sankey_svg(flows: Sequence[tuple[str, str, int]], width: int = 760, height: int = 340) -> str:
    """The flows between the stages: a node per stage (height ∝ applications), a band per flow."""
    if not flows:
        return "<p>No applications yet.</p>"
    into: dict[str, int] = {}
    out: dict[str, int] = {}
    for a, b, n in flows:
        out[a] = out.get(a, 0) + n
        into[b] = into.get(b, 0) + n
    nodes = [n for n in COLORS if n in into or n in out]
    value = {node: max(into.get(node, 0), out.get(node, 0)) for node in nodes}
    gap, top, node_w, label_w = 18, 10, 16, 130
    cols: dict[int, list[str]] = {}
    for node in nodes:
        cols.setdefault(COLUMNS[node], []).append(node)
    usable = height - 2 * top - gap * (max(len(c) for c in cols.values()) - 1)
    scale = usable / max(sum(value[n] for n in c) for c in cols.values())
    last = max(COLUMNS.values())
    col_x = {c: 10 + c * (width - 20 - node_w - label_w) / last for c in range(last + 1)}
    pos: dict[str, tuple[float, float]] = {}
    for c, names in cols.items():
        y = float(top)
        for node in names:
            pos[node] = (col_x[c], y)
            y += value[node] * scale + gap
    body = []
    out_y = {node: pos[node][1] for node in nodes}
    in_y = {node: pos[node][1] for node in nodes}
    for a, b, n in flows:
        h = n * scale
        x0, x1 = pos[a][0] + node_w, pos[b][0]
        y0, y1 = out_y[a], in_y[b]
        out_y[a] += h
        in_y[b] += h
        mid = (x0 + x1) / 2
        body.append(f'<path d="M{x0:.1f},{y0:.1f} C{mid:.1f},{y0:.1f} {mid:.1f},{y1:.1f} {x1:.1f},{y1:.1f} '
                    f'L{x1:.1f},{y1 + h:.1f} C{mid:.1f},{y1 + h:.1f} {mid:.1f},{y0 + h:.1f} {x0:.1f},{y0 + h:.1f} Z" '
                    f'fill="{COLORS[b]}" fill-opacity="0.45"><title>{escape(a)} → {escape(b)}: {n}</title></path>')
    for node in nodes:
        x, y = pos[node]
        h = max(value[node] * scale, 1.0)
        body.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{node_w}" height="{h:.1f}" fill="{COLORS[node]}"/>')
        body.append(_text(x + node_w + 5, y + min(h / 2 + 4, h + 12), f"{node} {value[node]}", weight="bold"))
    return _svg(width, height, "Where the applications went", body)


def hbars(title: str, rows: Sequence[tuple[str, int, str]], width: int = 560) -> str:
    """A horizontal bar per row (label, value, colour)."""
    row_h, label_w = 26, 130
    top = max((v for _, v, _ in rows), default=0) or 1
    body = []
    for i, (label, v, color) in enumerate(rows):
        y = 6 + i * row_h
        w = (width - label_w - 50) * v / top
        body.append(_text(label_w - 8, y + 14, label, anchor="end"))
        body.append(f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{row_h - 8}" fill="{color}"/>')
        body.append(_text(label_w + w + 6, y + 14, str(v)))
    return _svg(width, 12 + row_h * len(rows), title, body)


def weeks_svg(weeks: Sequence[Week], width: int = 760, height: int = 220) -> str:
    """Applications and responses per ISO week (the last 52 weeks with activity)."""
    weeks = list(weeks)[-52:]
    if not weeks:
        return "<p>No activity yet.</p>"
    left, bottom, top_pad = 30, 40, 18
    top = max(max(w.applications, w.responses) for w in weeks) or 1
    slot = (width - left - 10) / len(weeks)
    bar_w = max(slot * 0.38, 1.0)
    plot_h = height - bottom - top_pad
    body = [f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" stroke="#999"/>',
            _text(left - 4, top_pad + 4, str(top), anchor="end"), _text(left - 4, height - bottom, "0", anchor="end")]
    every = max(1, round(len(weeks) / 12))
    for i, w in enumerate(weeks):
        x = left + i * slot + slot * 0.1
        for j, (v, color, what) in enumerate(((w.applications, APPS_COLOR, "applications"),
                                              (w.responses, RESP_COLOR, "responses"))):
            h = plot_h * v / top
            body.append(f'<rect x="{x + j * bar_w:.1f}" y="{height - bottom - h:.1f}" width="{bar_w:.1f}" '
                        f'height="{h:.1f}" fill="{color}"><title>{w.week}: {v} {what}</title></rect>')
        if i % every == 0:
            body.append(_text(x + bar_w, height - bottom + 16, w.week[2:], anchor="middle"))
    body += [f'<rect x="{left}" y="{height - 14}" width="10" height="10" fill="{APPS_COLOR}"/>',
             _text(left + 14, height - 5, "applications"),
             f'<rect x="{left + 110}" y="{height - 14}" width="10" height="10" fill="{RESP_COLOR}"/>',
             _text(left + 124, height - 5, "responses (assessment, interview, offer, rejection)")]
    return _svg(width, height, "Weekly activity", body)


def response_bins(days: Sequence[float]) -> list[tuple[str, int]]:
    return [(label, sum(lo <= d < hi for d in days)) for label, lo, hi in BINS]


def _figures(report: Report) -> str:
    f = report.funnel

    def fmt(v: float | None, unit: str) -> str:
        return "–" if v is None else f"{v * 100:.0f} %" if unit == "%" else f"{v:g} days"
    rows = [("Applications", str(report.applications)), ("Acknowledged", str(f["acknowledged"])),
            ("Took an assessment", str(f["assessment"])),
            ("Reached an interview", str(f["interview"])), ("Offers", str(f["offer"])),
            ("Open now", str(f["open"])), ("Holding an offer", str(f["holding_offer"])), ("Rejected", f"{f['rejected']} ({report.rejected_after_interview} "
                                                        "after an interview)"),
            ("No response", str(f["no_response"])),
            *([("Withdrawn by you", str(f["withdrawn"]))] if f.get("withdrawn") else []),
            ("Response rate", fmt(report.response_rate, "%")),
            ("Median days to a first response", fmt(report.median_days_to_first_response, "d")),
            ("Median days to a rejection", fmt(report.median_days_to_rejection, "d"))]
    return "<table class=\"figures\">" + "".join(
        f"<tr><td>{escape(k)}</td><td><strong>{escape(v)}</strong></td></tr>" for k, v in rows) + "</table>"


def _notes(report: Report, tz: tzinfo) -> str:
    if not report.notes:
        return ("<p class=\"meta\">No notes yet. After a rejection, <code>onward reflect APP</code> keeps what went "
                "well, what you would do differently and what skill to grow.</p>")
    return "".join(
        f'<div class="note"><div class="meta">{escape(n.company or "?")} — {escape(n.role or "?")} · '
        f'{n.written_at.astimezone(tz).date().isoformat()}</div>{escape(n.text)}</div>' for n in report.notes)


def render(report: Report, *, title: str = "Onward — your job search", subtitle: str = "",
           tz: tzinfo = UTC) -> str:
    """The page; ``tz``: the user's time zone (``followup.timezone``), in which a note's day is written."""
    fu = report.followups
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>", f'<p class="meta">{escape(subtitle)}</p>' if subtitle else "",
        _figures(report),
        "<h2>Where the applications went</h2>", sankey_svg(report.sankey),
        "<h2>Weekly activity</h2>", weeks_svg(report.weeks),
        "<h2>Days to the first response</h2>",
        hbars("Days to the first response", [(k, v, RESP_COLOR) for k, v in response_bins(
            report.days_to_first_response)]),
        "<h2>When rejections came</h2>",
        hbars("Rejection stage", [("after applying", report.rejected_after_application, COLORS[REJECTED]),
                                  ("after an assessment", report.rejected_after_assessment, COLORS[ASSESSMENT]),
                                  ("after an interview", report.rejected_after_interview, COLORS[INTERVIEW])]),
        "<h2>Follow-ups</h2>",
        hbars("Follow-ups drafted, sent, answered", [("drafted", fu["drafted"], "#b8c4d6"),
                                                     ("sent", fu["sent"], APPS_COLOR),
                                                     ("answered", fu["replied"], COLORS[OFFER])]),
        "<h2>Reflection notes</h2>", _notes(report, tz),
        "</body></html>",
    ]
    return "\n".join(p for p in parts if p) + "\n"
