// Rewrites data files the way the browser editor (Decap CMS 3.16) saves them, for tests/test_decap_roundtrip.py.
//
// The reading and writing below are those of decap-cms-core's src/formats/yaml.ts (fromFile, toFile) and,
// for stories, of its frontmatter.ts with gray-matter: the `yaml` package (1.x, the version Decap depends
// on) parses the file, builds a new node from the plain data, sorts the top-level keys in the order of the
// collection's fields and prints the document with default options. Comments and the original layout are lost.
//
// Usage: node tests/decap_yaml.cjs plan.json
// plan.json: [{"path": ".../x.yml", "frontmatter": false, "sortedKeys": [...], "blanks": {...} | null}]
// "blanks" describes the fields of the form (see addBlanks); every optional field the file does not have is
// written as the form writes an untouched field ("", [], null).

const fs = require('fs');
const yaml = require('yaml');

const timestampTag = {
  identify: value => value instanceof Date,
  default: true,
  tag: '!timestamp',
  test: RegExp('^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2}(\\.[0-9]+)?)Z$'),
  resolve: str => new Date(str),
  stringify: value => value.toISOString(),
};

function sortKeys(sortedKeys, selector) {
  return (a, b) => {
    const idxA = sortedKeys.indexOf(selector(a));
    const idxB = sortedKeys.indexOf(selector(b));
    if (idxA === -1 || idxB === -1) return 0;
    if (idxA > idxB) return 1;
    if (idxA < idxB) return -1;
    return 0;
  };
}

function fromFile(content) {
  if (content && content.trim().endsWith('---')) {
    content = content.trim().slice(0, -3);
  }
  const doc = yaml.parseDocument(content, { customTags: [timestampTag], prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new Error(`YAML parsing error:\n${doc.errors.map(e => e.message).join('\n')}`);
  }
  return doc.toJSON();
}

function toFile(data, sortedKeys = []) {
  const contents = yaml.createNode(data);
  contents.items.sort(sortKeys(sortedKeys, item => item.key && item.key.toString()));
  const doc = new yaml.Document();
  doc.contents = contents;
  return doc.toString();
}

// gray-matter's split and stringify as Decap uses them: the body keeps its text exactly.
function splitFrontmatter(text) {
  const match = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  if (!match) throw new Error('no front matter');
  return { meta: match[1], body: text.slice(match[0].length) };
}

function stringifyFrontmatter(meta, body, sortedKeys) {
  const matter = toFile(meta, sortedKeys).trim();
  const newline = str => (str.slice(-1) === '\n' ? str : str + '\n');
  const file = newline('---') + newline(matter) + newline('---') + newline(body);
  // Decap trims the line break gray-matter adds when the body had none.
  return body.slice(-1) !== '\n' && file.slice(-1) === '\n' ? file.slice(0, -1) : file;
}

// A field's kind: "text" (written as ""), "list" ([]), "other" (null), {"object": fields} (every field of the
// record blank), {"items": fields} (a list of records: [] or each record filled), {"values": kind} (a mapping
// whose every value is of that kind).
function addBlanks(value, fields) {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const result = { ...value };
  for (const [name, kind] of Object.entries(fields)) {
    result[name] = name in result ? fillPresent(result[name], kind) : blank(kind);
  }
  return result;
}

function blank(kind) {
  if (kind === 'text') return '';
  if (kind === 'list' || kind.items) return [];
  if (kind.object) return addBlanks({}, kind.object);
  return null;
}

function fillPresent(value, kind) {
  if (kind.object) return addBlanks(value, kind.object);
  if (kind.items && Array.isArray(value)) return value.map(item => addBlanks(item, kind.items));
  if (kind.values && value && typeof value === 'object' && !Array.isArray(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fillPresent(item, kind.values)]));
  }
  return value;
}

const plan = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
for (const file of plan) {
  const text = fs.readFileSync(file.path, 'utf8');
  if (file.frontmatter) {
    const { meta, body } = splitFrontmatter(text);
    const data = file.blanks ? addBlanks(fromFile(meta), file.blanks) : fromFile(meta);
    fs.writeFileSync(file.path, stringifyFrontmatter(data, body, file.sortedKeys));
  } else {
    const data = file.blanks ? addBlanks(fromFile(text), file.blanks) : fromFile(text);
    fs.writeFileSync(file.path, toFile(data, file.sortedKeys));
  }
}
