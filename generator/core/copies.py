"""What an editor copied and did not change: published twice, in lists, the plan and the calendar.

A new meeting is made by copying last month's file, a story by copying another; the copy keeps its title and
date, and the site would list the same meeting or story twice. An item copied within a list (``problem_field``, a
resolution's items for one audience) would be published twice too.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from pydantic import BaseModel

from .errors import Problem, comparable
from .load import Content, Entry
from .model import ID_PATTERN

SAME_RECORD = ("{what} с тем же названием и датой уже есть в файле {other}: если файл скопирован, удалите копию; "
               "если это {another}, исправьте название или дату")
SAME_ITEM = "пункт повторяет пункт {number} этого списка: удалите повтор"


def copy_problems(content: Content) -> list[Problem]:
    problems = _same_records(content.meetings, "заседание", "другое заседание")
    problems += _same_records([story for story in content.stories if not story.data.draft], "новость",
                              "другая новость")
    for entry in [*content.meetings, *content.practices, *content.directives, *content.stories]:
        for loc, number in _repeated_items(entry.data, ()):
            problems.append(entry.problem(loc, SAME_ITEM.format(number=number)))
    return problems


def _same_records(entries: Iterable[Entry[Any]], what: str, another: str) -> list[Problem]:
    first: dict[tuple[Any, str], Entry[Any]] = {}
    problems = []
    for entry in sorted(entries, key=lambda entry: (len(entry.path), entry.path)):  # «x-2.yml», «x-kopiya.yml»
        key = (entry.data.date, comparable(entry.data.title))
        if key in first:
            other = first[key]
            problems.append(entry.problem(("title",), SAME_RECORD.format(what=what.capitalize(), other=other.path,
                                                                         another=another)))
        else:
            first[key] = entry
    return problems


def _repeated_items(value: Any, loc: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], int]]:
    """Where an item of a list repeats an earlier one (its text; a resolution item: its text and the rest), and
    the earlier one's number (from 1), in ``value`` and below."""
    if isinstance(value, BaseModel):
        for name, field in value:
            yield from _repeated_items(field, (*loc, name))
    elif isinstance(value, dict):
        for key, field in value.items():
            yield from _repeated_items(field, (*loc, key))
    elif isinstance(value, list):
        seen: dict[str, int] = {}
        for index, item in enumerate(value):
            text = item if isinstance(item, str) else getattr(item, "text", None)
            # An id named twice (themes) has a message of its own, from the references' check. An item with more
            # than its text is a repeat only if the rest is the same too (one task twice a year, with two dates).
            if isinstance(text, str) and text.strip() and not ID_PATTERN.fullmatch(text):
                plain = comparable(text)
                key = plain if isinstance(item, str) else repr(item.model_copy(update={"text": plain}))
                if key in seen:
                    yield (*loc, index), seen[key] + 1
                else:
                    seen[key] = index
            yield from _repeated_items(item, (*loc, index))
