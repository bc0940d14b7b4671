"""File sizes the Russian way: «12 КБ», «1,4 МБ»."""

from babel.numbers import format_decimal

_UNITS = ("байт", "КБ", "МБ", "ГБ")


def human_size(size: int) -> str:
    value = float(size)
    for unit in _UNITS:
        if value < 1024 or unit == _UNITS[-1]:
            pattern = "#,##0" if unit in ("байт", "КБ") else "#,##0.#"
            return f"{format_decimal(value, format=pattern, locale='ru')}\u00a0{unit}"
        value /= 1024
    raise AssertionError("unreachable")
