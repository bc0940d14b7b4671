"""Public addresses of generated files, as paths in the docs folder (CONTENT-MODEL.md, "Addresses").

``meetings/x.md`` is published as ``/meetings/x/``; these never change once published.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from . import dates
from .slugs import make_id


class Addresses:
    """Where each kind of page lives (CONTENT-MODEL.md, "Addresses")."""

    home = "index.md"
    meetings = "meetings/index.md"
    resolutions = "resolutions/index.md"
    audiences = "audiences/index.md"
    plans = "plan/index.md"
    forms = "forms/index.md"

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
    feed_all = "feed-all.xml"  # news, resolutions and practices together
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


# The site's own address (``site_url``) ---------------------------------------------------------

SITE_URL_VARIABLE = "SITE_URL"
PUBLISH_VARIABLE = "OMO_PUBLISH"
# Reserved example domains (RFC 2606): an address that says "not set yet".
_PLACEHOLDER_HOSTS = ("example.org", "example.com", "example.net", "example")


def site_url_from_environment(configured: str, environ: Mapping[str, str]) -> str:
    """``SITE_URL`` from the environment when set (CI), else ``site_url`` of mkdocs.yml; always ending in ``/``."""
    url = (environ.get(SITE_URL_VARIABLE) or "").strip() or configured
    return url if not url or url.endswith("/") else url + "/"


def site_url_problem(url: str) -> str | None:
    """Why ``url`` cannot be the address of a published site, in Russian; ``None`` when it can."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"адрес сайта «{url}» должен начинаться с https:// и содержать имя сайта"
    host = parts.hostname.lower()
    if any(host == name or host.endswith("." + name) for name in _PLACEHOLDER_HOSTS):
        return f"адрес сайта «{url}» — заготовка из примера, а не настоящий адрес"
    return None


def publishing(environ: Mapping[str, str]) -> bool:
    """The build is a publication (publish jobs set ``OMO_PUBLISH=1``): the address must be real."""
    return (environ.get(PUBLISH_VARIABLE) or "").strip() not in ("", "0", "false")
