"""The report in the terminal: a few tables and a small text bar chart of weekly activity."""

from __future__ import annotations

from agent.insights.stats import Report

BAR_WIDTH = 30
WEEKS_SHOWN = 12


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f} %"


def _days(value: float | None) -> str:
    return "-" if value is None else f"{value:g} days"


def bar(n: int, top: int, width: int = BAR_WIDTH) -> str:
    """``n`` as a bar of full blocks scaled so that ``top`` fills ``width`` (at least one block for n > 0)."""
    if n <= 0 or top <= 0:
        return ""
    return "█" * max(1, round(n * width / top))


def render(report: Report) -> str:
    if not report.applications:
        return "no applications recorded yet\n"
    f = report.funnel
    lines = [
        f"Applications        {report.applications}",
        f"  acknowledged      {f['acknowledged']}",
        f"  assessment        {f['assessment']}  (rejected after an assessment: {report.rejected_after_assessment})",
        f"  interview         {f['interview']}  (rejected after an interview: {report.rejected_after_interview})",
        f"  offer             {f['offer']}",
        f"Now: open {f['open']} · offer {f['holding_offer']} · rejected {f['rejected']} · "
        f"no response {f['no_response']}" + (f" · withdrawn {f['withdrawn']}" if f.get("withdrawn") else ""),
        f"Response rate       {_pct(report.response_rate)}  (assessment, interview, offer or rejection)",
        f"First response      median {_days(report.median_days_to_first_response)}",
        f"Rejection           median {_days(report.median_days_to_rejection)}",
    ]
    fu = report.followups
    lines.append(f"Follow-ups          {fu['drafted']} drafted → {fu['sent']} sent → {fu['replied']} answered")
    if report.notes:
        lines.append(f"Reflection notes    {len(report.notes)}")
    weeks = report.weeks[-WEEKS_SHOWN:]
    if weeks:
        top = max(max(w.applications, w.responses) for w in weeks) or 1
        lines += ["", f"Weekly activity (last {len(weeks)} weeks; █ applications, ░ responses)"]
        for w in weeks:
            lines.append(f"  {w.week}  {bar(w.applications, top):<{BAR_WIDTH}} {w.applications:>3} applied")
            lines.append(f"  {'':8}  {bar(w.responses, top).replace('█', '░'):<{BAR_WIDTH}} {w.responses:>3} "
                         f"responses ({w.interviews} interview, {w.offers} offer, {w.rejections} rejection)")
    lines += ["", "Flows: " + ", ".join(f"{a} → {b} {n}" for a, b, n in report.sankey)]
    return "\n".join(lines) + "\n"
