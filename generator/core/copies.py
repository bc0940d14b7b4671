"""What an editor copied and did not change: published twice, in lists, the plan and the calendar.

A new meeting is made by copying last month's file, a story by copying another; the copy keeps its title and
date, and the site would list the same meeting or story twice. An item copied within a list (``problem_field``, a
resolution's items for one audience) would be published twice too. A district's report made by copying a
neighbour's file keeps the neighbour's reporter: it would be published as this district's work.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from pydantic import BaseModel

from .errors import Problem, comparable
from .load import Content, Entry
from .model import ID_PATTERN

SAME_RECORD = ("{what} с тем же названием и датой уже есть в файле {other}: если файл скопирован, удалите копию; "
               "если это {another}, исправьте название или дату")
SAME_ITEM = "пункт повторяет пункт {number} этого списка: удалите повтор"
SAME_REPORTER = ("так же назван, кто отчитывается, в отчёте района «{other}» ({file}): если файл скопирован, впишите "
                 "РМО своего района и его отчёт")
OTHER_DISTRICT = ("здесь назван другой район — «{name}»: если файл скопирован из его отчёта, впишите РМО своего района "
                  "и его отчёт; если это отчёт района «{name}», назовите файл {other_id}.yml")
_ADJECTIVE_ENDING = re.compile(r"(?:ий|ый|ой|ая|ое|ие)$")
# The region, which every district is in: «… г. Ярцево Смоленской области» names no district of Смоленск.
_REGION = re.compile(r"смоленск\w*\s+обл\w*\.?")
_DASHES = str.maketrans("‐‑‒–—", "-----")


def copy_problems(content: Content) -> list[Problem]:
    problems = _same_records(content.meetings, "заседание", "другое заседание")
    problems += _same_records([story for story in content.stories if not story.data.draft], "новость",
                              "другая новость")
    problems += _borrowed_reporters(content)
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


def _borrowed_reporters(content: Content) -> list[Problem]:
    """Reports whose reporter names another district and not their own («РМО … Вяземского округа» in
    elninskiy.yml), or is another report's of the same resolution word for word: the one that names its own
    district is taken for the original."""
    names = {entry.id: entry.data.short or entry.data.name for entry in content.municipalities}
    stems = {municipality_id: _stem(name) for municipality_id, name in names.items()}
    problems = []
    own_named: dict[str, bool] = {}
    for entry in content.reports:
        municipality_id = entry.id.partition("/")[2]
        reporter, own = _as_compared(entry.data.reporter or ""), stems.get(municipality_id)
        own_named[entry.path] = bool(own) and own in reporter
        if not reporter or own is None or own_named[entry.path]:  # a district not known is named elsewhere
            continue
        named = [found for found, stem in stems.items() if stem and found != municipality_id and stem in reporter]
        if named:
            problems.append(entry.problem(("reporter",), OTHER_DISTRICT.format(name=names[named[0]],
                                                                                other_id=named[0])))
    told = {problem.path for problem in problems}
    first: dict[tuple[str, str], Entry[Any]] = {}
    for entry in sorted(content.reports, key=lambda entry: (not own_named[entry.path], entry.path)):
        meeting_id, _, municipality_id = entry.id.partition("/")
        if municipality_id not in names:  # its file's name is what is wrong: told as such
            continue
        reporter = _as_compared(entry.data.reporter or "")
        if not any(stem and stem in reporter for stem in stems.values()):  # «РМО школьных библиотекарей»: no one's
            continue
        if (other := first.setdefault((meeting_id, reporter), entry)) is entry or entry.path in told:
            continue
        other_id = other.id.partition("/")[2]
        problems.append(entry.problem(("reporter",), SAME_REPORTER.format(other=names.get(other_id, other_id),
                                                                          file=other.path)))
    return problems


def _as_compared(reporter: str) -> str:
    return _REGION.sub("", comparable(reporter).translate(_DASHES))


def _stem(name: str) -> str:
    """How a district's name stands in any case: «Вяземский» -> «вяземск», «город Смоленск» -> «смоленск»."""
    word = next((word for word in name.split() if word[:1].isupper()), "")
    stem = _ADJECTIVE_ENDING.sub("", comparable(word).translate(_DASHES))
    return stem if len(stem) >= 4 else ""
