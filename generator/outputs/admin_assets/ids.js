// Entry ids from titles, by the same rules as `python -m generator new` (generator/core/slugs.py: our letter table,
// then python-slugify's legacy pipeline). The tables come from the build (omo.json), so they never drift;
// tests/test_admin.py compares this function with the Python one on many titles.

const SEPARATOR = "-";

function decodeEntities(text, entities) {
  text = text.replace(/&([A-Za-z0-9]+);/g, (whole, name) =>
    Object.hasOwn(entities, name) ? String.fromCodePoint(entities[name]) : whole);
  // As in Python: one reference out of range leaves every reference of its kind as typed.
  for (const [pattern, base] of [[/&#(\d+);/g, 10], [/&#x([\da-fA-F]+);/g, 16]]) {
    const codes = [...text.matchAll(pattern)].map((match) => parseInt(match[1], base));
    if (codes.every((code) => code <= 0x10ffff)) {
      text = text.replace(pattern, (whole, digits) => String.fromCodePoint(parseInt(digits, base)));
    }
  }
  return text;
}

function stripSeparators(text) {
  return text.replace(/^-+|-+$/g, "");
}

// python-slugify's smart_truncate with word_boundary=True, save_order=True: the words that fit, in order.
function truncate(text, maxLength) {
  text = stripSeparators(text);
  if (!maxLength || text.length < maxLength) return text;
  if (!text.includes(SEPARATOR)) return text.slice(0, maxLength);
  let truncated = "";
  for (const word of text.split(SEPARATOR)) {
    if (!word) continue;
    const next = truncated.length + word.length;
    if (next < maxLength) {
      truncated += word + SEPARATOR;
    } else {
      if (next === maxLength) truncated += word;
      break;
    }
  }
  return stripSeparators(truncated || text.slice(0, maxLength));
}

export function makeId(title, tables, maxLength = 0) {
  let text = Array.from(String(title), (ch) => tables.letters[ch] ?? ch).join("");
  text = text.replace(/'+/g, SEPARATOR).normalize("NFKD");
  // Other letters and signs as text-unidecode spells them in Latin (« -> <<, № -> No, é -> e).
  text = Array.from(text, (ch) => (ch < "\x80" ? ch : tables.ascii[ch] ?? "")).join("");
  text = decodeEntities(text, tables.entities).normalize("NFKD").toLowerCase();
  text = text.replace(/'+/g, "").replace(/(?<=\d),(?=\d)/g, "");
  text = text.replace(/[^-a-zA-Z0-9]+/g, SEPARATOR).replace(/-{2,}/g, SEPARATOR);
  return truncate(stripSeparators(text), maxLength);
}

// The file name of a new entry of `collection`, or an empty string when the form does not give one yet.
export function entryId(rule, data, tables) {
  if (rule.id === "meeting") return data.omo_meeting || "";
  const slug = makeId(data.title || "", tables, tables.idLength);
  if (!slug) return "";
  if (rule.id === "date-title") return data.date ? `${String(data.date).slice(0, 10)}-${slug}` : "";
  return slug;
}
