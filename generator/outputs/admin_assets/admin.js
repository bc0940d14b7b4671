// The site's own part of the editor: how entries are written to files and named, then Decap CMS starts.
// Files are written as the content model wants them (CONTENT-MODEL.md): empty fields left out, the form's
// helper fields (omo_*) never saved, resolution items that are only text written as plain strings.
import { YAML } from "./yaml/index.js";
import { entryId } from "./ids.js";
import { rewritten, written } from "./keep_comments.js";
import { withRussian } from "./russian.js";

const HELPER = "omo_";
const SOURCE = HELPER + "source"; // the file's YAML as it was read: its comments are kept on saving
// The yaml library Decap CMS itself uses (1.x): long texts are kept on their lines, multi-line ones as blocks.
YAML.scalarOptions.str.fold.lineWidth = 0;
const settings = await fetch("omo.json").then((response) => response.json());

function isEmpty(value) {
  return value === "" || value === null || value === undefined ||
    (Array.isArray(value) && value.length === 0) ||
    (typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0);
}

// Empty values are left out: the file says only what an editor filled in.
function clean(value) {
  if (Array.isArray(value)) return value.map(clean).filter((item) => !isEmpty(item));
  if (value && typeof value === "object") {
    const result = {};
    for (const [key, item] of Object.entries(value)) {
      if (key.startsWith(HELPER)) continue;
      const cleaned = clean(typeof item === "string" ? item.replace(/\s+$/, "") : item);
      if (!isEmpty(cleaned)) result[key] = cleaned;
    }
    return result;
  }
  return value;
}

// A resolution's items: a plain string is an item with only its text, in the form a mapping.
function itemsAsMappings(data) {
  if (data && data.items && typeof data.items === "object" && !Array.isArray(data.items)) {
    for (const [audience, items] of Object.entries(data.items)) {
      if (Array.isArray(items)) data.items[audience] = items.map((item) => (typeof item === "string" ? { text: item } : item));
    }
  }
  return data;
}

function itemsAsText(data) {
  if (data.items && typeof data.items === "object" && !Array.isArray(data.items)) {
    for (const [audience, items] of Object.entries(data.items)) {
      if (Array.isArray(items)) {
        data.items[audience] = items.map((item) => (Object.keys(item).length === 1 && item.text ? item.text : item));
      }
    }
  }
  return data;
}

function ordered(data, keys) {
  const rank = (key) => (keys.includes(key) ? keys.indexOf(key) : keys.length);
  return Object.fromEntries(Object.entries(data).sort(([a], [b]) => rank(a) - rank(b)));
}

function yamlText(data, keys) {
  const fields = ordered(itemsAsText(clean(data)), keys || []);
  const text = rewritten(data[SOURCE], fields, keys || []) ?? written(fields);
  return text.trim() === "{}" ? "" : text;
}

function parse(text) {
  const source = text.replace(/^\uFEFF/, "");
  const data = itemsAsMappings(YAML.parse(source) ?? {});
  return data && typeof data === "object" && !Array.isArray(data) ? { ...data, [SOURCE]: source } : data;
}

const yamlFormat = {
  fromFile: parse,
  toFile: (data, keys) => yamlText(data, keys),
};
CMS.registerCustomFormat("omo-yaml", "yml", yamlFormat);

const FRONT_MATTER = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n?---[ \t]*(?:\r?\n|$)([\s\S]*)$/;

const frontMatterFormat = {
  fromFile(text) {
    const match = FRONT_MATTER.exec(text);
    if (!match) return { body: text };
    return { ...parse(match[1]), body: match[2] };
  },
  toFile(data, keys) {
    const { body = "", ...front } = data;
    const text = String(body).replace(/\s+$/, "");
    return `---\n${yamlText(front, keys)}---\n${text ? text + "\n" : ""}`;
  },
};
CMS.registerCustomFormat("omo-frontmatter", "md", frontMatterFormat);
// The same two formats for a check that opens and saves every file as the editor would.
window.omoFormats = { "omo-yaml": yamlFormat, "omo-frontmatter": frontMatterFormat };

// Why a save is refused, as Decap shows it («Не удалось сохранить запись: …»): an Error would add «Error: ».
class Refusal {
  constructor(message) { this.message = message; }
  toString() { return this.message; }
}

// Only the types the site publishes (the build checks each file's content too).
function refuseUploads(value) {
  if (Array.isArray(value)) return value.forEach(refuseUploads);
  if (!value || typeof value !== "object") return;
  for (const [key, item] of Object.entries(value)) {
    const rule = settings.uploads[key];
    if (rule && typeof item === "string" && item) {
      const extension = item.split(".").pop().toLowerCase();
      if (!item.includes(".") || !rule.extensions.includes(extension)) {
        throw new Refusal(rule.message.replace("{name}", item.split("/").pop()));
      }
    }
    refuseUploads(item);
  }
}

// The records that exist, as omo.json names them (admin.taken_digest): drafts' names are not public.
async function takenDigest(name) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(name));
  return Array.from(new Uint8Array(digest).slice(0, 8), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

// A new entry is named by the rules of `omo new`; an existing name is refused with a message, never overwritten.
CMS.registerEventListener({
  name: "preSave",
  handler: async ({ entry }) => {
    const rule = settings.collections[entry.get("collection")];
    const data = entry.get("data");
    refuseUploads(data.toJS());
    // The form cannot ask for one item among all the audiences' lists; the build would refuse the file.
    if (entry.get("collection") === "directives" &&
        !Object.values(data.toJS().items || {}).some((items) => Array.isArray(items) && items.length)) {
      throw new Refusal("в резолюции нет ни одного пункта: в «Пункты по адресатам» откройте адресата и нажмите " +
                      "«Добавить пункт»");
    }
    if (!rule || !entry.get("newRecord")) return data;
    const id = entryId(rule, data.toJS(), settings);
    if (!id) throw new Refusal(rule.empty);
    if (rule.taken.includes(await takenDigest(id))) {
      throw new Refusal(`запись «${id}» уже есть (${rule.folder}/${id}.${rule.extension}): ${rule.taken_hint}`);
    }
    // A copy of another entry («Опубликовать и дублировать») is a new file: not the other's comments.
    return data.set(HELPER + "id", id).delete(SOURCE);
  },
});

// Parts of Decap's forms have no name or state for screen readers: its dialogs (the media library) get the name of
// their heading, the text boxes of Markdown fields their field's label, the items of a list the hint to drag them,
// the buttons on a list item's bar what they do, the menu buttons of the Markdown toolbar (headings, "add") the
// tooltip of the button inside, which is made inert (one control, one stop: a click on it goes to the menu button).
// The toolbar's switch to Markdown is named by its label beside it, and gives its state only once it has been used:
// until then it is off.
const UNNAMED = ":not([aria-label]):not([aria-labelledby])";
new MutationObserver(() => {
  for (const dialog of document.querySelectorAll(`[role="dialog"]${UNNAMED}`)) {
    const heading = dialog.querySelector("h1, h2, h3");
    dialog.setAttribute("aria-label", heading ? heading.textContent.trim() : "Окно редактора");
  }
  for (const box of document.querySelectorAll(`[role="textbox"]${UNNAMED}`)) {
    // «поле markdown»: Decap's widgetLabel as russian.js words it (in English it was «markdown field»).
    const label = box.closest('[aria-label="поле markdown"]')?.querySelector("label");
    box.setAttribute("aria-label", label ? label.textContent.trim() : "Текст");
  }
  for (const item of document.querySelectorAll(`[aria-roledescription="sortable"]${UNNAMED}`)) {
    item.setAttribute("aria-label", "Пункт списка: перетащите, чтобы изменить порядок");
  }
  for (const menu of document.querySelectorAll(`[role="button"][aria-haspopup]${UNNAMED}`)) {
    const inner = menu.querySelector("button[title]");
    if (!inner) continue;
    menu.setAttribute("aria-label", inner.title);
    inner.inert = true;
  }
  for (const button of document.querySelectorAll(`button[class*="TopBarButton"]${UNNAMED}`)) {
    const first = button === button.parentElement.firstElementChild;
    button.setAttribute("aria-label", first ? "Свернуть или развернуть пункт" : "Удалить пункт");
  }
  for (const toggle of document.querySelectorAll(`[role="switch"]${UNNAMED}`)) {
    // A yes/no field («Черновик») by its field's label; the Markdown toolbar's switch by the word beside it.
    const label = toggle.id ? document.querySelector(`label[for="${CSS.escape(toggle.id)}"]`) : null;
    toggle.setAttribute("aria-label", label?.textContent.trim() || toggle.nextElementSibling?.textContent.trim() ||
                        "Markdown");
  }
  for (const toggle of document.querySelectorAll('[role="switch"]:not([aria-checked])')) {
    toggle.setAttribute("aria-checked", "false");
  }
}).observe(document.documentElement, { childList: true, subtree: true, attributeFilter: ["aria-checked"] });

CMS.registerLocale("ru", withRussian(CMS.getLocale("ru")));
CMS.init();
