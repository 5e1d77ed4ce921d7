// Prints every failed test in the given .trx files with the first lines of its message and stack, so that the tail
// of a CI log (often all that is kept) names what failed and why. Exit code is always 0: tests/run.sh decides.
// Usage: node tests/report-failures.mjs TestResults/*.trx
import { readFileSync } from "node:fs";
import { basename } from "node:path";

const maxLines = 12;

const unescape = (text) =>
  text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#x([0-9a-fA-F]+);/g, (_, hex) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#([0-9]+);/g, (_, dec) => String.fromCodePoint(parseInt(dec, 10)))
    .replace(/&amp;/g, "&");

const telling = /\b(FAIL|fail|failed|error|Error|Expected|expected|Actual|actual|Exception)\b/;

// The first lines, and when there are more, the first three and then those that say what went wrong.
const firstLines = (text, count) => {
  const lines = unescape(text).split(/\r?\n/).filter((line) => line.trim().length > 0);
  const chosen = lines.length <= count ? lines : [...lines.slice(0, 3), ...lines.slice(3).filter((line) => telling.test(line))].slice(0, count);
  const kept = chosen.map((line) => `      ${line.length > 400 ? `${line.slice(0, 400)} ...` : line}`);
  if (lines.length > count) kept.push(`      ... (${lines.length} lines in all; the rest is in the .trx)`);
  return kept.join("\n");
};

const failures = [];
for (const file of process.argv.slice(2)) {
  let xml;
  try {
    xml = readFileSync(file, "utf8");
  } catch (error) {
    failures.push(`  ${basename(file)}: could not be read (${error.message})`);
    continue;
  }

  const results = xml.matchAll(/<UnitTestResult\b([^>]*?)(\/>|>([\s\S]*?)<\/UnitTestResult>)/g);
  for (const [, attributes, , body = ""] of results) {
    const outcome = /\boutcome="([^"]*)"/.exec(attributes)?.[1];
    if (outcome === "Passed" || outcome === "NotExecuted") continue;
    const name = unescape(/\btestName="([^"]*)"/.exec(attributes)?.[1] ?? "(unnamed test)");
    const duration = /\bduration="([^"]*)"/.exec(attributes)?.[1] ?? "?";
    const message = /<Message>([\s\S]*?)<\/Message>/.exec(body)?.[1] ?? "";
    const stack = /<StackTrace>([\s\S]*?)<\/StackTrace>/.exec(body)?.[1] ?? "";
    const lines = [`  ${outcome}: ${name} (${duration}, ${basename(file)})`];
    if (message) lines.push(`    message:\n${firstLines(message, maxLines)}`);
    if (stack) lines.push(`    stack:\n${firstLines(stack, 6)}`);
    failures.push(lines.join("\n"));
  }

  // A run that aborted (a crashed test host) is reported in the run's result summary rather than per test.
  const summary = /<ResultSummary outcome="([^"]*)"/.exec(xml)?.[1];
  if (summary && summary !== "Completed" && summary !== "Passed" && summary !== "Failed") {
    const text = /<RunInfo[\s\S]*?<Text>([\s\S]*?)<\/Text>/.exec(xml)?.[1] ?? "";
    failures.push(`  run ${summary}: ${basename(file)}\n${firstLines(text, maxLines)}`);
  }
}

if (failures.length > 0) {
  console.log(`== failed (${failures.length})`);
  console.log(failures.join("\n"));
}
