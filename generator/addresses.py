"""Public addresses of generated files, as paths in the docs folder (CONTENT-MODEL.md, "Addresses").

``meetings/x.md`` is published as ``/meetings/x/``; these never change once published.
"""

from __future__ import annotations

from . import dates
from .slugs import make_id


class Addresses:
    """Where each kind of page lives (CONTENT-MODEL.md, "Addresses")."""

    home = "index.md"
    meetings = "meetings/index.md"
    resolutions = "resolutions/index.md"
    audiences = "audiences/index.md"

    @staticmethod
    def meeting(meeting_id: str) -> str:
        return f"meetings/{meeting_id}.md"

    @staticmethod
    def plan(start: int) -> str:
        return f"plan/{dates.school_year_slug(start)}.md"

    @staticmethod
    def resolution(meeting_id: str) -> str:
        return f"resolutions/{meeting_id}.md"

    @staticmethod
    def audience(audience_id: str) -> str:
        return f"audiences/{audience_id}.md"

    practices = "practices/index.md"
    themes = "themes/index.md"
    municipalities = "municipalities/index.md"
    stories = "stories/index.md"
    feed = "feed.xml"
    calendar = "meetings.ics"

    @staticmethod
    def practice(practice_id: str) -> str:
        return f"practices/{practice_id}.md"

    @staticmethod
    def theme(theme_id: str) -> str:
        return f"themes/{theme_id}.md"

    @staticmethod
    def form(form: str) -> str:
        return f"forms/{make_id(form)}.md"

    @staticmethod
    def municipality(municipality_id: str) -> str:
        return f"municipalities/{municipality_id}.md"

    @staticmethod
    def story(story_id: str) -> str:
        return f"stories/{story_id}.md"

    @staticmethod
    def stories_page(number: int) -> str:
        return Addresses.stories if number == 1 else f"stories/page/{number}.md"

    @staticmethod
    def meeting_calendar(meeting_id: str) -> str:
        return f"meetings/{meeting_id}.ics"

    @staticmethod
    def monitoring(meeting_id: str) -> str:
        return f"monitoring/{meeting_id}.md"

    # Tables for spreadsheets: every item of every resolution, every district report.
    items_csv = "exports/resolution-items.csv"
    items_json = "exports/resolution-items.json"
    reports_csv = "exports/reports.csv"
    reports_json = "exports/reports.json"
