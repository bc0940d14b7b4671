"""A story's two dates: the one in its file name (its address) and the ``date`` field (what the page says).

A story copied from another one often gets a new date in one place only. The
address keeps the file name's date forever, so the check warns when the two
differ; the site still builds.
"""

from __future__ import annotations

from .errors import Problem
from .load import Content


def story_date_mismatches(content: Content) -> list[Problem]:
    warnings = []
    for story in content.stories:
        named, given = story.id[:10], story.data.date.isoformat()
        if named != given:
            warnings.append(story.problem(("date",), (
                f"дата в имени файла ({named}) и в поле date ({given}) разные: адрес новости берётся из имени "
                f"файла, а на странице и в ленте будет {given}. Исправьте дату в поле date или переименуйте "
                "файл, пока новость не опубликована")))
    return warnings
