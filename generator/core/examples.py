"""Samples copied with their mark: an entry that says ``example: true`` but is not one of the project's samples.

The samples (``example: true``, shown with the badge «Пример оформления») are
there to be copied. A copy that keeps the line would be published as a sample,
so the check warns about each entry with the mark that ``data/examples.yml``
does not list. A warning, not an error: the site still builds.
"""

from __future__ import annotations

from .errors import Problem
from .load import Content, Entry


def copied_examples(content: Content) -> list[Problem]:
    """A warning for every entry marked ``example: true`` that the list of samples does not name."""
    listed = content.examples.data if content.examples is not None else None
    where = content.examples.path if content.examples is not None else "data/examples.yml"
    warnings = []

    def check(entry: Entry, marked: bool, key: str, loc: tuple[str, ...], entry_id: str) -> None:
        if marked and (listed is None or entry_id not in getattr(listed, key)):
            warnings.append(entry.problem(loc, (
                "запись помечена как образец оформления (example: true), а в списке образцов "
                f"{where} её нет: на сайте у неё будет плашка «Пример оформления». Если запись настоящая "
                "(скопирована с образца), удалите строку example: true; если это новый образец, "
                f"добавьте «{entry_id}» в {where}, в список {key}")))

    for practice in content.practices:
        check(practice, practice.data.example, "practices", ("example",), practice.id)
    for story in content.stories:
        check(story, story.data.example, "stories", ("example",), story.id)
    for report in content.reports:
        check(report, report.data.example, "reports", ("example",), report.id)
    for municipality in content.municipalities:
        coordinator = municipality.data.coordinator
        check(municipality, bool(coordinator and coordinator.example), "coordinators", ("coordinator", "example"),
              municipality.id)
    return sorted(warnings)
