"""A page that could not be made in bounded stack (a RecursionError): what the editor is told instead.

The check refuses every shape of text known to exhaust Python's stack in Python-Markdown (``markdown_limits.py``,
with the line). This is the net under it, for a shape not yet known: the build or the export still stops before
anything is written, and the editor learns which page to look at.
"""

from __future__ import annotations

TOO_DEEP = ("{page}: страница не собрана — текст в ней вложен слишком глубоко (списки, цитаты, выделения, блоки "
            "HTML в несколько сотен уровней), и сборка не может его прочитать. Сайт не обновлён. Найдите в тексте "
            "длинные ряды знаков «*», «_», «>», «-», «[» или вложенных тегов и уберите лишние")


def generated_page_name(src_uri: str) -> str:
    """A page made from the data files, named by its address: it has no file of its own."""
    path = src_uri.removesuffix(".md").removesuffix("index")
    return f"страница /{path}{'' if not path or path.endswith('/') else '/'} (её текст — из папки data/)"


class GeneratedPageTooDeep(Exception):
    """A generated page whose fields Python-Markdown could not render (a RecursionError), said in Russian."""

    def __init__(self, src_uri: str):
        super().__init__(TOO_DEEP.format(page=generated_page_name(src_uri)))
