// Parses every .tf file of a folder with @cdktf/hcl2json (pinned in tests/package.json, installed by `npm ci` in tests/)
// and prints one JSON object: { "<file name>": <the file as JSON>, ... }. No terraform binary, no providers, no network.
// Usage: node hcl-to-json.mjs <folder>. Exit code 1 names the file that does not parse.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
let parse;
try {
  ({ parse } = require("@cdktf/hcl2json"));
} catch {
  console.error("@cdktf/hcl2json is not installed: run `npm ci` in tests/ (tests/run.sh does)");
  process.exit(2);
}

const folder = process.argv[2];
const files = readdirSync(folder).filter((name) => name.endsWith(".tf")).sort();
const parsed = {};
for (const name of files) {
  try {
    parsed[name] = await parse(name, readFileSync(join(folder, name), "utf8"));
  } catch (error) {
    console.error(`${name}: ${error.message ?? error}`);
    process.exit(1);
  }
}
process.stdout.write(JSON.stringify(parsed));
