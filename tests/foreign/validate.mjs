// Judges payloads with the published schemas, using ajv (a non-Rust validator).
//
// Usage: node validate.mjs SCHEMA_DIR CASES.json   (same input and output as validate.py)
//
// This is also the README's JavaScript example: every file is added by its `$id`, so cross-file
// `$ref`s resolve offline; `getSchema(id)` returns the compiled validator of one file.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";

function jsonFiles(dir) {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? jsonFiles(path) : name.endsWith(".json") ? [path] : [];
  });
}

const [schemaDir, casesFile] = process.argv.slice(2);
if (!schemaDir || !casesFile) {
  console.error("usage: node validate.mjs SCHEMA_DIR CASES.json");
  process.exit(2);
}
// Formats such as int64 are annotations here, as in the Rust and Python validators. Strict:
// a keyword ajv does not know (an `x-` annotation of the spec leaking into a published schema)
// is an error, not a keyword silently ignored.
const ajv = new Ajv2020({ strict: true, validateFormats: false, allErrors: false });
const ids = new Map();
for (const path of jsonFiles(schemaDir)) {
  if (path.endsWith("index.json")) continue;
  const schema = JSON.parse(readFileSync(path, "utf8"));
  ajv.addSchema(schema);
  ids.set(relative(schemaDir, path).split("\\").join("/"), schema.$id);
}
const verdicts = {};
for (const c of JSON.parse(readFileSync(casesFile, "utf8")).cases) {
  const validate = ajv.getSchema(ids.get(c.schema));
  verdicts[c.name] = validate(c.instance);
}
const sorted = Object.fromEntries(Object.entries(verdicts).sort(([a], [b]) => a.localeCompare(b)));
process.stdout.write(JSON.stringify(sorted, null, 1));
