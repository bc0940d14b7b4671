"""Russian dates, school years and "today" in Moscow time."""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

from babel.dates import format_date

MOSCOW = ZoneInfo("Europe/Moscow")
SCHOOL_YEAR_START_MONTH = 8  # the August meeting opens the year it plans


def long_date(day: dt.date) -> str:
    """``27 августа 2024 г.``"""
    return format_date(day, format="long", locale="ru")


def short_time(moment: dt.time) -> str:
    return moment.strftime("%H:%M")


def school_year_start(day: dt.date) -> int:
    return day.year if day.month >= SCHOOL_YEAR_START_MONTH else day.year - 1


def school_year_slug(start: int) -> str:
    """``2024-2025``: the year's part of public addresses."""
    return f"{start}-{start + 1}"


def school_year_name(start: int) -> str:
    """``2024/2025 учебный год``"""
    return f"{start}/{start + 1} учебный год"


def today() -> dt.date:
    """Today in Moscow; ``SOURCE_DATE_EPOCH`` fixes it for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.fromtimestamp(int(epoch), MOSCOW) if epoch else dt.datetime.now(MOSCOW)
    return moment.date()


def practice_when(day: dt.date | None, school_year: str | None) -> str:
    """A practice's time: a long date, or ``2023/2024 учебный год``."""
    if day:
        return long_date(day)
    return f"{school_year} учебный год" if school_year else ""
