"""Stable Latin ids from Russian text.

One fixed, readable transliteration (the scheme most Russian sites use for
addresses: «Секция ОМО» -> ``sekciya-omo``, «Хиславичский» -> ``hislavichskiy``).
Changing the table would change published addresses, so it never changes.
"""

from slugify import slugify

ID_LENGTH = 60  # the longest id the editors' tools make from a title (`new`, the browser editor)

_LETTERS = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo",
    "ж": "zh", "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "h", "ц": "c", "ч": "ch", "ш": "sh", "щ": "sch", "ъ": "",
    "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}
_TABLE = str.maketrans(_LETTERS | {k.upper(): v for k, v in _LETTERS.items()})


def transliterate(text: str) -> str:
    """Russian letters to Latin ones by the fixed table; other text unchanged."""
    return text.translate(_TABLE)


def make_id(text: str, max_length: int = 0) -> str:
    """An entry id: lowercase Latin words joined by ``-`` (cut at a word when ``max_length`` is set: the words
    that fit, in order; a shorter word after one that did not fit would make «…-pobedy-v-gg»)."""
    return slugify(transliterate(text), lowercase=True, max_length=max_length, word_boundary=True, save_order=True)
