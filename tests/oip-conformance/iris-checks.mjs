// What the REST (conformance.mjs) and gRPC (grpc-conformance.mjs) conformance scripts share: the runner, the model
// under test ("iris": input "input" FP32 [-1,4]; outputs "probabilities" FP32 [-1,3], softmax rows, and "label"
// INT64 [-1], their argmax) and the check of its answers. Each script decodes its own protocol's answers into
// { name, datatype, shape, decoded } outputs; everything past that is checked here, the same way for both.

import assert from 'node:assert/strict';

export const INPUT = 'input';
export const PROBS = 'probabilities';
export const LABEL = 'label';
export const FEATURES = 4;
export const CLASSES = 3;

// Three iris flowers, one of each species, so the labels differ and an output mixed up across rows shows.
export const ROWS = [
  [5.1, 3.5, 1.4, 0.2],
  [5.9, 3.0, 4.2, 1.5],
  [6.7, 3.0, 5.2, 2.3],
];
export const FLAT = ROWS.flat();

const checks = [];

/** Registers a check; they run in order. */
export const check = (name, fn) => checks.push({ name, fn });

/** Runs every check, printing ok or FAIL with the reason, then the totals; the exit code is 1 when any failed. */
export async function run(title) {
  let passed = 0;
  let failed = 0;
  console.log(title);
  const prefix = title.split(':')[0];
  for (const { name, fn } of checks) {
    const started = Date.now();
    try {
      await fn();
      passed++;
      console.log(`ok   ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      failed++;
      const cause = error?.cause ? ` (cause: ${error.cause.code ?? ''} ${error.cause.message ?? error.cause})` : '';
      console.log(`FAIL ${name}: ${error?.message ?? error}${cause}`);
    }
  }
  console.log(`${prefix}: ${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 ? 0 : 1;
}

/** The output called name in an answer (fails naming the outputs there are). */
export function output(body, name, what) {
  const found = (body.outputs ?? []).find((o) => o.name === name);
  assert.ok(found, `${what}: no output "${name}" among ${JSON.stringify((body.outputs ?? []).map((o) => o.name))}`);
  return found;
}

/** The model's semantics: probabilities are softmax rows, label is their argmax. */
export function checkIrisOutputs(body, rows, what) {
  const probs = output(body, PROBS, what);
  const label = output(body, LABEL, what);
  assert.equal(probs.datatype, 'FP32', `${what}: ${PROBS} datatype`);
  assert.deepEqual(probs.shape, [rows, CLASSES], `${what}: ${PROBS} shape`);
  assert.equal(label.datatype, 'INT64', `${what}: ${LABEL} datatype`);
  assert.deepEqual(label.shape, [rows], `${what}: ${LABEL} shape`);
  assert.equal(probs.decoded.length, rows * CLASSES, `${what}: ${PROBS} element count`);
  assert.equal(label.decoded.length, rows, `${what}: ${LABEL} element count`);
  for (let r = 0; r < rows; r++) {
    const row = probs.decoded.slice(r * CLASSES, (r + 1) * CLASSES);
    const sum = row.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - 1) < 1e-4, `${what}: row ${r} of ${PROBS} sums to ${sum}, not 1`);
    assert.ok(row.every((p) => p >= 0 && p <= 1), `${what}: row ${r} of ${PROBS} has a value outside [0,1]: ${row}`);
    const argmax = row.indexOf(Math.max(...row));
    assert.equal(Number(label.decoded[r]), argmax, `${what}: ${LABEL}[${r}] = ${label.decoded[r]} but argmax of ${row} is ${argmax}`);
  }
  return { probs: probs.decoded, label: label.decoded.map(Number), binary: probs.binary === true };
}

export function assertClose(actual, expected, what, tolerance = 1e-5) {
  assert.equal(actual.length, expected.length, `${what}: length ${actual.length} vs ${expected.length}`);
  actual.forEach((a, k) =>
    assert.ok(Math.abs(a - expected[k]) <= tolerance, `${what}: element ${k} is ${a}, expected ${expected[k]}`));
}
