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
_URL = r"(?<![\w/<\[\]\"'=@.+-])(?<!\]\()(?:https?://|www\.)[^\s<>\"«»“”„\[\]`\\|\x00]+"
_EMAIL = r"(?<![\w/<\[\]\"'=:@.+-])(?<!\]\()[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w@])"
_ADDRESS = re.compile(f"{_URL}|{_EMAIL}", re.IGNORECASE)
_LINK_TEXT = re.compile(r"\[[^\[\]\n]*\]\(")  # a link's text: what is in it is the editor's words for the link
_TRAILING = ".,;:!?'»)*_~"  # a sentence's, or Markdown's emphasis around the address


def bare_links_as_links(text: str) -> str:
    """``text`` (Markdown without its code) with its bare addresses written as links."""
    if "://" not in text and "www." not in text.lower() and "@" not in text:
        return text
    inside_links = [(m.start(), m.end()) for m in _LINK_TEXT.finditer(text)]
    starts = [start for start, _ in inside_links]
    pieces, last = [], 0
    for match in _ADDRESS.finditer(text):
        start, address = match.start(), _without_sentence_end(match[0])
        at = bisect_right(starts, start) - 1
        if not address or (at >= 0 and start < inside_links[at][1]):
            continue
        pieces += [text[last:start], _as_link(address)]
        last = start + len(address)
    return "".join(pieces) + text[last:] if pieces else text


def _without_sentence_end(address: str) -> str:
    """The address without the full stop, comma, bracket or emphasis of the text around it (a bracket it opened
    itself stays: «…/Смоленск_(город)»)."""
    end = len(address)
    unclosed = address.count("(") - address.count(")")
    while end and address[end - 1] in _TRAILING:
        if address[end - 1] == ")":
            if unclosed >= 0:
                break
            unclosed += 1
        end -= 1
    return address[:end]


def _as_link(address: str) -> str:
    if "@" in address and "://" not in address:
        return f"<mailto:{address}>"
    if address.lower().startswith("www."):
        return f"[{address}](https://{address})"
    return f"<{address}>"
