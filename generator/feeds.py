"""The news feed (RSS 2.0) and the meetings calendar (iCalendar), from the site model.

Both are deterministic: every date in them comes from the content, never from
the clock, so two builds of the same content give the same bytes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

import icalendar
from feedgen.feed import FeedGenerator

from .addresses import Addresses
from .dates import MOSCOW
from .load import Entry
from .model import Meeting
from .site import Site


@dataclass(frozen=True)
class GeneratedFile:
    """A generated file that is not a page: ``src_uri`` in the docs folder and its bytes."""

    src_uri: str
    content: bytes


def feed_files(site: Site, site_url: str, site_name: str, description: str) -> list[GeneratedFile]:
    """The news feed, the calendar of all meetings and one calendar file per meeting."""
    files = [
        GeneratedFile(Addresses.feed, news_feed(site, site_url, f"Новости — {site_name}",
                                                description or f"Новости: {site_name}")),
        GeneratedFile(Addresses.calendar, meetings_calendar(site, site_url, site_name)),
    ]
    files += [GeneratedFile(Addresses.meeting_calendar(meeting.id),
                            meetings_calendar(site, site_url, meeting.data.title, [meeting]))
              for meeting in site.meetings.values()]
    return files


# Stories have a date, not a time: publish them at noon Moscow time.
_STORY_TIME = dt.time(12, 0)


def public_url(site_url: str, src_uri: str) -> str:
    """Absolute address of a generated page (``stories/x.md`` -> ``https://…/stories/x/``)."""
    path = src_uri.removesuffix(".md")
    path = path.removesuffix("index")
    if path and not path.endswith("/"):
        path += "/"
    return urljoin(site_url if site_url.endswith("/") else site_url + "/", path)


def news_feed(site: Site, site_url: str, title: str, description: str) -> bytes:
    feed = FeedGenerator()
    feed.title(title)
    feed.link(href=public_url(site_url, Addresses.stories), rel="alternate")
    feed.description(description)
    feed.language("ru")
    feed.generator("omo-site")
    newest = site.stories[0].data.date if site.stories else dt.date(2000, 1, 1)
    feed.lastBuildDate(dt.datetime.combine(newest, _STORY_TIME, MOSCOW))
    # feedgen puts the last added entry first: add the oldest first.
    for story in reversed(site.stories):
        entry = feed.add_entry()
        link = public_url(site_url, Addresses.story(story.id))
        entry.id(link)
        entry.guid(link, permalink=True)
        entry.link(href=link)
        entry.title(story.data.title)
        entry.description(story.data.summary or story.data.title)
        entry.pubDate(dt.datetime.combine(story.data.date, _STORY_TIME, MOSCOW))
    return feed.rss_str(pretty=True)


def meetings_calendar(site: Site, site_url: str, name: str, meetings: list[Entry[Meeting]] | None = None) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//РИБЦ ГАУ ДПО СОИРО//ОМО школьных библиотекарей//RU")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Moscow")
    host = urlsplit(site_url).hostname or "omo"
    for meeting in meetings if meetings is not None else site.meetings.values():
        calendar.add_component(_event(meeting, public_url(site_url, Addresses.meeting(meeting.id)), host))
    calendar.add_component(_moscow_timezone())
    return calendar.to_ical()


@lru_cache(maxsize=1)
def _moscow_timezone() -> icalendar.Timezone:
    """The VTIMEZONE of Europe/Moscow, worked out once (icalendar takes a while to compute it)."""
    probe = icalendar.Calendar()
    event = icalendar.Event()
    event.add("dtstart", dt.datetime(2024, 1, 1, 12, 0, tzinfo=MOSCOW))
    probe.add_component(event)
    probe.add_missing_timezones()
    return probe.walk("VTIMEZONE")[0]


def _event(meeting: Entry[Meeting], url: str, host: str) -> icalendar.Event:
    data = meeting.data
    event = icalendar.Event()
    event.add("uid", f"{meeting.id}@{host}")
    # DTSTAMP must be present; the meeting's own date keeps the file reproducible.
    event.add("dtstamp", dt.datetime.combine(data.date, dt.time(), dt.UTC))
    event.add("summary", data.title)
    if data.time:
        start = dt.datetime.combine(data.date, data.time, MOSCOW)
        event.add("dtstart", start)
        end_time = data.end_time or (dt.datetime.combine(data.date, data.time) + dt.timedelta(hours=2)).time()
        event.add("dtend", dt.datetime.combine(data.date, end_time, MOSCOW))
    else:
        event.add("dtstart", data.date)
        event.add("dtend", data.date + dt.timedelta(days=1))
    location = data.place or ("Онлайн" if data.online else None)
    if location:
        event.add("location", location)
    description = [f"{data.kind.capitalize()}, {data.format}."]
    if data.online:
        description.append(f"Подключение: {data.online}")
    description.append(f"Подробнее: {url}")
    event.add("description", "\n".join(description))
    event.add("url", url)
    event.add("status", "CANCELLED" if data.cancelled else "CONFIRMED")
    return event
