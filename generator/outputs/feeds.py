"""The news feed (RSS 2.0) and the meetings calendar (iCalendar), from the site model.

Both are deterministic: every date in them comes from the content or from the build's "today"
(``SOURCE_DATE_EPOCH`` fixes it), so two builds of the same content on the same day give the same bytes.
A second feed, ``feed-all.xml``, has news, resolutions and practices together.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, partial
from urllib.parse import urljoin

import icalendar
from feedgen.feed import FeedGenerator

from ..core import dates
from ..core.addresses import Addresses
from ..core.dates import MOSCOW
from ..core.load import Entry
from ..core.model import UNCONFIRMED_NOTES, Meeting
from ..core.site import Site


@dataclass(frozen=True)
class GeneratedFile:
    """A generated file that is not a page: ``src_uri`` in the docs folder and its bytes."""

    src_uri: str
    content: bytes


def feed_files(site: Site, site_url: str, site_name: str, description: str) -> list[GeneratedFile]:
    """The news feed, the calendar of all meetings and one calendar file per meeting."""
    return [GeneratedFile(src_uri, make()) for src_uri, make in feed_makers(site, site_url, site_name,
                                                                            description).items()]


def feed_makers(site: Site, site_url: str, site_name: str, description: str) -> dict[str, Callable[[], bytes]]:
    """``feed_files`` by name, each file made when asked: `mkdocs build` needs the names before the pages and
    the bytes only at its end."""
    makers: dict[str, Callable[[], bytes]] = {
        Addresses.feed: partial(news_feed, site, site_url, f"Новости — {site_name}",
                                description or f"Новости: {site_name}"),
        Addresses.feed_all: partial(everything_feed, site, site_url, f"Новости, резолюции и практики — {site_name}",
                                    f"Всё новое на сайте: {site_name}"),
        Addresses.calendar: partial(meetings_calendar, site, site_url, site_name),
    }
    for meeting in site.meetings.values():
        makers[Addresses.meeting_calendar(meeting.id)] = partial(meetings_calendar, site, site_url,
                                                                 meeting.data.title, [meeting])
    return makers


# Stories have a date, not a time: publish them at noon Moscow time.
_STORY_TIME = dt.time(12, 0)
# Calendar events: ids that do not change with the site's address, and how long an event lasts when its
# end is not given (the meeting pages say the same: templates/_meeting_facts.md.j2, ``subscribe``).
UID_DOMAIN = "omo-smolensk"
DEFAULT_DURATION = dt.timedelta(hours=2)


def public_url(site_url: str, src_uri: str) -> str:
    """Absolute address of a generated page (``stories/x.md`` -> ``https://…/stories/x/``)."""
    path = src_uri.removesuffix(".md")
    path = path.removesuffix("index")
    if path and not path.endswith("/"):
        path += "/"
    return urljoin(site_url if site_url.endswith("/") else site_url + "/", path)


@dataclass(frozen=True)
class FeedItem:
    src_uri: str  # the page the item links to
    title: str
    summary: str
    day: dt.date
    category: str


def news_feed(site: Site, site_url: str, title: str, description: str) -> bytes:
    return _rss(site_url, Addresses.feed, Addresses.stories, title, description, _story_items(site))


def everything_feed(site: Site, site_url: str, title: str, description: str) -> bytes:
    """News, resolutions (dated by their meeting) and practices (by their date, or the start of their
    school year), newest first."""
    items = [*_story_items(site), *_resolution_items(site), *_practice_items(site)]
    items.sort(key=lambda item: (item.day, item.src_uri), reverse=True)
    return _rss(site_url, Addresses.feed_all, Addresses.home, title, description, items)


def _story_items(site: Site) -> list[FeedItem]:
    return [FeedItem(Addresses.story(story.id), story.data.title, story.data.summary or story.data.title,
                     story.data.date, "Новости") for story in site.stories]


def _resolution_items(site: Site) -> list[FeedItem]:
    items = []
    for meeting_id, directive in site.directives.items():
        meeting = site.meetings[meeting_id].data
        when = dates.long_date(meeting.date)
        items.append(FeedItem(Addresses.resolution(meeting_id), f"{directive.data.title}: {meeting.title}, {when}",
                              f"{directive.data.title} ({directive.data.status}) — {meeting.title}, {when}.",
                              meeting.date, "Резолюции"))
    return items


def _practice_items(site: Site) -> list[FeedItem]:
    items = []
    for practice in site.practices.values():
        data = practice.data
        day = data.date or dt.date(int(str(data.school_year)[:4]), dates.SCHOOL_YEAR_START_MONTH, 1)
        items.append(FeedItem(Addresses.practice(practice.id), data.title,
                              data.summary or f"{data.title} — {data.organization}", day, "Практики"))
    return items


def _rss(site_url: str, src_uri: str, home_uri: str, title: str, description: str, items: list[FeedItem]) -> bytes:
    """An RSS 2.0 feed with ``atom:link rel="self"``; ``items`` newest first."""
    feed = FeedGenerator()
    feed.title(title)
    # feedgen writes the last link added as the channel's <link>: the page, after the feed's own address.
    feed.link(href=public_url(site_url, src_uri).removesuffix("/"), rel="self")
    feed.link(href=public_url(site_url, home_uri), rel="alternate")
    feed.description(description)
    feed.language("ru")
    feed.generator("omo-site")
    newest = max((item.day for item in items), default=dt.date(2000, 1, 1))
    feed.lastBuildDate(dt.datetime.combine(newest, _STORY_TIME, MOSCOW))
    # feedgen puts the last added entry first: add the oldest first.
    for item in reversed(items):
        entry = feed.add_entry()
        link = public_url(site_url, item.src_uri)
        entry.id(link)
        entry.guid(link, permalink=True)
        entry.link(href=link)
        # Titles and summaries are plain text, and RSS readers show <title> and <description> as HTML (feedparser
        # marks both text/html): the text is escaped for HTML here, then once more for XML by feedgen, so «<img …>»
        # reaches the reader as the characters typed.
        entry.title(html.escape(item.title, quote=False))
        entry.description(html.escape(item.summary, quote=False))
        entry.category(term=item.category)
        entry.pubDate(dt.datetime.combine(item.day, _STORY_TIME, MOSCOW))
    return feed.rss_str(pretty=True)


def meetings_calendar(site: Site, site_url: str, name: str, meetings: list[Entry[Meeting]] | None = None) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//РИБЦ ГАУ ДПО СОИРО//ОМО школьных библиотекарей//RU")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", icalendar.vText(name))  # vText: a line break in a title is escaped, not a new line
    calendar.add("x-wr-timezone", "Europe/Moscow")
    for meeting in meetings if meetings is not None else site.meetings.values():
        calendar.add_component(_event(meeting, public_url(site_url, Addresses.meeting(meeting.id)), site.today))
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


def _event(meeting: Entry[Meeting], url: str, today: dt.date) -> icalendar.Event:
    data = meeting.data
    event = icalendar.Event()
    # The id stays when the site moves to another address: calendars keep one event, not two.
    event.add("uid", f"{meeting.id}@{UID_DOMAIN}")
    # DTSTAMP is never in the future: the meeting's date, or the build's day for a planned meeting.
    event.add("dtstamp", dt.datetime.combine(min(data.date, today), dt.time(), dt.UTC))
    event.add("summary", data.title)
    description = [f"{data.kind.capitalize()}, {data.format}."]
    if data.time:
        start = dt.datetime.combine(data.date, data.time, MOSCOW)
        event.add("dtstart", start)
        if data.end_time:
            event.add("dtend", dt.datetime.combine(data.date, data.end_time, MOSCOW))
        else:
            event.add("dtend", start + DEFAULT_DURATION)
            description.append("Время окончания не указано: в календаре отведено 2 часа.")
    else:
        event.add("dtstart", data.date)
        event.add("dtend", data.date + dt.timedelta(days=1))
        description.append("Время начала не указано: событие на весь день.")
    notes = [UNCONFIRMED_NOTES[name] for name in UNCONFIRMED_NOTES if name in data.unconfirmed]
    if notes:
        description.append(f"Не подтверждено источником: {', '.join(notes)}.")
    location = data.place or ("Онлайн" if data.online else None)
    if location:
        event.add("location", location)
    if data.online:
        description.append(f"Подключение: {data.online}")
    description.append(f"Подробнее: {url}")
    event.add("description", "\n".join(description))
    event.add("url", url)
    event.add("status", "CANCELLED" if data.cancelled else "CONFIRMED")
    return event
