"""A page that could not be made in bounded stack (a RecursionError): what the editor is told instead.

The check refuses every shape of text known to exhaust Python's stack in Python-Markdown (``markdown_limits.py``,
with the line). This is the net under it, for a shape not yet known: the build or the export still stops before
anything is written, and the editor learns which page to look at.
"""

from __future__ import annotations

import re

_STORY = re.compile(r"stories/(\d{4}-\d{2}-\d{2}-[^/]+)\.md")  # a story's page; its list is stories/page/…

TOO_DEEP = ("{page}: страница не собрана — текст в ней вложен слишком глубоко (списки, цитаты, выделения, блоки "
            "HTML в несколько сотен уровней), и сборка не может его прочитать. Сайт не обновлён. Найдите в тексте "
            "длинные ряды знаков «*», «_», «>», «-», «[» или вложенных тегов и уберите лишние")


def generated_page_name(src_uri: str) -> str:
    """A page the build makes, as the editor finds its text: a story by its file, a page of the data files by its
    address (it has no file of its own)."""
    if (story := _STORY.fullmatch(src_uri)) is not None:
        return f"content/stories/{story[1]}.md"
    path = src_uri.removesuffix(".md").removesuffix("index")
    return f"страница /{path}{'' if not path or path.endswith('/') else '/'} (её текст — из папки data/)"


class GeneratedPageTooDeep(Exception):
    """A generated page whose fields Python-Markdown could not render (a RecursionError), said in Russian."""

    def __init__(self, src_uri: str):
        super().__init__(TOO_DEEP.format(page=generated_page_name(src_uri)))
