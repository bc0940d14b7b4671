"""Synthetic but realistic project for the benchmark.

    python bench/generate.py --scale 1000 --out DIR

writes into DIR a complete project: a copy of the repository's ``mkdocs.yml``,
``theme/``, the three vocabularies, ``content/index.md`` and
``content/editors/``, plus generated content scaled from N = ``--scale``:

* N/2 practices (``data/practices/practice-0001.yml`` …),
* 3N/10 stories (``content/stories/YYYY-MM-DD-<slug>.md``),
* N/10 meetings (``data/meetings/YYYY-MM-DD-<slug>.yml``), each with a
  resolution (``data/directives/<meeting id>.yml``).

Texts are Russian sentences assembled from real words about school libraries,
so that the search index holds realistic text. The output depends only on the
scale (seeded random), never on the clock.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
SEED = 20240827
MARKER = ".bench-generated"

FIRST_DAY = dt.date(2019, 1, 1)
LAST_DAY = dt.date(2026, 12, 31)

# Vocabulary ------------------------------------------------------------------

# Subjects with the form their past-tense verb takes: m, f, n or pl.
SUBJECTS = [
    ("школьная библиотека", "f"), ("педагог-библиотекарь", "f"), ("заведующая библиотекой", "f"),
    ("информационно-библиотечный центр", "m"), ("читательский клуб «Книгочей»", "m"),
    ("совет юных читателей", "m"), ("библиотечный актив школы", "m"), ("школьный музей", "m"),
    ("районное методическое объединение", "n"), ("методическое объединение библиотекарей", "n"),
    ("учащиеся восьмого класса", "pl"), ("волонтёры школьной библиотеки", "pl"),
    ("библиотекари района", "pl"), ("старшеклассники", "pl"), ("педагоги и родители", "pl"),
    ("члены литературного кружка", "pl"), ("юные краеведы", "pl"),
]

VERBS = [
    ("провёл", "провела", "провело", "провели"),
    ("организовал", "организовала", "организовало", "организовали"),
    ("подготовил", "подготовила", "подготовило", "подготовили"),
    ("оформил", "оформила", "оформило", "оформили"),
    ("представил", "представила", "представило", "представили"),
    ("разработал", "разработала", "разработало", "разработали"),
    ("предложил", "предложила", "предложило", "предложили"),
    ("запустил", "запустила", "запустило", "запустили"),
]
_FORM_INDEX = {"m": 0, "f": 1, "n": 2, "pl": 3}

OBJECTS = [
    "книжно-иллюстрированную выставку", "библиотечный урок по краеведению", "громкие чтения сказок",
    "литературную викторину", "акцию по сбору книг для сельских библиотек", "обзор новых поступлений",
    "встречу с местным писателем", "цикл бесед о прочитанных книгах", "краеведческий квиз",
    "буктрейлер по повести о войне", "читательскую конференцию", "виртуальную экскурсию по родному краю",
    "конкурс чтецов", "неделю детской и юношеской книги", "медиаурок по информационной безопасности",
    "рекомендательный список литературы", "мастер-класс по изготовлению закладок", "литературную гостиную",
    "квест по страницам любимых книг", "тематическую полку с книгами-юбилярами", "электронный каталог фонда",
    "час памяти о земляках-героях", "презентацию краеведческого альманаха", "день открытых дверей библиотеки",
    "библиографическую игру для пятиклассников", "выставку-просмотр периодических изданий",
]

ADVERBIALS = [
    "для учащихся 5–7 классов", "совместно с районной детской библиотекой", "в читальном зале библиотеки",
    "в рамках Недели детской и юношеской книги", "накануне Дня Победы",
    "ко Дню славянской письменности и культуры", "при поддержке районного краеведческого музея",
    "с участием родителей и педагогов", "на базе школьного информационно-библиотечного центра",
    "в дистанционном формате", "в течение всего учебного года", "для первоклассников",
    "по итогам летнего чтения", "в ходе декады краеведения", "в актовом зале школы",
    "вместе с советом ветеранов", "для ребят из сельских школ района", "к юбилею смоленского писателя",
    "во время весенних каникул", "в Международный день школьных библиотек",
]

PURPOSES = [
    "чтобы привлечь ребят к систематическому чтению", "чтобы познакомить обучающихся с историей родного края",
    "чтобы развивать читательскую грамотность", "чтобы сохранить память о земляках — участниках войны",
    "чтобы научить детей работать со справочной литературой", "чтобы поддержать интерес к классической литературе",
    "чтобы вовлечь семьи в совместное чтение", "чтобы показать возможности школьного фонда",
    "чтобы помочь выпускникам подготовиться к итоговому сочинению", "чтобы воспитывать бережное отношение к книге",
]

STATEMENTS = [
    "Фонд школьной библиотеки пополнился новыми изданиями детской литературы.",
    "Ребята с интересом рассматривали старые фотографии и письма земляков.",
    "По итогам мероприятия оформлен стенд с лучшими читательскими отзывами.",
    "Каждый участник получил закладку с рекомендациями для летнего чтения.",
    "Работа с книгой помогает формировать у школьников навыки смыслового чтения.",
    "Библиотекарь рассказала об истории создания книги и о судьбе её автора.",
    "Материалы выставки размещены на сайте образовательной организации.",
    "Особый интерес вызвали книги смоленских писателей и поэтов.",
    "Учащиеся подготовили рисунки и сочинения по мотивам прочитанных произведений.",
    "В работе использованы документы из фондов районного архива и краеведческого музея.",
    "Школьники узнали, как устроен каталог и как найти нужную книгу на полке.",
    "Читатели младших классов впервые записались в библиотеку всей семьёй.",
    "Краеведческие материалы собраны в электронную папку и доступны учителям.",
    "Практику можно повторить в любой школьной библиотеке, даже с небольшим фондом.",
    "Библиотечные уроки проводятся по плану, согласованному с учителями литературы и истории.",
    "Родители помогли оформить выставку и принесли книги из домашних библиотек.",
    "Ученики вели читательские дневники и обсуждали прочитанное на заседаниях клуба.",
    "Для участников подготовлены вопросы для обсуждения и список литературы.",
    "Мероприятие освещено в районной газете и в группе школы во ВКонтакте.",
    "Опыт работы обобщён и представлен на заседании районного методического объединения.",
    "Старшеклассники провели для малышей громкие чтения и помогли им выбрать книги.",
    "Выставка дополнена электронной презентацией и QR-кодами со ссылками на аудиокниги.",
    "Интерес к чтению у участников заметно вырос: книги с выставки разобрали за неделю.",
    "Библиотека стала местом встреч читательского клуба и занятий юных краеведов.",
]

PRACTICE_NAMES = [
    "Память поколений", "Знатоки родного края", "Книжкина неделя", "Читаем вместе", "Смоленщина литературная",
    "Подари книгу библиотеке", "Герои рядом", "Открой мир книги", "Страницы истории", "Живое слово",
    "Читающая семья", "Земляки-писатели", "Книга на каникулах", "Дорогами войны", "Мой край родной",
    "Сказки народов России", "Библиотека без границ", "Лето с книгой", "Юный краевед", "Волшебный мир сказки",
    "Литературный калейдоскоп", "Читаем о войне", "Путешествие по Смоленщине", "Книжный марафон",
    "Вслух о главном", "Классика на новый лад", "Библиотечный дозор", "Книга в рюкзаке",
]

TITLE_BY_FORM = {
    "выставка": ["Книжно-иллюстрированная выставка «{}»", "Тематическая выставка «{}»", "Выставка-просмотр «{}»"],
    "акция": ["Акция «{}»", "Читательская акция «{}»"],
    "проект": ["Проект «{}»", "Библиотечный проект «{}»", "Краеведческий проект «{}»"],
    "библиотечный урок": ["Библиотечный урок «{}»", "Урок краеведения «{}»"],
    "клуб": ["Читательский клуб «{}»", "Клуб любителей чтения «{}»"],
    "конкурс": ["Конкурс чтецов «{}»", "Конкурс буктрейлеров «{}»"],
    "квиз": ["Квиз «{}»", "Литературный квиз «{}»"],
    "другое": ["Литературная гостиная «{}»", "Краеведческий квест «{}»", "Библиотечный фестиваль «{}»"],
}
FORMS = list(TITLE_BY_FORM)

MEETING_KINDS = {"заседание": "zasedanie", "секция": "sekciya", "семинар": "seminar", "вебинар": "vebinar",
                 "конференция": "konferenciya"}
MEETING_TOPICS = [
    "Школьная библиотека как центр чтения", "Краеведение в работе школьной библиотеки",
    "Новые формы продвижения книги и чтения", "Сетевое взаимодействие школьных библиотек",
    "Информационно-библиотечный центр: опыт и перспективы", "Патриотическое воспитание средствами книги",
    "Социальное партнёрство школьной библиотеки", "Читательская грамотность: роль библиотекаря",
    "Работа с фондом учебной литературы", "Цифровые ресурсы школьной библиотеки",
]
PROBLEMS = [
    "Ценностные ориентиры при организации библиотечной работы в образовательной организации.",
    "Социальное партнёрство как условие формирования патриотического воспитания и любви к родному краю.",
    "Развитие сетевого взаимодействия библиотекарей образовательных организаций области.",
    "Совершенствование традиционных и освоение новых библиотечных технологий.",
    "Трансляция опыта успешной библиотечной деятельности школьного библиотекаря.",
    "Формирование фонда учебной и художественной литературы в условиях новых стандартов.",
    "Продвижение книги и чтения среди обучающихся, учителей и родителей.",
    "Краеведческая работа школьной библиотеки: музей, архив, книга.",
]
# Verbs that take the accusative, as the objects below are written.
DIRECTIVE_VERBS = ["продолжить", "обеспечить", "организовать", "активизировать", "поддержать", "расширить",
                   "развивать", "усилить"]
DIRECTIVE_OBJECTS = [
    "работу с образовательными ресурсами для специалистов ШБ и ШИБЦ",
    "трансляцию лучших практик по военно-патриотическому воспитанию на сайте института",
    "своевременное информирование школьных библиотекарей о предстоящих мероприятиях",
    "участие библиотекарей образовательных организаций в сетевом взаимодействии",
    "создание в ШБ и ШИБЦ современного и привлекательного пространства для детей и родителей",
    "социальное партнёрство с организациями образования и культуры области",
    "качество библиотечного и информационно-библиографического обслуживания",
    "размещение информации о деятельности библиотеки на сайте образовательной организации",
    "проведение районных конкурсов чтецов и литературных викторин",
    "пополнение фонда краеведческой литературой",
]
SURNAMES = [
    "Иванова", "Петрова", "Смирнова", "Кузнецова", "Соколова", "Попова", "Лебедева", "Козлова", "Новикова",
    "Морозова", "Волкова", "Соловьёва", "Васильева", "Зайцева", "Павлова", "Семёнова", "Голубева",
    "Виноградова", "Богданова", "Воробьёва", "Фёдорова", "Михайлова", "Беляева", "Тарасова", "Белова",
    "Комарова", "Орлова", "Киселёва", "Макарова", "Андреева", "Ковторова", "Ершова", "Никитина",
]
INITIALS = "АВГЕИЛМНОСТЮ"
POSITIONS = ["педагог-библиотекарь", "заведующий библиотекой", "библиотекарь", "руководитель РМО",
             "методист РИБЦ", "учитель русского языка и литературы"]
AUDIENCES_OF_PRACTICE = ["5–11 классы", "1–4 классы", "обучающиеся 7–9 классов", "обучающиеся, родители, педагоги",
                         "старшеклассники", "дошкольники и первоклассники"]
PARTNERS = ["районный краеведческий музей", "центральная районная библиотека", "детская библиотека",
            "районный Дом культуры", "совет ветеранов", "родительский комитет", "молодёжный центр",
            "местное отделение «Движения первых»"]
STORY_SLUGS = ["itogi-zasedaniya", "vystavka", "kviz", "konkurs-chtecov", "nedelya-knigi", "urok-kraevedeniya",
               "akciya", "vstrecha-s-pisatelem", "seminar", "novosti-rmo"]
STORY_TITLES = [
    "Итоги конкурса чтецов «{name}»", "В школьной библиотеке открылась выставка «{name}»",
    "Библиотекари района провели акцию «{name}»", "Школьники сыграли в квиз «{name}»",
    "Неделя детской книги: «{name}»", "Встреча с писателем в рамках проекта «{name}»",
    "Новости районного методического объединения", "Юные краеведы представили проект «{name}»",
]


# Text ------------------------------------------------------------------------

def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def sentence(rng: random.Random) -> str:
    """One Russian sentence about school library work."""
    if rng.random() < 0.35:
        return rng.choice(STATEMENTS)
    subject, form = rng.choice(SUBJECTS)
    verb = rng.choice(VERBS)[_FORM_INDEX[form]]
    text = f"{subject} {verb} {rng.choice(OBJECTS)} {rng.choice(ADVERBIALS)}"
    if rng.random() < 0.5:
        text += f", {rng.choice(PURPOSES)}"
    return _cap(text) + "."


def paragraphs(rng: random.Random, words: int, count: int) -> list[str]:
    """``count`` paragraphs of about ``words`` words in total."""
    sentences: list[str] = []
    total = 0
    while total < words:
        text = sentence(rng)
        sentences.append(text)
        total += len(text.split())
    cuts = sorted(rng.sample(range(1, len(sentences)), min(count, len(sentences)) - 1)) if len(sentences) > 1 else []
    result, start = [], 0
    for cut in [*cuts, len(sentences)]:
        result.append(" ".join(sentences[start:cut]))
        start = cut
    return result


def words_of(text: str) -> int:
    return len(text.split())


# YAML ------------------------------------------------------------------------

class _Dumper(yaml.SafeDumper):
    """Multi-line text as literal blocks (``|``), as editors write Markdown fields."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str)


def dump(value: Any) -> str:
    return yaml.dump(value, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


# Content ---------------------------------------------------------------------

def _day(rng: random.Random, first: dt.date = FIRST_DAY, last: dt.date = LAST_DAY) -> dt.date:
    return first + dt.timedelta(days=rng.randrange((last - first).days + 1))


def _school_year_start(day: dt.date) -> int:
    return day.year if day.month >= 8 else day.year - 1


def _spread(rng: random.Random, values: list[Any], count: int) -> list[Any]:
    """``count`` values covering every one of ``values`` (when count allows), in random order."""
    result = [values[i % len(values)] for i in range(count)]
    rng.shuffle(result)
    return result


def _person(rng: random.Random, municipality: str | None, organization: str, position: str | None = None) -> dict:
    person: dict[str, Any] = {"name": f"{rng.choice(INITIALS)}. {rng.choice(INITIALS)}. {rng.choice(SURNAMES)}",
                              "position": position or rng.choice(POSITIONS), "organization": organization}
    if municipality:
        person["municipality"] = municipality
    if rng.random() < 0.05:
        person["consent"] = False
    return person


def _organization(rng: random.Random, municipality: dict) -> str:
    number = rng.randint(1, 12)
    short = municipality.get("short")
    if not short:  # a city: «город Смоленск»
        city = municipality["name"].removeprefix("город ")
        return f"МБОУ «Средняя школа № {number}» г. {city}а"
    adjective = short[:-2] + "ая" if short.endswith("ий") else short
    kind = rng.choice(["СШ", "средняя школа", "основная школа", "гимназия"])
    return f"МБОУ «{adjective} {kind} № {number}»" if kind != "гимназия" else f"МБОУ «{adjective} гимназия»"


def load_list(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8-sig"))


class Generator:
    def __init__(self, scale: int, source: Path = REPO):
        self.scale = scale
        self.rng = random.Random(SEED)
        self.source = source
        self.municipalities = load_list(source / "data" / "municipalities.yml")
        self.themes = [t["id"] for t in load_list(source / "data" / "themes.yml")]
        self.audiences = [a["id"] for a in load_list(source / "data" / "audiences.yml")]
        self.district_audiences = {a["id"] for a in load_list(source / "data" / "audiences.yml") if a.get("districts")}
        self.meetings: list[tuple[str, dict]] = []
        self.practices: list[tuple[str, dict]] = []
        self.stories: list[tuple[str, dict, str]] = []
        self.directives: list[tuple[str, dict]] = []
        self.reports: list[tuple[str, str, dict]] = []  # meeting id, municipality id, report

    # Meetings ------------------------------------------------------------

    def make_meetings(self, count: int) -> None:
        rng = self.rng
        days = sorted(_day(rng) for _ in range(count))
        kinds = _spread(rng, list(MEETING_KINDS), count)
        today_ish = dt.date(2026, 11, 1)
        titled: set[tuple[dt.date, str]] = set()
        for index, (day, kind) in enumerate(zip(days, kinds, strict=True), start=1):
            meeting_id = f"{day.isoformat()}-{MEETING_KINDS[kind]}-{index:03d}"
            topic = rng.choice(MEETING_TOPICS)
            title = {"заседание": "Заседание ОМО школьных библиотекарей",
                     "секция": "Секция ОМО школьных библиотекарей"}.get(kind, f"{_cap(kind)} «{topic}»")
            if (day, title) in titled:  # two meetings of one day and title: the check takes one for a copy
                title = f"{title} (№ {index})"
            titled.add((day, title))
            fmt = "дистанционно" if kind == "вебинар" else rng.choice(["очно", "очно", "смешанно", "дистанционно"])
            start = rng.choice([9, 10, 10, 11, 14, 15])
            data: dict[str, Any] = {"title": title, "kind": kind, "date": day, "time": f"{start}:00",
                                    "end_time": f"{start + rng.choice([2, 3, 4])}:{rng.choice(['00', '30'])}",
                                    "format": fmt}
            if fmt != "дистанционно":
                data["place"] = rng.choice(["ГАУ ДПО СОИРО, г. Смоленск, ул. Октябрьской революции, д. 20а",
                                            "Центральная районная библиотека", "Актовый зал МБОУ «СШ № 1»"])
            if fmt != "очно":
                data["online"] = f"https://vk.com/call/join/omo{index:04d}"
            data["organizer"] = "РИБЦ ГАУ ДПО СОИРО"
            data["description"] = " ".join(sentence(rng) for _ in range(rng.randint(2, 3)))
            data["themes"] = sorted(rng.sample(self.themes, rng.randint(1, 3)), key=self.themes.index)
            data["problem_field"] = rng.sample(PROBLEMS, rng.randint(3, 5))
            data["program"] = self._program(day, start)
            data["materials"] = [{"title": "Презентация", "url": f"https://disk.yandex.ru/d/omo-{index:04d}"}]
            data["links"] = [{"title": "Страница РИБЦ на сайте ГАУ ДПО СОИРО",
                              "url": "http://www.dpo-smolensk.ru/l-ribc/"}]
            if day < today_ish:
                data["summary"] = "\n\n".join(paragraphs(rng, rng.randint(60, 120), 2))
            if rng.random() < 0.02:
                data["cancelled"] = True
            self.meetings.append((meeting_id, data))
            self.directives.append((meeting_id, self._directive(day)))

    def _program(self, day: dt.date, start: int) -> list[dict]:
        rng = self.rng
        minute = start * 60
        items = []
        for _ in range(rng.randint(3, 6)):
            municipality = rng.choice(self.municipalities)
            speakers = [_person(rng, municipality["id"], _organization(rng, municipality))
                        for _ in range(rng.randint(1, 2))]
            title = rng.choice([f"Из опыта работы: {rng.choice(OBJECTS)} {rng.choice(ADVERBIALS)}",
                                rng.choice(PROBLEMS).rstrip("."), rng.choice(MEETING_TOPICS)])
            item: dict[str, Any] = {"time": f"{minute // 60}:{minute % 60:02d}", "title": title,
                                    "speakers": speakers}
            if rng.random() < 0.2:
                item["materials"] = [{"title": "Презентация выступления",
                                      "url": f"https://disk.yandex.ru/d/{day.isoformat()}-{len(items) + 1}"}]
            items.append(item)
            minute += rng.choice([15, 20, 30])
        return items

    def _directive(self, day: dt.date) -> dict:
        """3–5 items spread over the audiences; some with a due date and progress."""
        rng = self.rng
        count = rng.randint(3, 5)
        first = rng.randrange(len(self.audiences))
        chosen = [self.audiences[(first + i) % len(self.audiences)] for i in range(count)]
        items: dict[str, list] = {a: [] for a in self.audiences if a in chosen}
        for audience in chosen:
            text = f"{rng.choice(DIRECTIVE_VERBS)} {rng.choice(DIRECTIVE_OBJECTS)}"
            if rng.random() < 0.4:
                item: dict[str, Any] = {"text": text, "due": day + dt.timedelta(days=rng.randint(60, 300)),
                                        "progress": rng.choice(["не начато", "выполняется", "выполнено"])}
                if item["progress"] == "выполнено":
                    item["report"] = sentence(rng)
                items[audience].append(item)
            else:
                items[audience].append(text)
        return {"title": "Предложения в проект резолюции", "status": rng.choice(["проект", "принята", "принята"]),
                "items": items}

    def make_reports(self) -> None:
        """About a third of the districts report on each resolution's district items (own random stream,
        so that adding reports changed nothing else in the corpus)."""
        rng = random.Random(SEED + 1)
        for meeting_id, directive in self.directives:
            anchors = [f"{audience}-{number}" for audience, items in directive["items"].items()
                       if audience in self.district_audiences for number in range(1, len(items) + 1)]
            if not anchors:
                continue
            day = dt.date.fromisoformat(meeting_id[:10])
            for municipality in self.municipalities:
                if rng.random() >= 1 / 3:
                    continue
                items = {anchor: {"progress": rng.choice(["не начато", "выполняется", "выполнено"]),
                                  "date": day + dt.timedelta(days=rng.randint(30, 200)), "text": sentence(rng)}
                         for anchor in anchors if rng.random() < 0.7}
                if items:
                    self.reports.append((meeting_id, municipality["id"],
                                         {"reporter": f"РМО школьных библиотекарей: {municipality['name']}",
                                          "items": items}))

    # Practices -----------------------------------------------------------

    def make_practices(self, count: int) -> None:
        rng = self.rng
        municipalities = _spread(rng, self.municipalities, count)
        forms = _spread(rng, FORMS, count)
        first_themes = _spread(rng, self.themes, count)
        meeting_days = [(mid, data["date"]) for mid, data in self.meetings]
        for index in range(1, count + 1):
            municipality, form = municipalities[index - 1], forms[index - 1]
            name = rng.choice(PRACTICE_NAMES)
            themes = [first_themes[index - 1]]
            themes += [t for t in rng.sample(self.themes, rng.randint(0, 2)) if t not in themes]
            organization = _organization(rng, municipality)
            data: dict[str, Any] = {
                "title": rng.choice(TITLE_BY_FORM[form]).format(name),
                "organization": organization,
                "municipality": municipality["id"],
                "authors": [_person(rng, None, organization, "педагог-библиотекарь")
                            for _ in range(rng.randint(1, 2))],
                "themes": themes,
                "form": form,
                "audience": rng.choice(AUDIENCES_OF_PRACTICE),
            }
            day = _day(rng, FIRST_DAY, dt.date(2026, 10, 31))
            if rng.random() < 0.2:
                start = _school_year_start(day)
                data["school_year"] = f"{start}/{start + 1}"
            else:
                data["date"] = day
            if rng.random() < 0.6:
                data["partners"] = rng.sample(PARTNERS, rng.randint(1, 3))
            later = [mid for mid, mday in meeting_days if mday >= day]
            if later and rng.random() < 0.4:
                meeting_id = later[min(len(later) - 1, rng.randrange(3))]
                data["meeting"] = meeting_id
                if rng.random() < 0.5:  # also presented in the meeting's program
                    self._present(meeting_id, f"practice-{index:04d}", data, municipality)
            data["summary"] = sentence(rng)
            data["goals"] = "\n".join(f"- {p[len('чтобы '):]};" for p in rng.sample(PURPOSES, rng.randint(2, 3)))
            description = paragraphs(rng, rng.randint(150, 250), rng.randint(2, 4))
            if rng.random() < 0.3:
                description.insert(1, "\n".join(f"- **{_cap(o)}** {rng.choice(ADVERBIALS)};"
                                                for o in rng.sample(OBJECTS, 3)))
            data["description"] = "\n\n".join(description)
            data["results"] = (f"Участниками стали {rng.randint(20, 400)} обучающихся; проведено "
                               f"{rng.randint(2, 15)} библиотечных уроков. {sentence(rng)}")
            if rng.random() < 0.3:
                data["links"] = [{"title": "Публикация ВКонтакте",
                                  "url": f"https://vk.com/wall-{rng.randint(10**7, 10**8)}_{rng.randint(1, 9999)}"}]
            self.practices.append((f"practice-{index:04d}", data))

    def _present(self, meeting_id: str, practice_id: str, practice: dict, municipality: dict) -> None:
        meeting = dict(self.meetings)[meeting_id]
        speaker = dict(practice["authors"][0], municipality=municipality["id"])
        meeting["program"].append({"title": f"Из опыта работы: {practice['title']}", "speakers": [speaker],
                                   "practice": practice_id})

    # Stories -------------------------------------------------------------

    def make_stories(self, count: int) -> None:
        rng = self.rng
        meeting_days = dict((mid, data["date"]) for mid, data in self.meetings)
        practice_ids = [pid for pid, _ in self.practices]
        municipalities = _spread(rng, [m["id"] for m in self.municipalities], count)
        used: set[str] = set()
        titled: set[tuple[dt.date, str]] = set()
        for index in range(1, count + 1):
            front: dict[str, Any] = {}
            meeting_id = rng.choice(list(meeting_days)) if meeting_days and rng.random() < 0.4 else None
            if meeting_id:
                day = min(meeting_days[meeting_id] + dt.timedelta(days=rng.randint(1, 3)), LAST_DAY)
                title = f"Итоги: {dict(self.meetings)[meeting_id]['title']}"
            else:
                day = _day(rng)
                title = rng.choice(STORY_TITLES).format(name=rng.choice(PRACTICE_NAMES))
            slug = rng.choice(STORY_SLUGS)
            story_id = f"{day.isoformat()}-{slug}-{index:04d}"
            assert story_id not in used
            used.add(story_id)
            if (day, title) in titled:  # the check refuses two stories of one day and title: a copy left as it was
                title = f"{title} (часть {index})"
            titled.add((day, title))
            front["title"] = title
            front["date"] = day
            front["summary"] = sentence(rng)
            if meeting_id:
                front["meeting"] = meeting_id
            if practice_ids and rng.random() < 0.6:
                front["practices"] = sorted(rng.sample(practice_ids, min(len(practice_ids), rng.randint(1, 3))))
            if rng.random() < 0.7:
                front["municipality"] = municipalities[index - 1]
            front["themes"] = rng.sample(self.themes, rng.randint(1, 2))
            if rng.random() < 0.02:
                front["draft"] = True
            body = paragraphs(rng, rng.randint(200, 300), rng.randint(3, 5))
            if rng.random() < 0.4:
                body.insert(2, "## Как это было")
            if rng.random() < 0.3:
                body.append("\n".join(f"- {_cap(o)};" for o in rng.sample(OBJECTS, 3)))
            self.stories.append((story_id, front, "\n\n".join(body) + "\n"))

    # Writing -------------------------------------------------------------

    def generate(self) -> None:
        n = self.scale
        self.make_meetings(max(1, n // 10))
        self.make_practices(max(1, n // 2))
        self.make_stories(max(1, 3 * n // 10))
        self.make_reports()

    def write(self, out: Path) -> None:
        copy_static(self.source, out)
        for folder in ("meetings", "directives", "practices"):
            (out / "data" / folder).mkdir(parents=True, exist_ok=True)
        (out / "content" / "stories").mkdir(parents=True, exist_ok=True)
        for meeting_id, data in self.meetings:
            _write(out / "data" / "meetings" / f"{meeting_id}.yml", dump(data))
        for meeting_id, data in self.directives:
            _write(out / "data" / "directives" / f"{meeting_id}.yml", dump(data))
        for practice_id, data in self.practices:
            _write(out / "data" / "practices" / f"{practice_id}.yml", dump(data))
        for meeting_id, municipality_id, data in self.reports:
            (out / "data" / "reports" / meeting_id).mkdir(parents=True, exist_ok=True)
            _write(out / "data" / "reports" / meeting_id / f"{municipality_id}.yml", dump(data))
        for story_id, front, body in self.stories:
            _write(out / "content" / "stories" / f"{story_id}.md", f"---\n{dump(front)}---\n{body}")
        (out / MARKER).write_text(f"scale {self.scale}\n", encoding="utf-8")

    def stats(self) -> dict[str, int]:
        practice_words = sum(words_of(d["description"]) for _, d in self.practices)
        story_words = sum(words_of(body) for _, _, body in self.stories)
        return {"meetings": len(self.meetings), "directives": len(self.directives), "reports": len(self.reports),
                "practices": len(self.practices), "stories": len(self.stories),
                "practice_words": practice_words // max(1, len(self.practices)),
                "story_words": story_words // max(1, len(self.stories))}


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8", newline="\n")


def copy_static(source: Path, out: Path) -> None:
    """What is copied from the repository as it is: settings, theme, vocabularies, hand-written pages."""
    out.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source / "mkdocs.yml", out / "mkdocs.yml")
    shutil.copytree(source / "theme", out / "theme")
    (out / "data").mkdir()
    for name in ("audiences.yml", "municipalities.yml", "themes.yml"):
        shutil.copy2(source / "data" / name, out / "data" / name)
    (out / "content").mkdir()
    shutil.copy2(source / "content" / "index.md", out / "content" / "index.md")
    shutil.copytree(source / "content" / "editors", out / "content" / "editors")
    shutil.copytree(source / "content" / "images" / "editors", out / "content" / "images" / "editors")  # its pictures


def prepare_folder(out: Path) -> None:
    """An empty folder, or one written by this script before (then emptied)."""
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).is_file():
            raise SystemExit(f"{out} is not empty and was not written by bench/generate.py: choose another folder")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)


def copy_example(out: Path) -> dict[str, int]:
    """The repository's own site, as it is now, copied so that nothing in the repository is touched."""
    prepare_folder(out)
    shutil.copy2(REPO / "mkdocs.yml", out / "mkdocs.yml")
    for folder in ("theme", "data", "content"):
        shutil.copytree(REPO / folder, out / folder)
    (out / MARKER).write_text("example\n", encoding="utf-8")
    return {"practices": len(list((out / "data" / "practices").glob("*.yml"))),
            "stories": len(list((out / "content" / "stories").glob("*.md"))),
            "meetings": len(list((out / "data" / "meetings").glob("*.yml"))),
            "directives": len(list((out / "data" / "directives").glob("*.yml"))),
            "reports": len(list((out / "data" / "reports").glob("*/*.yml")))}


def generate(scale: int, out: Path) -> dict[str, int]:
    prepare_folder(out)
    generator = Generator(scale)
    generator.generate()
    generator.write(out)
    return generator.stats()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=1000, help="N: N/2 practices, 3N/10 stories, N/10 meetings")
    parser.add_argument("--out", type=Path, required=True, help="folder to write (new, empty or written before)")
    args = parser.parse_args(argv)
    if args.scale < 1:
        parser.error("--scale must be at least 1")
    stats = generate(args.scale, args.out)
    print(f"Written {args.out}: " + ", ".join(f"{v} {k}" for k, v in stats.items() if not k.endswith("words"))
          + f"; practice description ~{stats['practice_words']} words, story body ~{stats['story_words']} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
