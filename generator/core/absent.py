"""Empty values mean "not given": ``""``, ``null``, ``[]`` and ``{}`` are the same as a missing field.

The browser editor (Decap CMS) writes a field the editor left empty as ``""``,
``null``, ``[]`` or ``{}``, and editors leave ``summary:`` with nothing after
it. Each of these is taken out before the record is checked, so that an
optional field is simply absent and a required one is reported as not filled.
Empty items of a list go too; error locations are mapped back to the file.
"""

from __future__ import annotations

from typing import Any


class Trimmed:
    """A parsed record without its empty values, and the way back to the file's locations."""

    def __init__(self, value: Any):
        self._kept: dict[int, list[int]] = {}  # id of a trimmed list -> indexes of its items in the file
        trimmed = self._trim(value)
        # The record itself stays a record: an all-empty one is reported field by field.
        self.value = trimmed if trimmed is not _EMPTY else type(value)() if isinstance(value, dict | list) else None

    def _trim(self, value: Any) -> Any:
        if isinstance(value, str):
            return _EMPTY if not value.strip() else value
        if value is None:
            return _EMPTY
        if isinstance(value, dict):
            kept = {key: item for key, item in ((k, self._trim(v)) for k, v in value.items()) if item is not _EMPTY}
            return kept or _EMPTY
        if isinstance(value, list):
            pairs = [(index, item) for index, item in ((i, self._trim(v)) for i, v in enumerate(value))
                     if item is not _EMPTY]
            if not pairs:
                return _EMPTY
            items = [item for _, item in pairs]
            self._kept[id(items)] = [index for index, _ in pairs]
            return items
        return value

    def original(self, loc: tuple[Any, ...]) -> tuple[Any, ...]:
        """``loc`` in the trimmed record -> the same place in the file (list items counted as written)."""
        node = self.value
        result: list[Any] = []
        for key in loc:
            if isinstance(node, list) and isinstance(key, int):
                kept = self._kept.get(id(node))
                result.append(kept[key] if kept is not None and 0 <= key < len(kept) else key)
                node = node[key] if 0 <= key < len(node) else None
            elif isinstance(node, dict) and key in node:
                result.append(key)
                node = node[key]
            else:
                result.append(key)
                node = None
        return tuple(result)


_EMPTY = object()
