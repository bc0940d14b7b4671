"""Links in the Markdown fields of data files: where they are, which are relative, and the same text with its
relative links written from another folder.

A data file has no folder on the site, so a relative address in its fields is written from ``content/``, as
``file:`` and ``cover:`` are (``files/plan.pdf``, ``practices/kviz.md``); each page that shows the field puts it
relative to itself (``rebased``), and the build checks that it leads somewhere (``core.site``).
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator

from .errors import Problem

# A fence opens with its marker and at most a language (``` python, ```{.py}): ```` ```foo bar ```` is no fence to
# Python-Markdown, and text this module took for code would be left unescaped.
_FENCE_OPEN = re.compile(r"^(?:```|~~~)(?=[ \t]*(?:\{[^\n]*\}|\.?[\w#.+-]*)[ \t]*$)", re.MULTILINE)
# Where a code span cannot reach across: a line that starts a block of its own in Python-Markdown, or a list's item
# or a table's row: an empty line, HTML, a quote, a heading, a rule or a heading's underline, a list item, a line
# with «|» (any indent, any table: a break too many only takes code for text, which is escaped; one too few would
# leave HTML as HTML).
_SPAN_BREAK = re.compile(r"\n[ \t]*\n|\n[ \t]*[<>#]|\n[^\n]*\||\n[ \t]*(?:[-*+]|\d+[.)])(?=[ \t]|$)"
                         r"|\n[ \t]*[=*_-][ \t=*_-]*(?=\n|$)", re.MULTILINE)
_FENCE_CLOSE = re.compile(r"^(```|~~~)[ \t]*$", re.MULTILINE)
_TICKS = re.compile(r"`+")
# The address of an inline link or picture (``](files/a.pdf "…")``, ``](<a b.pdf>)``, one level of brackets in
# it) when a title or the closing bracket follows it, and of a reference definition (``[1]: files/a.pdf``).
_INLINE = re.compile(r"\]\([ \t]*(?:<([^<>\n]*)>|((?:[^\s()<>]|\([^\s()]*\))+))(?=[ \t]*\)|[ \t]+[\"'(])")
_REFERENCE = re.compile(r"^(?:[ \t]*>|[ \t]*(?:[-*+]|\d+[.)])(?=[ \t]))*[ \t]*\[[^\]\n]+\]:[ \t]*(?:\n[ \t>]*)?"
                        r"(?:<([^<>\n]*)>|(\S+))", re.MULTILINE)
# Pictures: ``![…](address)``, and ``![…][label]`` / ``![label]`` with the label's definition.
_IMAGE = re.compile(r"!\[([^\]\n]*)\](?:\([ \t]*(?:<([^<>\n]*)>|((?:[^\s()<>]|\([^\s()]*\))+))(?=[ \t]*\)|[ \t]+[\"'(])"
                    r"|\[([^\]\n]*)\])?")
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
# An address on the editor's own computer: «C:\…», «\\server\…», «file:…».
_LOCAL = re.compile(r"[a-zA-Z]:[\\/]|\\\\|file:", re.IGNORECASE)


def code_parts(text: str) -> Iterator[tuple[int, int]]:
    """Where fenced code blocks and code spans are, left to right, in linear time.

    A block opens with a line of ``` or ~~~ and at most a language, and ends at
    the next line of the same three characters (and spaces); a span opens with a
    run of backticks and ends at the next run of exactly as many within its
    paragraph (``_SPAN_BREAK``). When a block or span
    does not close, the search goes on from the next character, so a shorter
    run inside a long one may still open a span (as a regular expression
    scanning the text would find them; that one took minutes on 300 KB).
    """
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    openings = [m.start() for m in _FENCE_OPEN.finditer(text)]
    closings: dict[str, list[int]] = {"```": [], "~~~": []}  # line starts of closing lines, by marker
    for match in _FENCE_CLOSE.finditer(text):
        closings[match[1]].append(match.start())
    breaks = [m.start() for m in _SPAN_BREAK.finditer(text)]
    runs = [(m.start(), m.end()) for m in _TICKS.finditer(text)]
    run_starts = [start for start, _ in runs]
    by_length: dict[int, list[int]] = {}
    for start, stop in runs:
        by_length.setdefault(stop - start, []).append(start)
    position = 0
    while True:
        tick = text.find("`", position)
        fence_index = bisect_left(openings, position)
        fence = openings[fence_index] if fence_index < len(openings) else -1
        if tick < 0 and fence < 0:
            return
        here = fence if fence >= 0 and (tick < 0 or fence <= tick) else tick
        if here == fence:
            marker = text[here:here + 3]
            later = closings[marker]
            index = bisect_right(later, here)
            if index < len(later):
                close = later[index]
                line = bisect_right(line_starts, close)
                stop = line_starts[line] - 1 if line < len(line_starts) else len(text)
                yield here, stop
                position = stop
                continue
        if text.startswith("`", here) and _escaped(text, here):
            position = here + 1  # «\`» is a backtick, not code: Markdown shows it and reads on
            continue
        if text.startswith("`", here):
            run_end = runs[bisect_right(run_starts, here) - 1][1]
            length = run_end - here
            same = by_length.get(length, [])
            index = bisect_right(same, run_end)
            after = bisect_right(breaks, here)
            if index < len(same) and not (after < len(breaks) and breaks[after] < same[index]):
                yield here, same[index] + length
                position = same[index] + length
                continue
        position = here + 1


def _escaped(text: str, index: int) -> bool:
    """Whether the character at ``index`` follows an odd run of backslashes (Markdown's escape)."""
    start = index
    while start > 0 and text[start - 1] == "\\":
        start -= 1
    return (index - start) % 2 == 1


def _in_code(text: str) -> Callable[[int], bool]:
    """Whether a place in ``text`` is inside code (shown as written, never followed or rendered)."""
    code = list(code_parts(text))
    starts = [start for start, _ in code]

    def inside(place: int) -> bool:
        index = bisect_right(starts, place) - 1
        return index >= 0 and place < code[index][1]

    return inside


def addresses(text: str) -> Iterator[tuple[int, int]]:
    """Where the addresses of links and pictures are in Markdown ``text``, outside code, left to right."""
    in_code = _in_code(text)
    found = [match.span(1 if match[1] is not None else 2) for pattern in (_INLINE, _REFERENCE)
             for match in pattern.finditer(text) if not in_code(match.start())]
    return iter(sorted(found))


def pictures(text: str) -> Iterator[tuple[int, str]]:
    """The addresses of pictures in Markdown ``text``, outside code, with where each picture is."""
    in_code = _in_code(text)
    # A label defined twice: whichever a builder takes, both are looked at; each where its address is written.
    labels: dict[str, list[tuple[int, str]]] = {}
    for match in _REFERENCE.finditer(text):
        label = " ".join(match[0].split("]")[0].split("[", 1)[1].split()).lower()  # «[ r ]» is «[r]»
        group = 1 if match[1] is not None else 2
        labels.setdefault(label, []).append((match.start(group), match[group]))
    for match in _IMAGE.finditer(text):
        if in_code(match.start()):
            continue
        if match[2] is not None or match[3] is not None:
            yield match.start(), match[2] if match[2] is not None else match[3]
        else:
            yield from labels.get((match[4] or match[1]).lower(), [])


def is_remote(address: str) -> bool:
    """An address on another site (``https://…``, ``//host/…``)."""
    return address.lower().startswith(("http:", "https:", "//"))


def is_relative(address: str) -> bool:
    """Not a web address, an anchor on the page or an address from the site's root (read as a browser reads it:
    ``java&#115;cript:`` is a scheme, which the sanitizer deals with)."""
    address = html.unescape(address)
    return bool(address) and not address.startswith(("#", "/", "\\")) and not _SCHEME.match(address)


def is_local(address: str) -> bool:
    """An address on the editor's own computer, which no reader can open (in a link, any backslash is one)."""
    return is_computer_path(address) or "\\" in address


def is_computer_path(path: str) -> bool:
    """A path that names a disk or a server (``C:\\…``, ``\\\\server\\…``, ``file:``), not one of the site."""
    return _LOCAL.match(path) is not None


def _of_the_site(address: str) -> bool:
    """A relative address that may lead to a file of the site (one on the editor's computer cannot)."""
    return is_relative(address) and not is_local(address)


def site_addresses(text: str) -> list[tuple[int, str]]:
    """The addresses of links and pictures in ``text`` that lead into the site (relative, or from its root: ``/x/``)
    with the line (from 0) each stands on."""
    return [(text.count("\n", 0, start), address) for start, stop in addresses(text)
            if _of_the_site(address := text[start:stop]) or (address.startswith("/") and address[1:2] not in "/\\")]


def rebased(text: str, rebase: Callable[[str], str]) -> str:
    """``text`` with each relative address replaced by ``rebase(address)``."""
    if "](" not in text and "]:" not in text:  # most fields: no address at all
        return text
    parts, position = [], 0
    for start, stop in addresses(text):
        address = text[start:stop]
        if _of_the_site(address):
            parts += [text[position:start], rebase(address)]
            position = stop
    return "".join(parts) + text[position:] if parts else text


def on_my_computer(address: str, docs_name: str, example: str = "") -> str:
    """``example``: how the file's page writes the path to content/files/plan.pdf (a data file: from content/)."""
    where = (f"путь от этой страницы через «/», например {example}" if example
             else f"путь от папки {docs_name}/ через «/», например files/plan.pdf")
    return (f"ссылка «{address}» ведёт на файл на вашем компьютере, читатели его не откроют: загрузите файл "
            f"в {docs_name}/files/ и напишите {where}")


def from_another_site(address: str, docs_name: str) -> str:
    # A picture from elsewhere tells that site who reads the page (the reader's address), and goes when it goes.
    return (f"картинка «{address}» загружается с другого сайта: браузер каждого читателя обратится к нему и сообщит "
            "свой адрес, а удалят её там — пропадёт и здесь; скачайте картинку и загрузите в "
            f"{docs_name}/images/, а в тексте сошлитесь на этот файл")


# HTML pasted from Word, Excel or a video site: shown to readers as code (only a few bare tags stay, see
# ``pages.markdown_text``), so the editor is told at once, not by a reader.
_PASTED = re.compile(r"<iframe\b|<table\b|<o:p>|\bclass=\"?Mso|<(?:p|span|div|font)\b[^>\n]*\bstyle=|<div\b",
                     re.IGNORECASE)


def pasted_html(text: str) -> list[tuple[int, str]]:
    """Where HTML pasted from other programs starts in ``text`` (the first of each kind), and what to do instead."""
    in_code = _in_code(text) if "`" in text or "~~~" in text else lambda place: False
    found: dict[str, int] = {}
    for match in _PASTED.finditer(text):
        if in_code(match.start()):
            continue
        tag = match[0].lower()
        if tag.startswith("<iframe"):
            advice = "встроенное видео или карта сайтом не показываются: вставьте обычную ссылку на страницу с ними"
        elif tag.startswith("<table"):
            advice = ("таблица в HTML показывается как код: запишите её таблицей Markdown (строки «| a | b |») или "
                      "приложите файлом")
        else:
            advice = ("в тексте HTML-разметка из Word или с сайта, читатели увидят её как код: вставьте текст заново "
                      "без оформления (Ctrl+Shift+V) и оформите заново")
        found.setdefault(advice, match.start())
    return [(start, advice) for advice, start in found.items()]


def page_problems(name: str, first_line: int, body: str, docs_name: str, html_is_text: bool) -> list[Problem]:
    """A story's or a page's Markdown: HTML pasted from another program (where it is shown as text: a story, not a
    hand-written page, which may hold HTML), addresses on the editor's computer and pictures from other sites."""
    found = []
    for start, advice in pasted_html(body) if html_is_text and "<" in body else ():
        found.append(Problem(name, first_line + body.count("\n", 0, start), "", advice))
    if "](" not in body and "]:" not in body:
        return found
    example = "../" * (name.count("/") - 1) + "files/plan.pdf"  # from content/stories/x.md: ../files/plan.pdf
    for start, stop in addresses(body):
        address = body[start:stop]
        if is_local(address) and not is_remote(address):
            found.append(Problem(name, first_line + body.count("\n", 0, start), "",
                                 on_my_computer(address, docs_name, example)))
    for start, address in pictures(body):
        if is_remote(address):
            found.append(Problem(name, first_line + body.count("\n", 0, start), "",
                                 from_another_site(address, docs_name)))
    return found
