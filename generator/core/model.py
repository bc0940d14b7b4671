"""Content types and their fields: the editors' format as validating models.

Each model is one file type of CONTENT-MODEL.md. Field descriptions are in
Russian: they are shown to editors (JSON Schema, error hints). References to
other entries are plain ids here; ``site.py`` checks that they exist.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from functools import cache
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from . import dates
from .errors import id_slips
from .slugs import make_id

ID_SCHEMA = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"  # in JSON Schema and the browser editor (JavaScript: no \Z)
ID_PATTERN = re.compile(ID_SCHEMA.removesuffix("$") + r"\Z")  # «$» would let a final line break through
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
_SCHOOL_YEAR = re.compile(r"^(\d{4})/(\d{4})$")
# A web or mail address that is safe in every place it lands (HTML attribute, Markdown link, feed,
# calendar): no spaces, quotes, angle brackets, backslashes or control characters, and a real host.
_URL = re.compile(r"^(?:https?://[^\s\"'<>\\`{}|^@/?#\x00-\x1f\x7f]+(?:[/?#][^\s\"'<>\\`{}|^\x00-\x1f\x7f]*)?"
                  r"|mailto:[^\s\"'<>\\`{}|^@/?#:\x00-\x1f\x7f]+@[^\s\"'<>\\`{}|^@/?#:\x00-\x1f\x7f]+)"
                  r"(?<![.,;:!?«»“”„])\Z")  # no sentence's stop after the address (_check_url says why)
_URL_FORBIDDEN = re.compile(r"[\s\"'<>\\`{}|^\x00-\x1f\x7f]")


# A date picker (the browser editor's) may write a moment instead of a day: 2024-08-26T21:00:00.000Z.
_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$")


def _moment_day(text: str) -> str:
    """The Moscow day of a moment written with its time (``2024-08-26T21:00:00Z`` -> ``2024-08-27``)."""
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text  # reported as a wrong date below
    if moment.tzinfo is not None:
        moment = moment.astimezone(dates.MOSCOW)
    return moment.date().isoformat()


def _parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        value = _moment_day(value.isoformat())
    text = value.isoformat() if isinstance(value, dt.date) else str(value).strip()
    if _MOMENT.match(text):
        text = _moment_day(text)
    if not _DATE.match(text):
        # «12.03.2025» is answered with the date it means: «например 2025-03-12».
        example = dates.guess_date(text) or "2024-08-27"
        raise PydanticCustomError("ru", "дата записывается как ГГГГ-ММ-ДД, например {example}, а не «{value}»",
                                  {"value": text, "example": example})
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise PydanticCustomError("ru", "такой даты нет в календаре: {value}", {"value": text}) from None
    if not dates.FIRST_YEAR <= day.year <= dates.LAST_YEAR:
        raise PydanticCustomError("ru", "год {year} вне допустимых пределов: даты на сайте — с {first} по {last} год",
                                  {"year": day.year, "first": dates.FIRST_YEAR, "last": dates.LAST_YEAR})
    return day


_TIME_RANGE = re.compile(r"^(\d{1,2}[:.]\d{2})\s*(?:[-–—]|до)\s*(\d{1,2}[:.]\d{2})$")  # «10:00–12:00»


def _parse_time(value: Any) -> dt.time:
    text = str(value).strip()
    match = _TIME.match(text)
    if _TIME_RANGE.match(text):
        start, end = (part.replace(".", ":").zfill(5) for part in _TIME_RANGE.match(text).groups())
        raise PydanticCustomError("ru", "здесь пишется одно время: {start}; время окончания пишется в своём поле "
                                  "(у заседания — end_time: {end})", {"start": start, "end": end})
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        example = dates.guess_time(text) or "10:00"
        raise PydanticCustomError("ru", "время записывается как ЧЧ:ММ, например {example}, а не «{value}»",
                                  {"value": text, "example": example})
    return dt.time(int(match[1]), int(match[2]))


def _check_id(value: Any) -> str:
    """The id of a vocabulary entry: only a well-formed id will do."""
    text = str(value).strip()
    if not ID_PATTERN.match(text):
        slips, fixed = id_slips(text)
        if not ID_PATTERN.match(fixed):
            fixed = make_id(text)
        hint = f"в нём {'; '.join(slips)}" if slips else "только строчные латинские буквы, цифры и дефис"
        if fixed:
            hint += f"; например: {fixed}"
        raise PydanticCustomError("ru", "«{value}» не подходит как id: {hint}", {"value": text, "hint": hint})
    return text


def _check_reference(value: Any) -> Any:
    """An id naming another entry: any text here; ``site.py`` checks that the entry exists and,
    when it does not, suggests the id meant (also for a name typed instead of an id)."""
    return value.strip() if isinstance(value, str) else value


def _check_school_year(value: Any) -> str:
    text = str(value).strip()
    match = _SCHOOL_YEAR.match(text)
    if not match or int(match[2]) != int(match[1]) + 1:
        raise PydanticCustomError("ru", "учебный год записывается как 2024/2025, а не «{value}»", {"value": text})
    if not dates.FIRST_YEAR <= int(match[1]) < dates.LAST_YEAR:
        raise PydanticCustomError("ru", "учебный год вне допустимых пределов: на сайте — с {first}/{next} по "
                                  "{before}/{last}, а не «{value}»",
                                  {"value": text, "first": dates.FIRST_YEAR, "next": dates.FIRST_YEAR + 1,
                                   "before": dates.LAST_YEAR - 1, "last": dates.LAST_YEAR})
    return text


_QUOTES = "«»\"“”„'"
_SENTENCE_END = ".,;:!?" + _QUOTES  # copied with the address from a sentence; no address ends so


def _check_url(value: Any) -> str:
    text = str(value).strip()
    bare = text.strip(_QUOTES)
    if bare != text:
        raise PydanticCustomError("ru", "уберите кавычки вокруг ссылки: {bare}", {"bare": bare.rstrip(_SENTENCE_END)})
    if text[-1:] and text[-1] in _SENTENCE_END:
        raise PydanticCustomError("ru", "ссылка заканчивается знаком «{mark}» — это знак препинания из текста, а "
                                  "не часть адреса: уберите его: {bare}",
                                  {"mark": text[-1], "bare": text.rstrip(_SENTENCE_END)})
    if _URL.match(text) and _url_host_ok(text) and not _invisible(text):
        return text
    if not re.match(r"^(?:https?://|mailto:)", text, re.IGNORECASE) or re.match(r"^(?:HTTPS?|MAILTO)", text):
        message = "ссылка должна начинаться с https://, http:// или mailto: «{value}»"
        if re.match(r"^[\w-]+(?:\.[\w-]+)+(?:/\S*)?$", text):  # an address without its beginning
            message += "; напишите https://{value}"
    elif bad := _URL_FORBIDDEN.search(text) or _invisible(text):
        what = ("пробел" if bad[0] == " " else f"символ {bad[0]}" if bad[0].isprintable()
                else f"невидимый символ U+{ord(bad[0]):04X}")
        message = f"в ссылке не может быть {what}: скопируйте адрес из адресной строки браузера"
        if bad[0] == " ":
            message += " (пробел внутри адреса пишется как %20)"
    else:
        message = "ссылка записана неполно: нужен адрес сайта после https://, например https://vk.com/…: «{value}»"
    raise PydanticCustomError("ru", message, {"value": text})


def _invisible(text: str) -> re.Match[str] | None:
    """The first character that does not show (zero-width, direction marks): pasted with the address."""
    return next((re.match(".", ch) for ch in text if unicodedata.category(ch) in ("Cf", "Co", "Cn")), None)


def _url_host_ok(text: str) -> bool:
    """The part after ``//`` is a host name (with an optional port), not ``javascript:`` tricks."""
    if text.startswith("mailto:"):
        return True
    host = text.split("//", 1)[1].split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    name, _, port = host.partition(":")
    return bool(re.fullmatch(r"[^\W_](?:[\w-]*[^\W_])?(?:\.[^\W_](?:[\w-]*[^\W_])?)*", name)) and (
        not port or port.isdigit())


def _as_list(value: Any) -> Any:
    """``themes: patriotic`` means a list of one."""
    return [value] if isinstance(value, str) else value


# The JSON Schema of each type says what an editor types in YAML, for the editor's autocompletion.
Date = Annotated[dt.date, BeforeValidator(_parse_date),
                 WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "examples": ["2024-08-27"]})]
Time = Annotated[dt.time, BeforeValidator(_parse_time),
                 WithJsonSchema({"type": "string", "pattern": r"^\d{1,2}:\d{2}$", "examples": ["10:00"]})]
# ``Id`` is a reference to an entry (checked against the entries by site.py); ``OwnId`` is an entry's own id.
Id = Annotated[str, BeforeValidator(_check_reference), Field(min_length=1),
               WithJsonSchema({"type": "string", "pattern": ID_SCHEMA})]
OwnId = Annotated[str, BeforeValidator(_check_id), WithJsonSchema({"type": "string", "pattern": ID_SCHEMA})]
IdList = Annotated[list[Id], BeforeValidator(_as_list)]
Url = Annotated[str, BeforeValidator(_check_url),
                WithJsonSchema({"type": "string", "pattern": _URL.pattern.replace("\\Z", "$")})]
SchoolYear = Annotated[str, BeforeValidator(_check_school_year),
                       WithJsonSchema({"type": "string", "pattern": _SCHOOL_YEAR.pattern, "examples": ["2024/2025"]})]
Text = Annotated[str, Field(min_length=1)]
_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()\-]{4,24}[0-9]$")


def _check_pattern(pattern: re.Pattern[str], message: str) -> Any:
    def check(value: Any) -> str:
        text = str(value).strip()
        if not pattern.match(text):
            raise PydanticCustomError("ru", message, {"value": text})
        return text
    return check


Email = Annotated[str, BeforeValidator(_check_pattern(_EMAIL, "адрес почты записывается как name@example.ru, "
                                                              "а не «{value}»")),
                  WithJsonSchema({"type": "string", "pattern": _EMAIL.pattern})]
Phone = Annotated[str, BeforeValidator(_check_pattern(_PHONE, "телефон записывается цифрами, например "
                                                              "+7 4812 00-00-00, а не «{value}»")),
                  WithJsonSchema({"type": "string", "pattern": _PHONE.pattern})]
Flag = Annotated[bool, Strict()]  # only true and false: «no», «да» or "false" in quotes are mistakes
Markdown = Annotated[str, Field(min_length=1, json_schema_extra={"contentMediaType": "text/markdown"})]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, coerce_numbers_to_str=True,
                              frozen=True)


# Vocabularies ---------------------------------------------------------------

class Audience(Model):
    id: OwnId = Field(description="Код адресата (латиницей), используется в резолюциях")
    name: Text = Field(description="Название адресата")
    description: Text | None = Field(None, description="Пояснение")
    districts: Flag = Field(False, description="Адресат есть в каждом муниципальном образовании (РМО, органы "
                                               "управления образованием, школьные библиотеки): его пункты "
                                               "выполняет каждый район и отчитывается о них")


class Coordinator(Model):
    """The official a district names as responsible for the association's work (the resolution asks for one)."""

    position: Text = Field(description="Должность (показывается всегда)")
    organization: Text = Field(description="Организация (показывается всегда)")
    name: Text | None = Field(None, description="Имя, как его показывать: И. И. Иванова (только с согласием)")
    consent: Flag = Field(False, description="Согласие на публикацию имени и контактов; без него показываются "
                                             "только должность и организация")
    email: Email | None = Field(None, description="Рабочий адрес электронной почты (только с согласием)")
    phone: Phone | None = Field(None, description="Рабочий телефон (только с согласием)")
    example: Flag = Field(False, description="Пример оформления, не настоящий ответственный")


class Municipality(Model):
    id: OwnId = Field(description="Код муниципального образования (латиницей)")
    name: Text = Field(description="Полное название")
    short: Text | None = Field(None, description="Краткое название")
    kind: Literal["городской округ", "муниципальный округ", "муниципальный район"] = Field(
        description="Вид муниципального образования")
    coordinator: Coordinator | None = Field(None, description="Ответственный за работу ОМО в муниципальном "
                                                              "образовании")


class Theme(Model):
    id: OwnId = Field(description="Код направления (латиницей)")
    name: Text = Field(description="Название направления")
    description: Text | None = Field(None, description="Пояснение")


class Partner(Model):
    name: Text = Field(description="Название организации-партнёра")
    url: Url | None = Field(None, description="Сайт партнёра")
    description: Text | None = Field(None, description="Пояснение")


# Shared parts ---------------------------------------------------------------

class Material(Model):
    title: Text = Field(description="Название материала")
    file: Text | None = Field(None, description="Путь к файлу внутри content/, например files/2024-08-27/plan.pdf")
    url: Url | None = Field(None, description="Ссылка на материал в интернете")

    @model_validator(mode="after")
    def _one_target(self) -> Material:
        if (self.file is None) == (self.url is None):
            raise PydanticCustomError("ru", "укажите у материала либо file (файл), либо url (ссылку)")
        return self


class Link(Model):
    title: Text = Field(description="Текст ссылки")
    url: Url = Field(description="Адрес")


class Person(Model):
    name: Text = Field(description="Имя, как его показывать: Т. И. Ковторова")
    position: Text | None = Field(None, description="Должность")
    organization: Text | None = Field(None, description="Образовательная организация")
    municipality: Id | None = Field(None, description="Муниципальное образование (id)")
    consent: Flag = Field(True, description="Согласие на публикацию имени; false — показывать только должность "
                                            "и организацию")

    @model_validator(mode="after")
    def _shown_somehow(self) -> Person:
        if not self.consent and not (self.position or self.organization):
            raise PydanticCustomError("ru", "без согласия на публикацию имени человек показывается по должности и "
                                            "организации: укажите position или organization", {"field": "consent"})
        return self


# Meetings -------------------------------------------------------------------

MeetingKind = Literal["заседание", "секция", "семинар", "вебинар", "конференция"]
MeetingFormat = Literal["очно", "дистанционно", "смешанно"]


class ProgramItem(Model):
    time: Time | None = Field(None, description="Время начала, ЧЧ:ММ")
    title: Text = Field(description="Тема выступления или пункт программы")
    speakers: list[Person] = Field(default_factory=list, description="Выступающие")
    practice: Id | None = Field(None, description="Практика, представленная в выступлении (id)")
    materials: list[Material] = Field(default_factory=list, description="Материалы выступления")


# Facts of a meeting that an editor may mark as not confirmed by the source, and what the site says
# next to each (or in its place, when the value is not given yet).
UNCONFIRMED_NOTES = {
    "date": "дата уточняется",
    "time": "время уточняется",
    "end_time": "время окончания уточняется",
    "place": "место уточняется",
    "format": "формат уточняется",
    "online": "ссылка для подключения уточняется",
    "organizer": "организатор уточняется",
}
UnconfirmedField = Literal[tuple(UNCONFIRMED_NOTES)]  # type: ignore[valid-type]


class Meeting(Model):
    title: Text = Field(description="Название заседания")
    kind: MeetingKind = Field("заседание", description="Вид мероприятия")
    date: Date = Field(description="Дата, ГГГГ-ММ-ДД")
    time: Time | None = Field(None, description="Время начала, ЧЧ:ММ (московское)")
    end_time: Time | None = Field(None, description="Время окончания, ЧЧ:ММ")
    format: MeetingFormat = Field("очно", description="Формат проведения")
    place: Text | None = Field(None, description="Место проведения")
    online: Url | None = Field(None, description="Ссылка для подключения")
    organizer: Text | None = Field(None, description="Организатор")
    description: Markdown | None = Field(None, description="Краткое описание (Markdown)")
    themes: IdList = Field(default_factory=list, description="Направления работы (id)")
    problem_field: list[Markdown] = Field(default_factory=list, description="Проблемное поле (Markdown)")
    program: list[ProgramItem] = Field(default_factory=list, description="Программа по порядку")
    materials: list[Material] = Field(default_factory=list, description="Материалы заседания")
    links: list[Link] = Field(default_factory=list, description="Ссылки")
    summary: Markdown | None = Field(None, description="Как прошло заседание (Markdown)")
    cancelled: Flag = Field(False, description="Заседание отменено")
    unconfirmed: Annotated[list[UnconfirmedField], BeforeValidator(_as_list)] = Field(
        default_factory=list,
        description="Сведения, которые источник не подтверждает: на сайте рядом с ними написано «уточняется». "
                    "Список из: " + ", ".join(UNCONFIRMED_NOTES) + "; например [date, place]")

    @model_validator(mode="after")
    def _times_in_order(self) -> Meeting:
        if self.time and self.end_time and self.end_time <= self.time:
            raise PydanticCustomError("ru", "время окончания раньше времени начала", {"field": "end_time"})
        if self.end_time and not self.time:  # the pages show the end only after the start: it would vanish
            raise PydanticCustomError("ru", "время окончания указано без времени начала: впишите и начало, "
                                            'например time: "10:00", или удалите end_time', {"field": "end_time"})
        return self

    @field_validator("unconfirmed")
    @classmethod
    def _each_once(cls, value: list[str]) -> list[str]:
        repeated = sorted({name for name in value if value.count(name) > 1})
        if repeated:
            raise PydanticCustomError("ru", "{names} указано в unconfirmed дважды: оставьте одно",
                                      {"names": ", ".join(repeated)})
        return value

    def unconfirmed_note(self, name: str) -> str:
        """``дата уточняется`` when the field ``name`` is marked as not confirmed, else an empty string."""
        return UNCONFIRMED_NOTES[name] if name in self.unconfirmed else ""


# Resolutions ----------------------------------------------------------------

Progress = Literal["не начато", "выполняется", "выполнено"]


def _item_as_mapping(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


class DirectiveItem(Model):
    text: Markdown = Field(description="Текст пункта (Markdown)")
    due: Date | None = Field(None, description="Срок выполнения, ГГГГ-ММ-ДД")
    progress: Progress | None = Field(None, description="Ход выполнения")
    report: Markdown | None = Field(None, description="Что сделано (Markdown)")


class Directive(Model):
    title: Text = Field("Предложения в проект резолюции", description="Заголовок резолюции")
    status: Literal["проект", "принята"] = Field("проект", description="Статус резолюции")
    items: dict[Id, list[Annotated[DirectiveItem, BeforeValidator(_item_as_mapping)]]] = Field(
        description="Пункты по адресатам: id адресата из data/audiences.yml и список пунктов")


# District reports -----------------------------------------------------------

class ReportItem(Model):
    progress: Progress = Field(description="Ход выполнения в муниципальном образовании")
    date: Date = Field(description="Когда сообщено, ГГГГ-ММ-ДД")
    text: Markdown | None = Field(None, description="Что сделано (Markdown)")
    links: list[Link] = Field(default_factory=list, description="Ссылки на публикации")


class Report(Model):
    """``data/reports/<meeting id>/<municipality id>.yml``: one district's progress on one resolution."""

    reporter: Text | None = Field(None, description="Кто отчитывается: например, РМО школьных библиотекарей "
                                                    "Вяземского муниципального округа")
    items: dict[Annotated[str, Field(min_length=1)], ReportItem] = Field(
        min_length=1, description="Пункты резолюции по их якорям (rmo-1, libraries-2) и ход их выполнения")
    example: Flag = Field(False, description="Пример оформления, не настоящий отчёт")


# Practices ------------------------------------------------------------------

PracticeForm = Literal["выставка", "акция", "проект", "библиотечный урок", "клуб", "конкурс", "квиз", "другое"]


class Practice(Model):
    title: Text = Field(description="Название практики")
    organization: Text = Field(description="Образовательная организация")
    municipality: Id = Field(description="Муниципальное образование (id)")
    authors: list[Person] = Field(default_factory=list, description="Авторы")
    themes: IdList = Field(min_length=1, description="Направления работы (id), хотя бы одно")
    form: PracticeForm = Field("другое", description="Форма работы")
    audience: Text | None = Field(None, description="Для кого: например, 5–11 классы")
    school_year: SchoolYear | None = Field(None, description="Учебный год, если нет одной даты: 2023/2024")
    date: Date | None = Field(None, validate_default=True, description="Дата, ГГГГ-ММ-ДД")
    partners: list[Text] = Field(default_factory=list, description="Партнёры")
    meeting: Id | None = Field(None, description="Заседание, где практика представлена (id)")
    summary: Text | None = Field(None, description="Одно-два предложения для карточек и ленты")
    goals: Markdown | None = Field(None, description="Цели (Markdown)")
    description: Markdown = Field(description="Описание (Markdown)")
    results: Markdown | None = Field(None, description="Результаты (Markdown)")
    materials: list[Material] = Field(default_factory=list, description="Материалы")
    links: list[Link] = Field(default_factory=list, description="Ссылки")
    cover: Text | None = Field(None, description="Обложка: путь внутри content/, например images/practices/x.jpg")
    example: Flag = Field(False, description="Пример оформления, не настоящая практика")

    @field_validator("date")
    @classmethod
    def _dated(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        # Checked with the other fields (not after them), so that it is reported together with them.
        if value is None and info.data.get("school_year") is None and "school_year" in info.data:
            raise PydanticCustomError("ru", "укажите дату (date) или учебный год (school_year)")
        return value


# Stories --------------------------------------------------------------------

PagePart = Literal["navigation", "toc", "footer", "path", "tags"]


class StoryMeta(Model):
    title: Text = Field(description="Заголовок новости")
    date: Date = Field(description="Дата публикации, ГГГГ-ММ-ДД")
    summary: Text | None = Field(None, description="Коротко о главном")
    meeting: Id | None = Field(None, description="Заседание (id)")
    practices: IdList = Field(default_factory=list, description="Практики (id)")
    municipality: Id | None = Field(None, description="Муниципальное образование (id)")
    themes: IdList = Field(default_factory=list, description="Направления работы (id)")
    cover: Text | None = Field(None, description="Обложка: путь внутри content/")
    draft: Flag = Field(False, description="Черновик: не публикуется")
    example: Flag = Field(False, description="Пример оформления, не настоящая новость")
    # Material for MkDocs reads these keys of a page's front matter too.
    description: Text | None = Field(None, description="Описание страницы для поисковиков")
    hide: list[PagePart] = Field(default_factory=list, description="Скрыть части страницы")


# Samples --------------------------------------------------------------------

class Examples(Model):
    """``data/examples.yml``: the project's own samples, the only entries meant to say ``example: true``.

    An entry copied from a sample keeps ``example: true`` and would be published as a sample; the check
    warns about every entry that says so and is not listed here.
    """

    practices: IdList = Field(default_factory=list, description="Практики-образцы (id)")
    stories: IdList = Field(default_factory=list, description="Новости-образцы (id)")
    reports: list[Text] = Field(default_factory=list, description="Отчёты-образцы: id заседания/id района")
    coordinators: IdList = Field(default_factory=list, description="Муниципальные образования, у которых "
                                                                   "ответственный — образец (id)")


# Hand-written pages ---------------------------------------------------------

class SearchOptions(Model):
    exclude: Flag = Field(False, description="Не показывать страницу в поиске по сайту")


class PageMeta(Model):
    """The fields at the top of a hand-written page (content/*.md): those the theme reads, nothing more."""

    title: Text | None = Field(None, description="Заголовок страницы во вкладке браузера и в меню")
    description: Text | None = Field(None, description="Описание страницы для поисковиков")
    hide: list[PagePart] = Field(default_factory=list, description="Скрыть части страницы")
    search: SearchOptions | None = Field(None, description="Поиск по сайту")


def _is_markdown(annotation: Any) -> bool:
    """Whether a field's type is (or holds) ``Markdown``."""
    for part in getattr(annotation, "__metadata__", ()):
        if isinstance(getattr(part, "json_schema_extra", None), dict) and \
                part.json_schema_extra.get("contentMediaType") == "text/markdown":
            return True
    return any(_is_markdown(inner) for inner in get_args(annotation))


def _holds_records(annotation: Any) -> bool:
    """Whether a field's type is (or holds) a record."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_holds_records(inner) for inner in get_args(annotation))


@cache
def _markdown_plan(schema: type[BaseModel]) -> tuple[frozenset[str], tuple[str, ...]]:
    """The fields of ``schema`` that hold Markdown (alone or in a list), and the fields to look into for more: the
    walk over 10,000 records reads only these."""
    markdown = frozenset(name for name, field in schema.model_fields.items()
                         if (field.json_schema_extra or {}).get("contentMediaType") == "text/markdown"
                         or _is_markdown(field.annotation))
    nested = tuple(name for name, field in schema.model_fields.items()
                   if name in markdown or _holds_records(field.annotation))
    return markdown, nested


def markdown_fields(record: BaseModel, loc: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every Markdown text of a record and of the records inside it, with where it stands."""
    markdown, names = _markdown_plan(type(record))
    for name in names:
        value = getattr(record, name)
        if value is None:
            continue
        items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else None
        if items is None:
            items = [(None, value)]
        for key, item in items:
            where = loc + (name,) if key is None else loc + (name, key)
            if isinstance(item, str) and name in markdown:
                yield where, item
            elif isinstance(item, BaseModel):
                yield from markdown_fields(item, where)
            elif isinstance(item, list):
                for index, inner in enumerate(item):
                    if isinstance(inner, BaseModel):
                        yield from markdown_fields(inner, where + (index,))
