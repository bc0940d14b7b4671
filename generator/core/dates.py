"""Russian dates, school years and "today" in Moscow time."""

from __future__ import annotations

import datetime as dt
import os
import re
from zoneinfo import ZoneInfo

from babel.dates import format_date

MOSCOW = ZoneInfo("Europe/Moscow")
SCHOOL_YEAR_START_MONTH = 8  # the August meeting opens the year it plans
# Dates the site accepts: school library work of today. Year 9999 or 0001 is a slip, and would
# overflow the calendar arithmetic of the feeds (a meeting's end, the next day).
FIRST_YEAR = 1990
LAST_YEAR = 2100


def long_date(day: dt.date) -> str:
    """``27 августа 2024 г.``"""
    return format_date(day, format="long", locale="ru")


def short_date(day: dt.date) -> str:
    """``31.05.2025``: where a long date does not fit (a table's column head)."""
    return format_date(day, format="short", locale="ru")


def short_time(moment: dt.time) -> str:
    return moment.strftime("%H:%M")


def school_year_start(day: dt.date) -> int:
    return day.year if day.month >= SCHOOL_YEAR_START_MONTH else day.year - 1


def school_year_slug(start: int) -> str:
    """``2024-2025``: the year's part of public addresses."""
    return f"{start}-{start + 1}"


def school_year_span(start: int) -> str:
    """``2024/2025``: the years alone, after a label that already says «Учебный год»."""
    return f"{start}/{start + 1}"


def school_year_name(start: int) -> str:
    """``2024/2025 учебный год``: the one spelling of a school year in the site's text."""
    return f"{school_year_span(start)} учебный год"


def today() -> dt.date:
    """Today in Moscow; ``SOURCE_DATE_EPOCH`` fixes it for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.fromtimestamp(int(epoch), MOSCOW) if epoch else dt.datetime.now(MOSCOW)
    return moment.date()


def practice_when(day: dt.date | None, school_year: str | None) -> str:
    """A practice's time: a long date, or ``2023/2024 учебный год``."""
    if day:
        return long_date(day)
    return school_year_name(int(school_year[:4])) if school_year else ""


# Dates and times as editors type them by habit, to answer with the form the site wants.
_DAY_FIRST = re.compile(r"^(\d{1,2})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{4}|\d{2})\s*(?:г\.?|года)?$")
_YEAR_FIRST = re.compile(r"^(\d{4})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{1,2})(?:[ T].*)?$")
_IN_WORDS = re.compile(r"^(\d{1,2})\s+([а-яё]+)\.?\s+(\d{4})\s*(?:г\.?|года)?$", re.IGNORECASE)
_MONTHS = ("янв", "фев", "мар", "апр", "ма", "июн", "июл", "авг", "сен", "окт", "ноя", "дек")
_TIME_TYPED = re.compile(r"^(\d{1,2})\s*(?:[.,:\-–—hч]|\s)\s*(\d{2})(?::\d{2})?\s*(?:ч\.?|час\w*|мин\.?)?$")
_HOUR_ONLY = re.compile(r"^(\d{1,2})\s*(?:ч\.?|час\w*|h)$")


def guess_date(text: str) -> str | None:
    """The ``ГГГГ-ММ-ДД`` form of a date typed otherwise (``12.03.2025``, ``12 марта 2025``), if it is one."""
    text = text.strip()
    if match := _DAY_FIRST.match(text):
        day, month, year = int(match[1]), int(match[2]), int(match[3])
        year += 2000 if len(match[3]) == 2 else 0
    elif match := _YEAR_FIRST.match(text):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    elif match := _IN_WORDS.match(text):
        word = match[2].lower().replace("ё", "е")
        numbers = [number for number, stem in enumerate(_MONTHS, start=1) if word.startswith(stem)]
        if not numbers:
            return None
        day, month, year = int(match[1]), numbers[0], int(match[3])
    else:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def guess_time(text: str) -> str | None:
    """The ``ЧЧ:ММ`` form of a time typed otherwise (``10.00``, ``10-00``, ``9 ч``), if it is one."""
    text = text.strip()
    if match := _TIME_TYPED.match(text):
        hour, minute = int(match[1]), int(match[2])
    elif match := _HOUR_ONLY.match(text):
        hour, minute = int(match[1]), 0
    else:
        return None
    return f"{hour:02d}:{minute:02d}" if hour <= 23 and minute <= 59 else None
