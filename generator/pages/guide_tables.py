"""Tables of the editors' guide made from the vocabularies, so that the guide never lists stale ids.

A hand-written page may hold a marker line, ``<!-- omo:municipalities -->`` or
``<!-- omo:themes -->``; at build it is replaced by a table of every entry of
that vocabulary: id and Russian name, in the vocabulary's order.
"""

from __future__ import annotations

import re
from html import escape

from ..core.site import Site
from .markdown_text import code_parts

_MARKER = re.compile(r"^<!-- omo:(municipalities|themes) -->[ \t]*$", re.MULTILINE)


def vocabulary_tables(site: Site) -> dict[str, str]:
    """The table for each marker, as an HTML block (names are escaped: they come from editors' files)."""
    municipalities = [(m.id, m.data.name, m.data.kind) for m in site.municipalities.values()]
    themes = [(t.id, t.data.name) for t in site.themes.values()]
    return {"municipalities": _table(("id", "муниципальное образование", "вид"), municipalities),
            "themes": _table(("id", "направление"), themes)}


def _table(head: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    header = "".join(f"<th>{escape(cell)}</th>" for cell in head)
    body = "\n".join("<tr>" + "".join(f"<td><code>{escape(row[0])}</code></td>"
                                      + "".join(f"<td>{escape(cell)}</td>" for cell in row[1:])) + "</tr>"
                     for row in rows)
    return f"<table>\n<thead><tr>{header}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def fill_markers(markdown: str, tables: dict[str, str]) -> str:
    """``markdown`` with each marker line replaced by its table (unknown or unfilled markers stay, and so does
    a marker inside code, where the guide shows how to write one)."""
    code = list(code_parts(markdown))

    def table(found: re.Match[str]) -> str:
        if any(start <= found.start() < end for start, end in code):
            return found[0]
        return tables.get(found[1], found[0])

    return _MARKER.sub(table, markdown)
