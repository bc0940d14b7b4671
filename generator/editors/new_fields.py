"""What ``new`` asks for each kind of entry, and how an answer is read.

The same reading serves ``--municipality Вяземский`` on the command line and an
answer typed at the prompt: a vocabulary entry is named by its id, its Russian
name or its number in the printed list; a date or a time is checked as the
site checks it. A wrong answer is a Russian message, never a file.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from typing import get_args

from pydantic_core import PydanticCustomError

from ..core import dates, model


class AnswerError(Exception):
    """Why an answer cannot be used, in Russian."""


@dataclass(frozen=True)
class Choice:
    value: str  # what is written to the file
    names: tuple[str, ...]  # how an editor may name it: the Russian name first


@dataclass(frozen=True)
class Question:
    name: str  # the field
    text: str  # the prompt
    choices: tuple[Choice, ...] = ()
    many: bool = False  # several choices, separated by commas
    default: Callable[[], str] | None = None
    check: Callable[[str], str] | None = None  # the value as written, or AnswerError
    required: bool = False  # the file cannot be named without it

    def read(self, answer: str) -> str:
        """The value to write for ``answer`` (stripped); raises ``AnswerError``."""
        answer = answer.strip()
        if not answer:
            return ""
        if self.choices:
            parts = [part.strip() for part in answer.split(",")] if self.many else [answer]
            values = [self._choose(part) for part in parts if part]
            return ", ".join(dict.fromkeys(values))
        return self.check(answer) if self.check else answer

    def _choose(self, answer: str) -> str:
        if answer.isdigit() and 1 <= int(answer) <= len(self.choices):
            return self.choices[int(answer) - 1].value
        wanted = answer.casefold()
        for choice in self.choices:
            if wanted == choice.value.casefold() or wanted in (name.casefold() for name in choice.names):
                return choice.value
        known = [choice.value for choice in self.choices] + [n for c in self.choices for n in c.names]
        close = difflib.get_close_matches(answer, known, n=1, cutoff=0.6)
        hint = f" Может быть, «{close[0]}»?" if close else ""
        raise AnswerError(f"нет такого варианта: «{answer}».{hint} Впишите id, название или номер из списка")

    def menu(self) -> list[str]:
        """The numbered list of choices, as printed before the prompt."""
        return [f"{number:>3}. {choice.names[0] if choice.names else choice.value}"
                + (f" ({choice.value})" if choice.names and choice.names[0] != choice.value else "")
                for number, choice in enumerate(self.choices, start=1)]


def _checked(parse: Callable[[str], object], write: Callable[[object], str]) -> Callable[[str], str]:
    def check(answer: str) -> str:
        try:
            return write(parse(answer))
        except PydanticCustomError as error:
            raise AnswerError(error.message()) from None
    return check


check_date = _checked(model._parse_date, lambda day: day.isoformat())  # type: ignore[attr-defined]
check_time = _checked(model._parse_time, lambda moment: moment.strftime("%H:%M"))  # type: ignore[attr-defined]


def _literal(values: object) -> tuple[Choice, ...]:
    return tuple(Choice(value, (value,)) for value in get_args(values))


def _today() -> str:
    return dates.today().isoformat()


@dataclass(frozen=True)
class Vocabularies:
    """Entries an answer may name: (id, Russian names) of municipalities and themes."""

    municipalities: tuple[Choice, ...] = ()
    themes: tuple[Choice, ...] = ()


def questions(kind: str, vocabularies: Vocabularies) -> list[Question]:
    """The fields ``new`` fills for ``kind``, in the order it asks them."""
    title = Question("title", "Название", required=True)
    if kind == "meeting":
        return [title,
                Question("date", "Дата (ГГГГ-ММ-ДД)", default=_today, check=check_date),
                Question("kind", "Вид мероприятия", _literal(model.MeetingKind), default=lambda: "заседание"),
                Question("format", "Формат", _literal(model.MeetingFormat), default=lambda: "очно"),
                Question("time", "Время начала (ЧЧ:ММ), если известно", check=check_time),
                Question("place", "Место, если известно")]
    if kind == "practice":
        return [title,
                Question("organization", "Образовательная организация"),
                Question("municipality", "Муниципальное образование", vocabularies.municipalities),
                Question("themes", "Направления работы (можно несколько через запятую)", vocabularies.themes,
                         many=True),
                Question("form", "Форма работы", _literal(model.PracticeForm), default=lambda: "другое"),
                Question("date", "Дата проведения (ГГГГ-ММ-ДД); если практика шла весь год, оставьте пустым и "
                                 "впишите потом school_year", check=check_date),
                Question("summary", "Кратко, одно-два предложения"),
                Question("description", "Описание")]
    return [title,
            Question("date", "Дата публикации (ГГГГ-ММ-ДД)", default=_today, check=check_date),
            Question("summary", "Коротко о главном")]


def read_values(kind: str, given: dict[str, str], vocabularies: Vocabularies) -> dict[str, str]:
    """The values given on the command line, each read as its answer would be; raises ``AnswerError``."""
    values: dict[str, str] = {}
    for question in questions(kind, vocabularies):
        if given.get(question.name, "").strip():
            try:
                values[question.name] = question.read(given[question.name])
            except AnswerError as error:
                listed = ("; варианты: " + ", ".join(c.value for c in question.choices)
                          if 0 < len(question.choices) <= 12 else
                          "; список — в руководстве редактора, страница «Справочники»" if question.choices else "")
                raise AnswerError(f"--{_flag(question.name)}: {error}{listed}") from None
    return values


def _flag(name: str) -> str:
    return "kind-of-meeting" if name == "kind" else name


def ask_missing(kind: str, values: dict[str, str], vocabularies: Vocabularies,
                read_line: Callable[[str], str], say: Callable[[str], None]) -> dict[str, str]:
    """Ask for every field not given yet; a wrong answer is explained and asked again."""
    values = dict(values)
    for question in questions(kind, vocabularies):
        if values.get(question.name):
            continue
        for line in question.menu():
            say(line)
        default = question.default() if question.default else ""
        suffix = f" [{default}]" if default else ""
        while True:
            answer = read_line(f"{question.text}{suffix}: ").strip() or default
            try:
                value = question.read(answer)
            except AnswerError as error:
                say(f"Не подходит: {error}")
                continue
            if question.required and not value:
                say("Это поле нужно, чтобы назвать файл: впишите его")
                continue
            break
        if value:
            values[question.name] = value
        elif not question.default:
            say("Оставлено пустым: заполните потом в файле")
    return values


def vocabulary_choices(municipalities: list[tuple[str, str, str | None]],
                       themes: list[tuple[str, str]]) -> Vocabularies:
    """Choices from (id, name, short) of municipalities and (id, name) of themes."""
    return Vocabularies(
        tuple(Choice(mid, tuple(n for n in (name, short) if n)) for mid, name, short in municipalities),
        tuple(Choice(tid, (name,)) for tid, name in themes))
