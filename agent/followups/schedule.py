"""When a follow-up is due: a deterministic weekday morning inside the window, in the user's zone (pure).

The due date is derived from a seed (the rejection's Message-ID), so re-running a pass never
reshuffles due dates."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, time, timedelta
from datetime import date as Date
from zoneinfo import ZoneInfo


def _check_hours(hours: tuple[int, int]) -> tuple[int, int]:
    start, end = int(hours[0]), int(hours[1])
    if not (0 <= start < end <= 24):
        raise ValueError(f"hours must satisfy 0 <= start < end <= 24, got {hours!r}")
    return start, end


def aware(dt: datetime) -> datetime:
    """Naive datetimes are taken to be UTC (that is what the store keeps)."""
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt


def _local_to_utc(day: Date, minute_of_day: int, tz: ZoneInfo) -> datetime | None:
    """Wall-clock time on `day` -> aware UTC, or None if that wall time does not exist (DST gap).

    Ambiguous times (DST fall-back) resolve to the first occurrence (fold=0), deterministically.
    """
    wall = datetime.combine(day, time(0)) + timedelta(minutes=minute_of_day)
    local = wall.replace(tzinfo=tz, fold=0)
    utc = local.astimezone(UTC)
    if utc.astimezone(tz).replace(tzinfo=None) != wall:
        return None
    return utc


def _slot_on_day(day: Date, tz: ZoneInfo, hours: tuple[int, int], minute_seed: int) -> datetime | None:
    """A deterministic existing wall time on `day` within `hours` (scans forward past DST gaps);
    None if the whole window falls into a DST gap (tiny windows in zones that switch at midnight)."""
    start, end = hours
    span = (end - start) * 60
    first = minute_seed % span
    for k in range(span):
        utc = _local_to_utc(day, start * 60 + (first + k) % span, tz)
        if utc is not None:
            return utc
    return None


def compute_due(rejected_at: datetime, *, min_days: int, max_days: int, tz: ZoneInfo,
                hours: tuple[int, int] = (9, 11), seed: str) -> datetime:
    """When the follow-up for a rejection should be drafted: aware UTC, a weekday morning, local.

    The day is picked deterministically (sha256 of `seed`) among the weekdays in the local-date
    window [rejected_at + min_days, rejected_at + max_days]; if that window has no weekday (e.g. a
    Sat-Sun window), the first weekday after it is used. The time is a deterministic minute within
    [hours[0]:00, hours[1]:00) local time, built as wall-clock time and converted, so DST transitions
    neither shift it out of the morning nor produce a nonexistent time. The result is never before
    `rejected_at`.
    """
    hours = _check_hours(hours)
    if min_days < 0:
        raise ValueError("min_days must be >= 0")
    max_days = max(max_days, min_days)
    rejected_at = aware(rejected_at)
    digest = hashlib.sha256((seed or "").encode("utf-8", "surrogatepass")).digest()
    day_seed = int.from_bytes(digest[:8], "big")
    minute_seed = int.from_bytes(digest[8:16], "big")

    base = rejected_at.astimezone(tz).date()
    window = [base + timedelta(days=d) for d in range(min_days, max_days + 1)]
    weekdays = [d for d in window if d.weekday() < 5]
    if weekdays:
        day = weekdays[day_seed % len(weekdays)]
    else:
        day = window[-1] + timedelta(days=1)
        while day.weekday() >= 5:
            day += timedelta(days=1)
    due = _slot_on_day(day, tz, hours, minute_seed)
    while due is None:  # the window vanished in a DST gap that day: next weekday
        day += timedelta(days=1)
        if day.weekday() < 5:
            due = _slot_on_day(day, tz, hours, minute_seed)
    if due < rejected_at:  # only possible with min_days == 0
        due = next_sensible_time(rejected_at, tz, hours)
    return due


def is_sensible_send_time(dt_utc: datetime, tz: ZoneInfo, hours: tuple[int, int] = (9, 11)) -> bool:
    """True on Monday-Friday when the local hour is in [hours[0], hours[1]).

    Why: a draft whose Date header says 03:17 on a Sunday looks machine-made; the daemon only drafts
    (and therefore dates) follow-ups at a time a person would plausibly write one.
    """
    start, end = _check_hours(hours)
    local = aware(dt_utc).astimezone(tz)
    return local.weekday() < 5 and start <= local.hour < end


def next_sensible_time(now: datetime, tz: ZoneInfo, hours: tuple[int, int] = (9, 11)) -> datetime:
    """`now` if it is a sensible send time, else the start of the next weekday morning window (UTC).

    Rule: same local day at hours[0]:00 if that is a weekday and still ahead, otherwise hours[0]:00 on
    the next Monday-Friday (the first existing minute of the window if a DST gap swallows :00).
    """
    start, end = _check_hours(hours)
    now = aware(now)
    if is_sensible_send_time(now, tz, (start, end)):
        return now.astimezone(UTC)
    day = now.astimezone(tz).date()
    for _ in range(10):
        if day.weekday() < 5:
            for minute in range(start * 60, end * 60):
                candidate = _local_to_utc(day, minute, tz)
                if candidate is not None:
                    if candidate > now:
                        return candidate
                    break
        day += timedelta(days=1)
    raise AssertionError("unreachable: a weekday occurs within 10 days")  # pragma: no cover


