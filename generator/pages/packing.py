"""Generated HTML held compressed while MkDocs works on other pages: a large site's pages wait in memory
between the events that make and use them (the blocks from generation to Markdown, the article from Markdown
to the theme), and Russian text takes two bytes a letter in a Python string, a fraction of one packed."""

from __future__ import annotations

import zlib

_SEPARATOR = "\x00"  # never in a block: editors' text has it replaced (markdown_text.markdown_field)


def pack_blocks(blocks: tuple[str, ...]) -> bytes:
    return pack(_SEPARATOR.join(blocks))


def unpack_blocks(packed: bytes) -> tuple[str, ...]:
    return tuple(unpack(packed).split(_SEPARATOR))


def pack(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"), 1)


def unpack(packed: bytes) -> str:
    return zlib.decompress(packed).decode("utf-8")
