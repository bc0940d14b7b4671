"""Web and mail addresses typed as they are in editors' text become links, as the browser editor's preview and
GitHub show them.

Python-Markdown links only ``<https://…>`` and ``[текст](https://…)``: «Подробнее: https://vk.com/club1» or
«пишите omo@example.ru» stayed text that a reader on a phone cannot tap. Such an address is written as Markdown's
own link before the text is rendered: ``<https://…>``, ``<mailto:…>``, and ``[www.…](https://www.…)``. A full
stop, a comma or a closing bracket after an address is the sentence's, not the address's. Addresses in a link's
text, in a link's target or in code are left as they are.
"""

from __future__ import annotations

import re
from bisect import bisect_right

# Where an address may start: not inside a word or another address, nor a link's target («](»); an e-mail not
# after «:» either («mailto:», «e-mail:» is left as typed).
_URL = r"(?<![\w/<\[\]\"'=@.+-])(?<!\]\()(?:https?://|www\.)[^\s<>\"«»“”„\[\]{}`\\|\x00]+"
_EMAIL = r"(?<![\w/<\[\]\"'=:@.+-])(?<!\]\()[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w@])"
_ADDRESS = re.compile(f"{_URL}|{_EMAIL}", re.IGNORECASE)
# A link: its text (the editor's words for it), and its target and title when they close on the line; a reference
# link's text (``[www.x.ru][1]``); a reference definition (``[1]: www.x.ru "…"``), whose address is Markdown's.
_LINK_TEXT = re.compile(r"\[[^\[\]\n]*\](?:\((?:[^()\n]*(?:\([^()\n]*\)[^()\n]*)*\))?|\[)"
                        r"|^[ \t]{0,3}\[[^\]\n]+\]:[^\n]*", re.MULTILINE)
_TRAILING = ".,;:!?'»)"  # a sentence's
_SHOWN_AS_TYPED = re.compile(r"[*_]")  # «~» is no emphasis here (no extension reads it)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_EMPHASIS_RUN = re.compile(r"\*+|_+|~+")  # Markdown's emphasis: a sign at the address's end closes one opened before


def bare_links_as_links(text: str) -> str:
    """``text`` (Markdown without its code) with its bare addresses written as links."""
    if "://" not in text and "www." not in text.lower() and "@" not in text:
        return text
    inside_links = [(m.start(), m.end()) for m in _LINK_TEXT.finditer(text)]
    starts = [start for start, _ in inside_links]
    pieces, last = [], 0
    opened = _OpenEmphasis(text)
    for match in _ADDRESS.finditer(text):
        start = match.start()
        address = _without_sentence_end(match[0], opened.before(start))
        opened.skip_to(match.end())  # an address's own «_» (…/a_b) opens nothing
        at = bisect_right(starts, start) - 1
        if not address or (at >= 0 and start < inside_links[at][1]):
            continue
        pieces += [text[last:start], _as_link(address)]
        last = start + len(address)
    return "".join(pieces) + text[last:] if pieces else text


class _OpenEmphasis:
    """Which emphasis signs are open at a place of its paragraph: those whose runs before it are odd in number.
    Asked in order, each part of the text is read once."""

    def __init__(self, text: str) -> None:
        self._text, self._read, self._open = text, 0, ""

    def before(self, at: int) -> str:
        for paragraph_break in _PARAGRAPH_BREAK.finditer(self._text, self._read, at):
            self._read, self._open = paragraph_break.end(), ""
        for run in _EMPHASIS_RUN.finditer(self._text, self._read, at):
            sign = run[0][0]
            self._open = self._open.replace(sign, "") if sign in self._open else self._open + sign
        self._read = at
        return self._open

    def skip_to(self, at: int) -> None:
        self._read = max(self._read, at)


def _without_sentence_end(address: str, opened: str) -> str:
    """The address without the full stop, comma, bracket or emphasis of the text around it (a bracket it opened
    itself stays: «…/Смоленск_(город)»; so does a «_» when no «_» before the address is open: «…/_x_»)."""
    end = len(address)
    unclosed = address.count("(") - address.count(")")
    trailing = _TRAILING + opened
    while end and address[end - 1] in trailing:
        if address[end - 1] == ")":
            if unclosed >= 0:
                break
            unclosed += 1
        end -= 1
    return address[:end]


def _as_link(address: str) -> str:
    if "@" in address and "://" not in address:
        return f"<mailto:{address}>"
    if address.lower().startswith("www."):  # the link's text shown as typed: «…/_x_» is no emphasis
        shown = _SHOWN_AS_TYPED.sub(r"\\\g<0>", address)
        return f"[{shown}](https://{address})"
    return f"<{address}>"
