#!/usr/bin/env node
// Open Inference Protocol (KServe V2 REST) conformance checks, written from the specifications alone:
//   kserve/open-inference-protocol  specification/protocol/inference_rest.md
//   triton-inference-server/server  docs/protocol/extension_binary_data.md, extension_model_repository.md
// It shares no code with the server on purpose: an independent reading of the spec catches what the server's
// own tests (written by the same hands as its codec) cannot.
//
// Usage: node conformance.mjs --url http://127.0.0.1:8080 [--model iris] [--version 1]
//          [--max-body-bytes 67108864] [--max-batch 64] [--timeout-ms 30000] [--unload-check]
// The model under test must look like "iris": input "input" FP32 [-1,4]; outputs "probabilities" FP32 [-1,3]
// (softmax rows) and "label" INT64 [-1] (argmax of probabilities).
// Node.js 20+, no dependencies (iris-checks.mjs beside it holds what the gRPC script shares). Exit code 0 only when every check passed.

import { parseArgs } from 'node:util';
import assert from 'node:assert/strict';
import { ROWS, FLAT, INPUT, PROBS, LABEL, FEATURES, CLASSES, check, run, output, checkIrisOutputs, assertClose } from './iris-checks.mjs';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:8080' },
    model: { type: 'string', default: 'iris' },
    version: { type: 'string', default: '1' },
    'max-body-bytes': { type: 'string', default: '67108864' },
    'max-batch': { type: 'string', default: '64' },
    'timeout-ms': { type: 'string', default: '30000' },
    'unload-check': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (args.help) {
  console.log('node conformance.mjs --url http://127.0.0.1:8080 --model iris --version 1 [--max-body-bytes N] [--max-batch N] [--timeout-ms N] [--unload-check]');
  process.exit(0);
}

const BASE = args.url.replace(/\/+$/, '');
const MODEL = args.model;
const VERSION = args.version;
const MAX_BODY_BYTES = Number.parseInt(args['max-body-bytes'], 10);
const MAX_BATCH = Number.parseInt(args['max-batch'], 10);
const TIMEOUT_MS = Number.parseInt(args['timeout-ms'], 10);

const modelPath = (version) =>
  `/v2/models/${encodeURIComponent(MODEL)}` + (version ? `/versions/${encodeURIComponent(version)}` : '');


// ---------------------------------------------------------------- HTTP

async function http(method, path, { json, body, headers = {}, timeoutMs = TIMEOUT_MS } = {}) {
  const init = { method, headers: { ...headers }, signal: AbortSignal.timeout(timeoutMs) };
  if (json !== undefined) {
    init.body = JSON.stringify(json);
    init.headers['content-type'] ??= 'application/json';
  } else if (body !== undefined) {
    init.body = body;
  }
  const response = await fetch(BASE + path, init);
  const buffer = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, buffer, text: () => buffer.toString('utf8') };
}

function parseJson(reply, what) {
  try {
    return JSON.parse(reply.text());
  } catch (error) {
    throw new Error(`${what}: body is not JSON (${error.message}): ${reply.text().slice(0, 200)}`);
  }
}

function expectStatus(reply, expected, what) {
  const ok = Array.isArray(expected) ? expected.includes(reply.status) : reply.status === expected;
  if (!ok) {
    throw new Error(`${what}: expected HTTP ${expected}, got ${reply.status}: ${reply.text().slice(0, 300)}`);
  }
}

/** Every error answer of the protocol is {"error": "<message>"}. */
function expectError(reply, expected, what) {
  expectStatus(reply, expected, what);
  const body = parseJson(reply, what);
  assert.equal(typeof body?.error, 'string', `${what}: error body must be {"error": string}, got ${reply.text().slice(0, 200)}`);
  assert.ok(body.error.trim().length > 0, `${what}: "error" must not be empty`);
  return body.error;
}

// ---------------------------------------------------------------- tensors

/** The response, with every output's data as a flat JS array, whether it came as JSON or as binary. */
function decodeInferResponse(reply, what) {
  const headerLength = reply.headers.get('inference-header-content-length');
  if (headerLength === null) {
    const body = parseJson(reply, what);
    for (const output of body.outputs ?? []) {
      assert.ok(!output.parameters?.binary_data_size, `${what}: output ${output.name} declares binary_data_size but the response has no Inference-Header-Content-Length`);
      output.decoded = flatten(output.data);
      output.binary = false;
    }
    return body;
  }

  const length = Number.parseInt(headerLength, 10);
  assert.ok(Number.isInteger(length) && length >= 0 && length <= reply.buffer.length,
    `${what}: Inference-Header-Content-Length ${headerLength} is not within the body (${reply.buffer.length} bytes)`);
  const body = JSON.parse(reply.buffer.subarray(0, length).toString('utf8'));
  let offset = length;
  for (const output of body.outputs ?? []) {
    const size = output.parameters?.binary_data_size;
    if (size === undefined) {
      output.decoded = flatten(output.data);
      output.binary = false;
      continue;
    }
    assert.ok(Number.isInteger(size) && offset + size <= reply.buffer.length,
      `${what}: output ${output.name} binary_data_size ${size} runs past the body`);
    assert.equal(output.data, undefined, `${what}: binary output ${output.name} must not also carry "data"`);
    output.decoded = decodeBinary(reply.buffer.subarray(offset, offset + size), output.datatype, `${what}: ${output.name}`);
    output.binary = true;
    offset += size;
  }
  assert.equal(offset, reply.buffer.length, `${what}: ${reply.buffer.length - offset} bytes after the last binary output`);
  return body;
}

function decodeBinary(bytes, datatype, what) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const read = {
    FP32: [4, (i) => view.getFloat32(i, true)],
    FP64: [8, (i) => view.getFloat64(i, true)],
    INT32: [4, (i) => view.getInt32(i, true)],
    INT64: [8, (i) => Number(view.getBigInt64(i, true))],
  }[datatype];
  assert.ok(read, `${what}: no decoder for datatype ${datatype} in this script`);
  const [size, get] = read;
  assert.equal(bytes.length % size, 0, `${what}: ${bytes.length} bytes is not a whole number of ${datatype} elements`);
  return Array.from({ length: bytes.length / size }, (_, k) => get(k * size));
}

function flatten(data) {
  return Array.isArray(data) ? data.flat(Infinity) : data;
}

function fp32Bytes(values) {
  const bytes = Buffer.alloc(values.length * 4);
  values.forEach((v, k) => bytes.writeFloatLE(v, k * 4));
  return bytes;
}

/** A Triton binary-extension body: the JSON header, then each tensor's bytes in input order. */
function binaryBody(header, blobs) {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  return {
    body: Buffer.concat([json, ...blobs]),
    headers: { 'content-type': 'application/octet-stream', 'inference-header-content-length': String(json.length) },
  };
}

function jsonInput(rows = ROWS, data = rows.flat()) {
  return { name: INPUT, shape: [rows.length, FEATURES], datatype: 'FP32', data };
}

function infer(request, version) {
  return http('POST', `${modelPath(version)}/infer`, { json: request });
}

// The JSON flat-data answer is the reference every other encoding must agree with; filled by the first infer check.
let reference;
const ensureReference = async () => {
  if (!reference) {
    const reply = await infer({ id: 'conformance-reference', inputs: [jsonInput()] });
    expectStatus(reply, 200, 'reference infer');
    reference = checkIrisOutputs(decodeInferResponse(reply, 'reference infer'), ROWS.length, 'reference infer');
  }
  return reference;
};

// ---------------------------------------------------------------- health and metadata

check('GET /v2/health/live is 200', async () => {
  expectStatus(await http('GET', '/v2/health/live'), 200, 'live');
});

check('GET /v2/health/ready is 200', async () => {
  expectStatus(await http('GET', '/v2/health/ready'), 200, 'ready');
});

check('GET /v2 server metadata has name, version and the binary_tensor_data and model_repository extensions', async () => {
  const reply = await http('GET', '/v2');
  expectStatus(reply, 200, 'server metadata');
  const body = parseJson(reply, 'server metadata');
  assert.equal(typeof body.name, 'string', 'name must be a string');
  assert.ok(body.name.length > 0, 'name must not be empty');
  assert.equal(typeof body.version, 'string', 'version must be a string');
  assert.ok(Array.isArray(body.extensions), 'extensions must be an array');
  for (const extension of ['binary_tensor_data', 'model_repository']) {
    assert.ok(body.extensions.includes(extension), `extensions ${JSON.stringify(body.extensions)} lacks "${extension}"`);
  }
});

function checkModelMetadata(body, what) {
  assert.equal(body.name, MODEL, `${what}: name`);
  assert.ok(Array.isArray(body.versions), `${what}: versions must be an array`);
  assert.ok(body.versions.every((v) => typeof v === 'string'), `${what}: versions must be strings: ${JSON.stringify(body.versions)}`);
  assert.ok(body.versions.includes(VERSION), `${what}: versions ${JSON.stringify(body.versions)} lacks "${VERSION}"`);
  assert.equal(typeof body.platform, 'string', `${what}: platform must be a string`);
  assert.ok(body.platform.length > 0, `${what}: platform must not be empty`);
  const tensor = (list, name, kind) => {
    assert.ok(Array.isArray(list), `${what}: ${kind} must be an array`);
    const found = list.find((t) => t.name === name);
    assert.ok(found, `${what}: ${kind} lacks "${name}": ${JSON.stringify(list)}`);
    return found;
  };
  const expectTensor = (list, name, kind, datatype, shape) => {
    const t = tensor(list, name, kind);
    assert.equal(t.datatype, datatype, `${what}: ${kind} ${name} datatype`);
    assert.deepEqual(t.shape, shape, `${what}: ${kind} ${name} shape`);
  };
  expectTensor(body.inputs, INPUT, 'inputs', 'FP32', [-1, FEATURES]);
  expectTensor(body.outputs, PROBS, 'outputs', 'FP32', [-1, CLASSES]);
  expectTensor(body.outputs, LABEL, 'outputs', 'INT64', [-1]);
}

check(`GET ${modelPath()} model metadata`, async () => {
  const reply = await http('GET', modelPath());
  expectStatus(reply, 200, 'model metadata');
  checkModelMetadata(parseJson(reply, 'model metadata'), 'model metadata');
});

check(`GET ${modelPath(VERSION)} versioned model metadata`, async () => {
  const reply = await http('GET', modelPath(VERSION));
  expectStatus(reply, 200, 'versioned model metadata');
  checkModelMetadata(parseJson(reply, 'versioned model metadata'), 'versioned model metadata');
});

check(`GET ${modelPath()}/ready is 200 with {"name", "ready": true}`, async () => {
  const reply = await http('GET', `${modelPath()}/ready`);
  expectStatus(reply, 200, 'model ready');
  // KServe V2's $ready_model_response.
  assert.deepEqual(parseJson(reply, 'model ready'), { name: MODEL, ready: true });
});

check(`GET ${modelPath(VERSION)}/ready is 200`, async () => {
  expectStatus(await http('GET', `${modelPath(VERSION)}/ready`), 200, 'versioned model ready');
});

// ---------------------------------------------------------------- inference, JSON

check('infer JSON flat data: id echoed, every output returned when none requested, softmax rows and argmax label', async () => {
  const reply = await infer({ id: 'conformance-flat', inputs: [jsonInput()] });
  expectStatus(reply, 200, 'flat infer');
  const body = decodeInferResponse(reply, 'flat infer');
  assert.equal(body.id, 'conformance-flat', 'id must be echoed');
  assert.equal(body.model_name, MODEL, 'model_name');
  if (body.model_version !== undefined) {
    assert.equal(typeof body.model_version, 'string', 'model_version, when present, must be a string');
  }
  assert.deepEqual(body.outputs.map((o) => o.name).sort(), [LABEL, PROBS].sort(), 'all outputs when none requested');
  reference = checkIrisOutputs(body, ROWS.length, 'flat infer');
});

check('infer JSON nested (row-major) data gives the same answer as flat data', async () => {
  const ref = await ensureReference();
  const reply = await infer({ id: 'conformance-nested', inputs: [jsonInput(ROWS, ROWS)] });
  expectStatus(reply, 200, 'nested infer');
  const body = decodeInferResponse(reply, 'nested infer');
  assert.equal(body.id, 'conformance-nested', 'id must be echoed');
  const got = checkIrisOutputs(body, ROWS.length, 'nested infer');
  assertClose(got.probs, ref.probs, 'nested vs flat probabilities');
  assert.deepEqual(got.label, ref.label, 'nested vs flat label');
});

check('infer returns only the requested outputs', async () => {
  const reply = await infer({ id: 'conformance-subset', inputs: [jsonInput()], outputs: [{ name: LABEL }] });
  expectStatus(reply, 200, 'subset infer');
  const body = decodeInferResponse(reply, 'subset infer');
  assert.deepEqual(body.outputs.map((o) => o.name), [LABEL], 'only the requested output');
  assert.deepEqual(output(body, LABEL, 'subset infer').shape, [ROWS.length], 'label shape');
});

check('infer accepts request, input and output parameters', async () => {
  const reply = await infer({
    id: 'conformance-parameters',
    parameters: { conformance_flag: true, conformance_text: 'hello', conformance_number: 3 },
    inputs: [{ ...jsonInput(), parameters: { conformance_input: 'x' } }],
    outputs: [{ name: PROBS, parameters: { conformance_output: 1 } }, { name: LABEL }],
  });
  expectStatus(reply, 200, 'infer with parameters');
  checkIrisOutputs(decodeInferResponse(reply, 'infer with parameters'), ROWS.length, 'infer with parameters');
});

check('infer without an id is accepted', async () => {
  const reply = await infer({ inputs: [jsonInput([ROWS[0]])] });
  expectStatus(reply, 200, 'infer without id');
  checkIrisOutputs(decodeInferResponse(reply, 'infer without id'), 1, 'infer without id');
});

check(`infer with a full batch of ${MAX_BATCH} rows`, async () => {
  const rows = Array.from({ length: MAX_BATCH }, (_, k) => ROWS[k % ROWS.length]);
  const reply = await infer({ id: 'conformance-full-batch', inputs: [jsonInput(rows)] });
  expectStatus(reply, 200, 'full batch');
  const got = checkIrisOutputs(decodeInferResponse(reply, 'full batch'), MAX_BATCH, 'full batch');
  const ref = await ensureReference();
  got.label.forEach((l, k) => assert.equal(l, ref.label[k % ROWS.length], `full batch label ${k}`));
});

check('versioned and unversioned infer paths agree', async () => {
  const ref = await ensureReference();
  const reply = await infer({ id: 'conformance-versioned', inputs: [jsonInput()] }, VERSION);
  expectStatus(reply, 200, 'versioned infer');
  const body = decodeInferResponse(reply, 'versioned infer');
  assert.equal(body.id, 'conformance-versioned', 'id must be echoed');
  if (body.model_version !== undefined) {
    assert.equal(body.model_version, VERSION, 'model_version of a versioned infer');
  }
  const got = checkIrisOutputs(body, ROWS.length, 'versioned infer');
  assertClose(got.probs, ref.probs, 'versioned vs unversioned probabilities');
  assert.deepEqual(got.label, ref.label, 'versioned vs unversioned label');
});

// ---------------------------------------------------------------- inference, binary tensor data

check('binary request: input as binary_data_size with Inference-Header-Content-Length', async () => {
  const ref = await ensureReference();
  const blob = fp32Bytes(FLAT);
  const { body, headers } = binaryBody({
    id: 'conformance-binary-in',
    inputs: [{ name: INPUT, shape: [ROWS.length, FEATURES], datatype: 'FP32', parameters: { binary_data_size: blob.length } }],
  }, [blob]);
  const reply = await http('POST', `${modelPath()}/infer`, { body, headers });
  expectStatus(reply, 200, 'binary request');
  const decoded = decodeInferResponse(reply, 'binary request');
  assert.equal(decoded.id, 'conformance-binary-in', 'id must be echoed');
  const got = checkIrisOutputs(decoded, ROWS.length, 'binary request');
  assertClose(got.probs, ref.probs, 'binary vs JSON request probabilities');
  assert.deepEqual(got.label, ref.label, 'binary vs JSON request label');
});

check('binary response: binary_data_output true returns every output as binary after the JSON header', async () => {
  const ref = await ensureReference();
  const reply = await infer({ id: 'conformance-binary-out', parameters: { binary_data_output: true }, inputs: [jsonInput()] });
  expectStatus(reply, 200, 'binary response');
  assert.ok(reply.headers.get('inference-header-content-length') !== null, 'binary response must carry Inference-Header-Content-Length');
  const body = decodeInferResponse(reply, 'binary response');
  assert.equal(body.id, 'conformance-binary-out', 'id must be echoed');
  for (const o of body.outputs) {
    assert.ok(o.binary, `output ${o.name} should be binary (binary_data_output true)`);
  }
  const got = checkIrisOutputs(body, ROWS.length, 'binary response');
  assertClose(got.probs, ref.probs, 'binary vs JSON response probabilities');
  assert.deepEqual(got.label, ref.label, 'binary vs JSON response label');
});

check('binary response: per-output binary_data false overrides binary_data_output and stays JSON', async () => {
  const reply = await infer({
    id: 'conformance-binary-mixed',
    parameters: { binary_data_output: true },
    inputs: [jsonInput()],
    outputs: [{ name: PROBS, parameters: { binary_data: false } }, { name: LABEL }],
  });
  expectStatus(reply, 200, 'mixed response');
  const body = decodeInferResponse(reply, 'mixed response');
  const probs = output(body, PROBS, 'mixed response');
  const label = output(body, LABEL, 'mixed response');
  assert.equal(probs.binary, false, `${PROBS} asked binary_data false must come as JSON data`);
  assert.ok(Array.isArray(probs.data), `${PROBS} must carry "data"`);
  assert.equal(label.binary, true, `${LABEL} must be binary (binary_data_output true)`);
  checkIrisOutputs(body, ROWS.length, 'mixed response');
});

check('binary response: per-output binary_data true without binary_data_output', async () => {
  const reply = await infer({
    id: 'conformance-binary-one',
    inputs: [jsonInput()],
    outputs: [{ name: PROBS, parameters: { binary_data: true } }, { name: LABEL }],
  });
  expectStatus(reply, 200, 'one binary output');
  const body = decodeInferResponse(reply, 'one binary output');
  assert.equal(output(body, PROBS, 'one binary output').binary, true, `${PROBS} asked binary_data true must be binary`);
  assert.equal(output(body, LABEL, 'one binary output').binary, false, `${LABEL} not asked binary must be JSON`);
  checkIrisOutputs(body, ROWS.length, 'one binary output');
});

check('binary request and binary response together', async () => {
  const ref = await ensureReference();
  const blob = fp32Bytes(FLAT);
  const { body, headers } = binaryBody({
    id: 'conformance-binary-both',
    parameters: { binary_data_output: true },
    inputs: [{ name: INPUT, shape: [ROWS.length, FEATURES], datatype: 'FP32', parameters: { binary_data_size: blob.length } }],
  }, [blob]);
  const reply = await http('POST', `${modelPath(VERSION)}/infer`, { body, headers });
  expectStatus(reply, 200, 'binary both ways');
  const got = checkIrisOutputs(decodeInferResponse(reply, 'binary both ways'), ROWS.length, 'binary both ways');
  assertClose(got.probs, ref.probs, 'binary both ways probabilities');
  assert.deepEqual(got.label, ref.label, 'binary both ways label');
});

// ---------------------------------------------------------------- model repository extension

async function repositoryIndex(request, what) {
  const reply = await http('POST', '/v2/repository/index', { json: request });
  expectStatus(reply, 200, what);
  const body = parseJson(reply, what);
  assert.ok(Array.isArray(body), `${what}: the index must be a JSON array, got ${reply.text().slice(0, 200)}`);
  for (const entry of body) {
    assert.equal(typeof entry.name, 'string', `${what}: every entry needs a string name: ${JSON.stringify(entry)}`);
    assert.equal(typeof entry.state, 'string', `${what}: every entry needs a string state: ${JSON.stringify(entry)}`);
  }
  return body;
}

check('POST /v2/repository/index lists the model with a version and state READY', async () => {
  const index = await repositoryIndex({}, 'repository index');
  const entries = index.filter((e) => e.name === MODEL);
  assert.ok(entries.length > 0, `index lacks "${MODEL}": ${JSON.stringify(index)}`);
  const ready = entries.find((e) => e.state === 'READY' && typeof e.version === 'string' && e.version.length > 0);
  assert.ok(ready, `no entry of "${MODEL}" with a version and state READY: ${JSON.stringify(entries)}`);
});

check('POST /v2/repository/index {"ready": true} lists the ready model', async () => {
  const index = await repositoryIndex({ ready: true }, 'repository index (ready)');
  assert.ok(index.some((e) => e.name === MODEL), `ready index lacks "${MODEL}": ${JSON.stringify(index)}`);
  assert.ok(index.every((e) => e.state === 'READY'), `ready index lists models not READY: ${JSON.stringify(index)}`);
});

// ---------------------------------------------------------------- errors

const UNKNOWN_MODEL = 'conformance-no-such-model';
const UNKNOWN_VERSION = '987654';

check('unknown model: infer 404 with {"error"}', async () => {
  const reply = await http('POST', `/v2/models/${UNKNOWN_MODEL}/infer`, { json: { inputs: [jsonInput()] } });
  expectError(reply, 404, 'infer unknown model');
});

check('unknown model: metadata 404 with {"error"}', async () => {
  expectError(await http('GET', `/v2/models/${UNKNOWN_MODEL}`), 404, 'metadata unknown model');
});

check('unknown model: ready 404', async () => {
  // The spec leaves the body of /ready open; an error status must still be an error object when there is a body.
  const reply = await http('GET', `/v2/models/${UNKNOWN_MODEL}/ready`);
  expectStatus(reply, 404, 'ready unknown model');
  if (reply.buffer.length > 0) {
    expectError(reply, 404, 'ready unknown model');
  }
});

check('unknown version: infer, metadata and ready are 404', async () => {
  expectError(await infer({ inputs: [jsonInput()] }, UNKNOWN_VERSION), 404, 'infer unknown version');
  expectError(await http('GET', modelPath(UNKNOWN_VERSION)), 404, 'metadata unknown version');
  const ready = await http('GET', `${modelPath(UNKNOWN_VERSION)}/ready`);
  expectStatus(ready, 404, 'ready unknown version');
  if (ready.buffer.length > 0) {
    expectError(ready, 404, 'ready unknown version');
  }
});

check('malformed JSON is 400', async () => {
  const reply = await http('POST', `${modelPath()}/infer`, {
    body: '{"inputs": [{"name": "input", "shape": [1, 4], ',
    headers: { 'content-type': 'application/json' },
  });
  expectError(reply, 400, 'malformed JSON');
});

check('request without inputs is 400', async () => {
  expectError(await infer({ id: 'no-inputs' }), 400, 'no inputs');
});

check('wrong datatype is 400', async () => {
  const reply = await infer({ inputs: [{ name: INPUT, shape: [1, FEATURES], datatype: 'INT32', data: [5, 3, 1, 0] }] });
  expectError(reply, 400, 'wrong datatype');
});

check('unknown datatype is 400', async () => {
  const reply = await infer({ inputs: [{ name: INPUT, shape: [1, FEATURES], datatype: 'FLOAT', data: ROWS[0] }] });
  expectError(reply, 400, 'unknown datatype');
});

check('wrong shape is 400', async () => {
  const data = Array.from({ length: 15 }, (_, k) => k / 10);
  const reply = await infer({ inputs: [{ name: INPUT, shape: [3, 5], datatype: 'FP32', data }] });
  expectError(reply, 400, 'wrong shape');
});

check('wrong rank is 400', async () => {
  const reply = await infer({ inputs: [{ name: INPUT, shape: [FEATURES], datatype: 'FP32', data: ROWS[0] }] });
  expectError(reply, 400, 'wrong rank');
});

check('unknown input name is 400', async () => {
  const reply = await infer({ inputs: [{ ...jsonInput(), name: 'conformance-no-such-input' }] });
  expectError(reply, 400, 'unknown input name');
});

check('unknown requested output is 400', async () => {
  const reply = await infer({ inputs: [jsonInput()], outputs: [{ name: 'conformance-no-such-output' }] });
  expectError(reply, 400, 'unknown output name');
});

check('data count not matching the shape is 400', async () => {
  const reply = await infer({ inputs: [jsonInput(ROWS, FLAT.slice(0, FLAT.length - 1))] });
  expectError(reply, 400, 'data count mismatch');
});

check(`batch above the maximum (${MAX_BATCH + 1} rows) is 400`, async () => {
  const rows = Array.from({ length: MAX_BATCH + 1 }, (_, k) => ROWS[k % ROWS.length]);
  expectError(await infer({ inputs: [jsonInput(rows)] }), 400, 'batch too large');
});

check('binary_data_size not matching the shape is 400', async () => {
  const blob = fp32Bytes(FLAT.slice(0, FLAT.length - 1));
  const { body, headers } = binaryBody({
    inputs: [{ name: INPUT, shape: [ROWS.length, FEATURES], datatype: 'FP32', parameters: { binary_data_size: blob.length } }],
  }, [blob]);
  expectError(await http('POST', `${modelPath()}/infer`, { body, headers }), 400, 'binary size mismatch');
});

check('Inference-Header-Content-Length beyond the body is 400', async () => {
  const blob = fp32Bytes(FLAT);
  const { body, headers } = binaryBody({
    inputs: [{ name: INPUT, shape: [ROWS.length, FEATURES], datatype: 'FP32', parameters: { binary_data_size: blob.length } }],
  }, [blob]);
  headers['inference-header-content-length'] = String(body.length + 10);
  expectError(await http('POST', `${modelPath()}/infer`, { body, headers }), 400, 'header length beyond body');
});

check(`body of ${MAX_BODY_BYTES + 1} bytes (limit + 1) is 413`, async () => {
  // Whitespace is valid JSON padding, so only the size can be the reason for refusing it.
  const body = Buffer.alloc(MAX_BODY_BYTES + 1, 0x20);
  Buffer.from('{"inputs": []}').copy(body, 0);
  let reply;
  try {
    reply = await http('POST', `${modelPath()}/infer`, { body, headers: { 'content-type': 'application/json' }, timeoutMs: Math.max(TIMEOUT_MS, 120000) });
  } catch (error) {
    throw new Error(`the server closed the connection instead of answering 413: ${error.cause?.message ?? error.message}`);
  }
  expectError(reply, 413, 'body too large');
});

// ---------------------------------------------------------------- unload and load (optional, changes server state)

async function waitForReady(path, timeoutMs) {
  const until = Date.now() + timeoutMs;
  let last;
  while (Date.now() < until) {
    last = await http('GET', path);
    if (last.status === 200) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${path} not 200 within ${timeoutMs} ms (last ${last?.status})`);
}

if (args['unload-check']) {
  check(`POST /v2/repository/models/${MODEL}/unload, then infer is 503, then /load makes it ready again`, async () => {
    const unload = await http('POST', `/v2/repository/models/${encodeURIComponent(MODEL)}/unload`, { json: {} });
    expectStatus(unload, 200, 'unload');
    try {
      const reply = await infer({ id: 'conformance-after-unload', inputs: [jsonInput()] });
      expectError(reply, 503, 'infer after unload');
      const ready = await http('GET', `${modelPath()}/ready`);
      assert.notEqual(ready.status, 200, 'model ready must not be 200 after unload');
      const index = await repositoryIndex({}, 'index after unload');
      const entries = index.filter((e) => e.name === MODEL);
      assert.ok(entries.length > 0, `an unloaded model stays in the index: ${JSON.stringify(index)}`);
      assert.ok(entries.every((e) => e.state !== 'READY'), `unloaded model must not be READY: ${JSON.stringify(entries)}`);
    } finally {
      // Load again even when a check above failed, so the server is left as it was found.
      const load = await http('POST', `/v2/repository/models/${encodeURIComponent(MODEL)}/load`, { json: {} });
      expectStatus(load, 200, 'load');
    }
    await waitForReady(`${modelPath()}/ready`, 60000);
    const reply = await infer({ id: 'conformance-after-load', inputs: [jsonInput()] });
    expectStatus(reply, 200, 'infer after load');
    checkIrisOutputs(decodeInferResponse(reply, 'infer after load'), ROWS.length, 'infer after load');
  });
}

await run(`conformance: ${BASE} model=${MODEL} version=${VERSION}`);
