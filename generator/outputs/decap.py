"""The browser editor's configuration (Decap CMS ``/admin/config.yml``), made from the content models at every build.

The forms are the models' fields (DESIGN.md, "One model, many faces"): each field's JSON Schema says its widget,
whether it is required, its pattern and its Russian hint; references become choices of the ids in ``data/``.
The editor's backend (where it saves) comes from ``extra.omo.admin`` in mkdocs.yml.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, TypeAdapter

from ..core import model
from ..core.load import short_label
from ..core.site import Site
from ..core.uploads import upload_hint

# Collections that the editor knows: name -> (model, folder, extension, label, one entry, how new ids are made).
# ``date`` ids start with the entry's date, as ``omo new`` makes them (new.py).
COLLECTIONS: dict[str, tuple[type[BaseModel], str, str, str, str, str]] = {
    "practices": (model.Practice, "data/practices", "yml", "Практики", "Практика", "title"),
    "stories": (model.StoryMeta, "content/stories", "md", "Новости", "Новость", "date-title"),
    "meetings": (model.Meeting, "data/meetings", "yml", "Заседания", "Заседание", "date-title"),
    "directives": (model.Directive, "data/directives", "yml", "Резолюции", "Резолюция", "meeting"),
}

# A field holding an id of another entry -> the vocabulary or collection whose ids it may hold (site.py checks them).
REFERENCES = {"municipality": "municipalities", "themes": "themes", "meeting": "meetings", "practice": "practices",
              "practices": "practices"}
# Fields the theme reads on hand-written pages, not an editor's business in the browser.
HIDDEN_FIELDS = {"stories": {"hide", "description"}}
# Marks the example entries that come with the site; new entries are never examples.
NOT_IN_FORMS = {"example"}
# Helper fields of the form that are not saved (admin.js drops every field whose name starts with this).
HELPER_PREFIX = "omo_"
# The toolbar of a Markdown field: no main heading (the page's title is one; the check refuses «# …» in a text).
MARKDOWN_BUTTONS = ["bold", "italic", "link", "heading-three", "quote", "bulleted-list", "numbered-list"]
# Where uploads go: attachments under content/files/, covers under content/images/<collection>/.
MEDIA_FOLDER, PUBLIC_FOLDER = "content/files", "files"
IMAGE_FIELDS = {"cover"}
FILE_FIELDS = {"file"}

_TIME_PATTERN = r"^([01]?\d|2[0-3]):[0-5]\d$"
_SCHEMA_PATTERNS = {name: TypeAdapter(kind).json_schema().get("pattern") for name, kind in (
    ("date", model.Date), ("time", model.Time), ("url", model.Url), ("school_year", model.SchoolYear),
    ("email", model.Email), ("phone", model.Phone))}
_MESSAGES = {
    "time": "время записывается как ЧЧ:ММ, например 10:00",
    "url": "ссылка начинается с https:// или http://, в ней нет пробелов и нет точки или запятой в конце",
    "school_year": "учебный год записывается как 2024/2025",
    "email": "адрес почты записывается как name@example.ru",
    "phone": "телефон записывается цифрами, например +7 4812 00-00-00",
}


class AdminSettingsError(Exception):
    """``extra.omo.admin`` in mkdocs.yml is wrong; the message is Russian."""


# Settings (mkdocs.yml, extra.omo.admin) -------------------------------------------------------------------

BACKENDS = ("gitlab", "forgejo", "gitea", "github")
_DEFAULT_HOSTS = {"gitlab": "https://gitlab.com", "github": "https://github.com"}
_API = {"gitlab": "/api/v4", "gitea": "/api/v1", "forgejo": "/api/v1"}
_REPO = re.compile(r"^[\w.-]+(?:/[\w.-]+)+$")


@dataclass(frozen=True)
class AdminSettings:
    backend: str = "gitlab"
    repo: str = ""  # group/project on the server
    branch: str = "main"
    base_url: str = ""  # the server (GitLab, Gitea, Forgejo) or, for GitHub, the OAuth helper
    app_id: str = ""  # OAuth application id (GitLab, Gitea, Forgejo: PKCE, no secret in the browser)
    local_port: int = 8081  # decap-server for editing on one's own computer

    @property
    def editorial_workflow(self) -> bool:
        # Gitea's backend has no merge requests in Decap; its users choose the forgejo backend for them.
        return self.backend != "gitea"


def admin_settings(raw: Any) -> AdminSettings:
    """Checked settings from ``extra.omo.admin``; every problem at once, in Russian."""
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        raise AdminSettingsError("Ошибка в настройках редактора: extra.omo.admin в mkdocs.yml должен быть набором "
                                 "настроек, например:\n  admin:\n    backend: gitlab\n    repo: omo/site")
    known = AdminSettings.__dataclass_fields__
    problems = [f"неизвестная настройка «{key}»: допустимы {', '.join(known)}" for key in raw if key not in known]
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key == "local_port":
            if isinstance(value, bool) or not isinstance(value, int) or not 1024 <= value <= 65535:
                problems.append(f"local_port: номер порта от 1024 до 65535, а не «{value}»")
            else:
                values[key] = value
        elif key in known:
            if isinstance(value, str):
                values[key] = value.strip()
            else:
                problems.append(f"{key}: нужна строка, а не «{value}»")
    settings = AdminSettings(**values)
    if settings.backend not in BACKENDS:
        problems.append(f"backend: «{settings.backend}» не поддерживается; выберите один из: {', '.join(BACKENDS)}")
    if settings.repo and not _REPO.match(settings.repo):
        problems.append(f"repo: «{settings.repo}» пишется как группа/проект, например omo/site")
    address = urlsplit(settings.base_url)
    if settings.base_url and (address.scheme not in ("https", "http") or not address.hostname):
        problems.append(f"base_url: «{settings.base_url}» должен быть адресом сервера, начинаться с https://")
    elif settings.backend in ("gitea", "forgejo") and not settings.base_url:
        problems.append(f"base_url: для {settings.backend} нужен адрес сервера, например https://git.example.ru")
    elif settings.backend == "github" and not settings.base_url:
        problems.append("base_url: для github нужен адрес помощника входа (OAuth), например "
                        "https://decap-oauth.example.ru")
    if not settings.branch:
        problems.append("branch: укажите ветку, в которой лежит опубликованный сайт, например main")
    if problems:
        raise AdminSettingsError("Ошибки в настройках редактора (extra.omo.admin в mkdocs.yml):\n"
                                 + "\n".join(f"- {p}" for p in problems))
    return settings


def settings_problems_for_publishing(settings: AdminSettings) -> list[str]:
    """What a published editor cannot do without (a local build may leave it unset)."""
    problems = []
    if not settings.repo:
        problems.append("repo: не указан репозиторий сайта (группа/проект)")
    if settings.backend in ("gitlab", "gitea", "forgejo") and not settings.app_id:
        problems.append("app_id: не указан Application ID приложения OAuth (см. «Правка через браузер»)")
    return problems


def backend_config(settings: AdminSettings) -> dict[str, Any]:
    backend: dict[str, Any] = {"name": settings.backend, "repo": settings.repo or "omo/site",
                               "branch": settings.branch}
    base = (settings.base_url or _DEFAULT_HOSTS.get(settings.backend, "")).rstrip("/")
    if settings.backend == "github":
        backend["base_url"] = base  # the OAuth helper: GitHub gives no PKCE login to a site without a server
        return backend
    backend |= {"auth_type": "pkce", "app_id": settings.app_id or "APPLICATION-ID"}
    if settings.backend in ("gitea", "forgejo"):
        backend["auth_endpoint"] = f"{base}/login/oauth/authorize"
    if base and base != _DEFAULT_HOSTS.get(settings.backend):
        backend |= {"base_url": base, "api_root": base + _API[settings.backend]}
    return backend


# Fields from the models -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Choices:
    """Ids and their Russian names, for the select widgets."""

    vocabularies: dict[str, list[tuple[str, str]]]

    def options(self, name: str) -> list[dict[str, str]]:
        return [{"label": label, "value": value} for value, label in self.vocabularies[name]]


def choices_from(site: Site) -> Choices:
    def named(entries: Mapping[str, Any], title: Any) -> list[tuple[str, str]]:
        return sorted(((entry_id, title(entry)) for entry_id, entry in entries.items()),
                      key=lambda pair: pair[1].casefold())

    meetings = sorted(site.meetings.items(), reverse=True)  # newest first: ids start with the date
    return Choices({
        "municipalities": named(site.municipalities, lambda e: e.data.name),
        "themes": named(site.themes, lambda e: e.data.name),
        "audiences": [(entry_id, entry.data.name) for entry_id, entry in site.audiences.items()],
        "meetings": [(entry_id, f"{entry.data.date.isoformat()} — {entry.data.title}") for entry_id, entry in meetings],
        "practices": named(site.practices, lambda e: e.data.title),
    })


class _Fields:
    """Decap fields of one model, from its JSON Schema."""

    def __init__(self, schema: dict[str, Any], choices: Choices, collection: str):
        self.definitions = schema.get("$defs", {})
        self.choices = choices
        self.collection = collection

    def of(self, schema: dict[str, Any], skip: set[str] = frozenset()) -> list[dict[str, Any]]:
        schema = self._resolve(schema)
        required = set(schema.get("required", []))
        fields = [self.field(name, prop, name in required) for name, prop in schema.get("properties", {}).items()
                  if name not in skip | NOT_IN_FORMS]
        # A choice of the record's own fields (a meeting's «unconfirmed»: date, place…) shows their labels.
        labels = {field["name"]: field["label"] for field in fields}
        for field in fields:
            options = field.get("options") or []
            if options and all(option.get("value") in labels for option in options if isinstance(option, dict)):
                field["options"] = [{"label": labels[option["value"]], "value": option["value"]}
                                    for option in options]
        return fields

    def _resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            schema = self.definitions[schema["$ref"].rsplit("/", 1)[1]]
        return schema

    def _unwrap(self, prop: dict[str, Any]) -> dict[str, Any]:
        """``X | None`` is ``anyOf: [X, null]``: the field is X, optional."""
        options = [option for option in prop.get("anyOf", []) if option.get("type") != "null"]
        inner = self._resolve(options[0]) if len(options) == 1 else self._resolve(prop)
        return {**inner, **{k: v for k, v in prop.items() if k not in ("anyOf", "$ref")}}

    def field(self, name: str, prop: dict[str, Any], required: bool) -> dict[str, Any]:
        prop = self._unwrap(prop)
        description = prop.get("description", "")
        field: dict[str, Any] = {"label": _label(description, name), "name": name, "required": required}
        if hint := _hint(description):
            field["hint"] = hint
        field |= self.widget(name, prop)
        if "default" in prop and prop["default"] not in (None, [], "") and "default" not in field:
            field["default"] = prop["default"]
        return field

    def widget(self, name: str, prop: dict[str, Any]) -> dict[str, Any]:
        kind = prop.get("type")
        if name in REFERENCES and kind in ("string", "array"):
            return {"widget": "select", "options": self.choices.options(REFERENCES[name]),
                    **({"multiple": True, **({"min": prop["minItems"]} if prop.get("minItems") else {})}
                       if kind == "array" else {})}
        if "enum" in prop:
            return {"widget": "select", "options": [{"label": value, "value": value} for value in prop["enum"]]}
        if kind == "boolean":
            return {"widget": "boolean", "default": bool(prop.get("default", False))}
        if kind == "array":
            items = self._unwrap(prop["items"])
            if "enum" in items:
                return {"widget": "select", "multiple": True,
                        "options": [{"label": value, "value": value} for value in items["enum"]]}
            if items.get("type") == "object":
                fields = self.of(items)
                summary = "{{fields.title}}" if any(f["name"] == "title" for f in fields) else "{{fields.name}}"
                # An empty list to begin with: Decap otherwise starts one item, filled with the defaults.
                return {"widget": "list", "collapsed": True, "summary": summary, "default": [],
                        "label_singular": _label(items.get("description", ""), "запись"), "fields": fields}
            inner = self.widget(name, items)
            return {"widget": "list", "default": [], "field": {"label": "Значение", "name": "value", **inner}}
        if kind == "object":
            return {"widget": "object", "fields": self.of(prop)}
        return self.text_widget(name, prop)

    def text_widget(self, name: str, prop: dict[str, Any]) -> dict[str, Any]:
        pattern = prop.get("pattern")
        if pattern == _SCHEMA_PATTERNS["date"]:
            # The editor's own day («Сейчас» after midnight in Smolensk is not yesterday's date in UTC).
            return {"widget": "datetime", "date_format": "YYYY-MM-DD", "time_format": False,
                    "picker_utc": False, "default": ""}
        if pattern == _SCHEMA_PATTERNS["time"]:
            return {"widget": "string", "pattern": [_TIME_PATTERN, _MESSAGES["time"]]}
        for kind in ("url", "school_year", "email", "phone"):
            if pattern == _SCHEMA_PATTERNS[kind]:
                return {"widget": "string", "pattern": [pattern, _MESSAGES[kind]]}
        # Uploads: admin.js refuses to save a type the build would not publish (uploads.py, by the name's ending;
        # the build checks the content).
        if name in IMAGE_FIELDS:
            return {"widget": "image", "choose_url": False, "media_library": {"allow_multiple": False},
                    "media_folder": f"/content/images/{self.collection}",
                    "public_folder": f"images/{self.collection}", "hint": upload_hint("image")}
        if name in FILE_FIELDS:
            return {"label": "Файл", "widget": "file", "choose_url": False,
                    "media_library": {"allow_multiple": False}, "hint": upload_hint("material")}
        if prop.get("contentMediaType") == "text/markdown":
            return {"widget": "markdown", "modes": ["rich_text", "raw"], "editor_components": [],
                    "buttons": MARKDOWN_BUTTONS}
        return {"widget": "string"}


def _label(description: str, fallback: str) -> str:
    """The field's name for the form (the one messages give it too, ``load.form_label``)."""
    return short_label(description) or fallback


def _hint(description: str) -> str:
    """The whole description, when it says more than the label (ids are chosen from lists: no «(id)»)."""
    text = description.replace(" (id)", "").replace(" (Markdown)", "")
    return text if text and text != _label(description, "") else ""


# Collections ----------------------------------------------------------------------------------------------

def collection_fields(name: str, choices: Choices) -> list[dict[str, Any]]:
    cls = COLLECTIONS[name][0]
    schema = cls.model_json_schema(mode="validation")
    fields = _Fields(schema, choices, name)
    result = fields.of(schema, skip=HIDDEN_FIELDS.get(name, set()))
    if name == "stories":
        for field in result:
            if field["name"] == "draft":  # a story written in the browser is a draft until an editor publishes it
                field["default"] = True
        result.append({"label": "Текст новости", "name": "body", "widget": "markdown", "required": True,
                       "modes": ["rich_text", "raw"], "editor_components": [],
                       "buttons": ["bold", "italic", "link", "heading-two", *MARKDOWN_BUTTONS[3:]]})
    if name == "directives":
        result = _directive_fields(schema, fields, choices)
    return result


def _directive_fields(schema: dict[str, Any], fields: _Fields, choices: Choices) -> list[dict[str, Any]]:
    """Items are grouped by audience: one list per audience of data/audiences.yml (the keys of ``items``)."""
    item_schema = next(iter(schema["properties"]["items"]["patternProperties"].values()))["items"]
    items = {"label": "Пункты по адресатам", "name": "items", "widget": "object", "required": True,
             "hint": "Пункты резолюции для каждого адресата, по порядку", "collapsed": False,
             "fields": [{"label": label, "name": audience_id, "required": False, "widget": "list", "default": [],
                         "collapsed": True, "summary": "{{fields.text}}", "label_singular": "пункт",
                         "fields": fields.of(item_schema)}
                        for audience_id, label in choices.vocabularies["audiences"]]}
    meeting = {"label": "Заседание", "name": f"{HELPER_PREFIX}meeting", "required": False, "widget": "select",
               "hint": "Для новой резолюции: заседание, которое её приняло (по нему называется файл)",
               "options": choices.options("meetings")}
    other = [f for f in fields.of(schema) if f["name"] != "items"]
    return [meeting, *other, items]


def collection_config(name: str, choices: Choices) -> dict[str, Any]:
    cls, folder, extension, label, singular, _ = COLLECTIONS[name]
    config: dict[str, Any] = {
        "name": name, "label": label, "label_singular": singular, "folder": folder, "extension": extension,
        "format": "omo-frontmatter" if extension == "md" else "omo-yaml",
        "create": True, "delete": False, "slug": "{{fields." + HELPER_PREFIX + "id}}",
        "identifier_field": "title" if name != "directives" else "title",
        "summary": "{{title}}", "editor": {"preview": False},
        "fields": collection_fields(name, choices),
    }
    if name in ("stories", "meetings"):
        config |= {"summary": "{{date}} — {{title}}", "sortable_fields": ["date", "title"]}
    if name == "stories":
        config["view_filters"] = [{"label": "Черновики", "field": "draft", "pattern": True}]
    if name == "directives":
        config["summary"] = "{{filename}} — {{title}}"
    return config


def decap_config(settings: AdminSettings, choices: Choices, site_url: str) -> dict[str, Any]:
    config: dict[str, Any] = {
        "locale": "ru",
        "backend": backend_config(settings),
        # On 127.0.0.1 or localhost the editor saves through decap-server into the project folder.
        "local_backend": {"url": f"http://127.0.0.1:{settings.local_port}/api/v1"},
        "site_url": site_url, "display_url": site_url,
        "media_folder": MEDIA_FOLDER, "public_folder": PUBLIC_FOLDER,
        # File names of uploads keep their letters; entries get their ids from admin.js (same rules as `omo new`).
        "slug": {"encoding": "unicode", "clean_accents": False, "sanitize_replacement": "-"},
        "collections": [collection_config(name, choices) for name in COLLECTIONS],
    }
    if settings.editorial_workflow:
        config["publish_mode"] = "editorial_workflow"
    return config


def render_config(settings: AdminSettings, choices: Choices, site_url: str) -> bytes:
    header = ("# Настройки редактора /admin/ (Decap CMS). Файл создаётся при каждой сборке из моделей данных\n"
              "# и настроек extra.omo.admin в mkdocs.yml: править его не нужно.\n")
    text = yaml.safe_dump(decap_config(settings, choices, site_url), allow_unicode=True, sort_keys=False,
                          width=120)
    return (header + text).encode("utf-8")
