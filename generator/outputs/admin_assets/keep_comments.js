// An entry saved from the form keeps the comments of its file («# уточнить» after a date, a note above a field):
// the form's data is written into the file's own YAML document, value by value, instead of a new document.
// A value that did not change keeps its node (its comments and its style, a [flow] list or a | block); a changed
// one keeps its node and comments and takes the new value; fields removed in the form go with their comments,
// new ones come after the others. A list that grew, shrank or was reordered keeps the comments of the items it
// still has. (A [flow] list with a comment after it is written on lines of its own: the library's way.)
import { YAML } from "./yaml/index.js";
import { Collection, Pair, Scalar, YAMLMap, YAMLSeq } from "./yaml/types.js";

// A list written as [a, b] stays on its line, however long (the library would spread it over lines).
Collection.maxFlowStringSingleLineLength = Infinity;

function keyOf(pair) {
  return pair.key instanceof Scalar ? String(pair.key.value) : String(pair.key);
}

function isPlainObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function json(node) {
  return JSON.stringify(node && typeof node.toJSON === "function" ? node.toJSON() : node);
}

// No-break spaces (Word and web pages put them everywhere) beside a colon are read by the site as spaces, for
// editors who type fields: a text with them, written plain, could be read back as a field («due\u00a0: …»). Such a
// text is written in double quotes, which the site reads as typed.
const READ_AS_SPACES = /[\u00a0\u2007\u202f]/;

function quotedWhereNeeded(node) {
  if (node instanceof Scalar) {
    // A text of several lines is written as a | block, which the site never reads as fields: left as it is.
    if (typeof node.value === "string" && READ_AS_SPACES.test(node.value) && !node.value.includes("\n")) {
      node.type = "QUOTE_DOUBLE";
    }
  } else if (node instanceof Pair) {
    quotedWhereNeeded(node.key);
    quotedWhereNeeded(node.value);
  } else if (node instanceof Collection) {
    node.items.forEach(quotedWhereNeeded);
  }
  return node;
}

function created(value) {
  return quotedWhereNeeded(YAML.createNode(value));
}

// The YAML text of a new file (no source to keep comments of).
export function written(data) {
  const doc = new YAML.Document();
  doc.contents = created(data);
  return String(doc);
}

function merged(node, value, keys) {
  if (json(node) === JSON.stringify(value)) return node;
  if (Array.isArray(value) && node instanceof YAMLSeq) {
    // An item keeps its node (and its comments) where it went: found by its value, or, changed, in its place
    // when its old value is nowhere in the list now. A removed item goes with its comments.
    const old = node.items, olds = old.map(json), news = value.map((item) => JSON.stringify(item));
    const taken = new Set();
    const take = (at, item) => { taken.add(at); return merged(old[at], item, []); };
    node.items = value.map((item, index) => {
      const found = olds.findIndex((candidate, at) => !taken.has(at) && candidate === news[index]);
      if (found >= 0) return take(found, item);
      if (index < old.length && !taken.has(index) && !news.includes(olds[index])) return take(index, item);
      return created(item);
    });
    return node;
  }
  if (isPlainObject(value) && node instanceof YAMLMap) {
    const kept = node.items.filter((pair) => Object.prototype.hasOwnProperty.call(value, keyOf(pair)));
    for (const pair of kept) pair.value = merged(pair.value, value[keyOf(pair)], []);
    const present = new Set(kept.map(keyOf));
    const added = Object.keys(value).filter((key) => !present.has(key));
    const rank = (key) => (keys.includes(key) ? keys.indexOf(key) : keys.length);
    added.sort((a, b) => rank(a) - rank(b));
    node.items = [...kept, ...added.map((key) => new Pair(key, created(value[key])))];
    return node;
  }
  if (node instanceof Scalar && (value === null || typeof value !== "object")) {
    node.value = value;
    node.type = undefined; // the old style may not hold the new value (a plain line, a text of several lines)
    return quotedWhereNeeded(node);
  }
  return created(value);
}

// The YAML text of ``data`` written into ``source`` (the file as it was read); null when the file cannot be read
// as one document or the data is not a set of fields: then the caller writes a new one.
export function rewritten(source, data, keys) {
  if (typeof source !== "string" || !isPlainObject(data)) return null;
  const doc = YAML.parseDocument(source);
  if (doc.errors.length || !(doc.contents instanceof YAMLMap)) return null;
  doc.contents = merged(doc.contents, data, keys || []);
  return withTwoSpacesBeforeComments(doc);
}

// The library writes «value # comment» with one space; the site's check wants two (« # » after one space reads
// as text that was lost), as the editors' guide and yamllint do. Each comment at the end of a line is written as
// a marker first, then put back after two spaces.
function withTwoSpacesBeforeComments(doc) {
  const comments = [];
  const visit = (node) => {
    if (!node || typeof node !== "object") return;
    if (typeof node.comment === "string" && node.comment && !node.comment.includes("\n")) {
      comments.push(node.comment);
      node.comment = `\u0000${comments.length - 1}\u0000`;
    }
    for (const part of [node.key, node.value, ...(Array.isArray(node.items) ? node.items : [])]) visit(part);
  };
  visit(doc.contents);
  // A comment after a value gets two spaces; one on its own line (after a list's last item) keeps its indent.
  return doc.toString()
    .replace(/(?<=\S) #\u0000(\d+)\u0000/g, (_, index) => `  #${comments[Number(index)]}`)
    .replace(/#\u0000(\d+)\u0000/g, (_, index) => `#${comments[Number(index)]}`);
}
