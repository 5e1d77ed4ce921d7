#!/usr/bin/env node
// Open Inference Protocol (KServe V2 gRPC) conformance checks: the REST script's checks (conformance.mjs), over
// gRPC, with an independent client (@grpc/grpc-js + @grpc/proto-loader, loading the protocol's .proto at run time):
//   kserve/open-inference-protocol  specification/protocol/inference_grpc.md (grpc_predict_v2.proto)
//   triton-inference-server/common  protobuf/grpc_service.proto (RepositoryIndex, RepositoryModelLoad/Unload)
//   triton-inference-server/server  docs/user_guide/... raw_input_contents (BYTES: 4-byte little-endian length + bytes)
// It shares no code with the server: only the .proto, which is the specification.
//
// Usage: node grpc-conformance.mjs --url http://127.0.0.1:8081 [--model iris] [--version 1]
//          [--max-body-bytes 67108864] [--max-batch 64] [--timeout-ms 30000] [--concurrency 64] [--unload-check]
// Install once: npm ci in tests/ (the lockfile pins @grpc/grpc-js and @grpc/proto-loader).
// The model under test must look like "iris": input "input" FP32 [-1,4]; outputs "probabilities" FP32 [-1,3]
// (softmax rows) and "label" INT64 [-1] (argmax of probabilities). Exit code 0 only when every check passed.

import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import { ROWS, FLAT, INPUT, PROBS, LABEL, FEATURES, CLASSES, check, run, checkIrisOutputs as checkIris, assertClose } from './iris-checks.mjs';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:8081' },
    model: { type: 'string', default: 'iris' },
    version: { type: 'string', default: '1' },
    'max-body-bytes': { type: 'string', default: '67108864' },
    'max-batch': { type: 'string', default: '64' },
    'timeout-ms': { type: 'string', default: '30000' },
    concurrency: { type: 'string', default: '64' },
    ca: { type: 'string' },
    'api-key': { type: 'string' },
    'unload-check': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (args.help) {
  console.log('node grpc-conformance.mjs --url http://127.0.0.1:8081 --model iris --version 1 [--max-body-bytes N] [--max-batch N] [--timeout-ms N] [--concurrency N] [--ca ca.pem] [--api-key KEY] [--unload-check]');
  process.exit(0);
}

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PROTO = path.resolve(HERE, '../../src/ServingFabric.Protocol/Grpc/grpc_predict_v2.proto');
const URL_ = new URL(args.url);
const MODEL = args.model;
const VERSION = args.version;
const MAX_BODY_BYTES = Number.parseInt(args['max-body-bytes'], 10);
const MAX_BATCH = Number.parseInt(args['max-batch'], 10);
const TIMEOUT_MS = Number.parseInt(args['timeout-ms'], 10);
const CONCURRENCY = Number.parseInt(args.concurrency, 10);

// ---------------------------------------------------------------- client

// keepCase: the fields keep the .proto's names (raw_input_contents); longs as strings, so INT64 values stay exact.
const definition = protoLoader.loadSync(PROTO, { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true });
const inference = grpc.loadPackageDefinition(definition).inference;
const credentials = URL_.protocol === 'https:'
  ? grpc.credentials.createSsl(args.ca ? readFileSync(args.ca) : null)
  : grpc.credentials.createInsecure();
// Unbounded on the client: the server's own limit is under test.
const client = new inference.GRPCInferenceService(URL_.host, credentials, {
  'grpc.max_send_message_length': -1,
  'grpc.max_receive_message_length': -1,
});

/** One unary call; rejects with the grpc-js error (code, details, metadata). */
function rpc(method, request, { timeoutMs = TIMEOUT_MS, metadata = new grpc.Metadata(), deadline } = {}) {
  if (args['api-key']) {
    metadata.set('authorization', `Bearer ${args['api-key']}`);
  }
  return new Promise((resolve, reject) => {
    client[method](request, metadata, { deadline: deadline ?? new Date(Date.now() + timeoutMs) }, (error, response) =>
      error ? reject(error) : resolve(response));
  });
}

/** Every error of the protocol is a gRPC status with a non-empty message. */
async function expectStatus(promise, code, what) {
  let response;
  try {
    response = await promise;
  } catch (error) {
    assert.equal(error.code, grpc.status[code],
      `${what}: expected ${code}, got ${grpc.status[error.code] ?? error.code}: ${error.details}`);
    assert.equal(typeof error.details, 'string', `${what}: the status must carry a message`);
    assert.ok(error.details.trim().length > 0, `${what}: the status message must not be empty`);
    return error;
  }
  throw new Error(`${what}: expected ${code}, got OK: ${JSON.stringify(response).slice(0, 300)}`);
}

// ---------------------------------------------------------------- tensors

/** Each datatype: its typed contents field (none for FP16/BF16), element size in raw bytes, and a raw writer. */
const DATATYPES = {
  BOOL: ['bool_contents', 1, (b, v, i) => b.writeUInt8(v ? 1 : 0, i)],
  UINT8: ['uint_contents', 1, (b, v, i) => b.writeUInt8(v, i)],
  UINT16: ['uint_contents', 2, (b, v, i) => b.writeUInt16LE(v, i)],
  UINT32: ['uint_contents', 4, (b, v, i) => b.writeUInt32LE(v, i)],
  UINT64: ['uint64_contents', 8, (b, v, i) => b.writeBigUInt64LE(BigInt(v), i)],
  INT8: ['int_contents', 1, (b, v, i) => b.writeInt8(v, i)],
  INT16: ['int_contents', 2, (b, v, i) => b.writeInt16LE(v, i)],
  INT32: ['int_contents', 4, (b, v, i) => b.writeInt32LE(v, i)],
  INT64: ['int64_contents', 8, (b, v, i) => b.writeBigInt64LE(BigInt(v), i)],
  FP16: [null, 2, (b, v, i) => b.writeUInt16LE(0x3c00, i)], // 1.0
  BF16: [null, 2, (b, v, i) => b.writeUInt16LE(0x3f80, i)], // 1.0
  FP32: ['fp32_contents', 4, (b, v, i) => b.writeFloatLE(v, i)],
  FP64: ['fp64_contents', 8, (b, v, i) => b.writeDoubleLE(v, i)],
  BYTES: ['bytes_contents', 0, null],
};

/** Raw bytes of values in a datatype; BYTES elements as 4-byte little-endian length + bytes. */
function rawOf(datatype, values) {
  if (datatype === 'BYTES') {
    return Buffer.concat(values.map((v) => {
      const text = Buffer.from(String(v), 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32LE(text.length, 0);
      return Buffer.concat([length, text]);
    }));
  }
  const [, size, write] = DATATYPES[datatype];
  const bytes = Buffer.alloc(values.length * size);
  values.forEach((v, k) => write(bytes, v, k * size));
  return bytes;
}

function typedOf(datatype, values) {
  const [field] = DATATYPES[datatype];
  return { [field]: datatype === 'BYTES' ? values.map((v) => Buffer.from(String(v), 'utf8')) : values };
}

function irisInput(rows = ROWS, { raw = false } = {}) {
  const input = { name: INPUT, datatype: 'FP32', shape: [rows.length, FEATURES] };
  return raw ? { input, raw: rawOf('FP32', rows.flat()) } : { input: { ...input, contents: { fp32_contents: rows.flat() } } };
}

function request({ rows = ROWS, raw = false, id = 'grpc-conformance', version, outputs, parameters } = {}) {
  const { input, raw: bytes } = irisInput(rows, { raw });
  return {
    model_name: MODEL,
    model_version: version ?? '',
    id,
    inputs: [input],
    outputs: outputs ?? [],
    parameters: parameters ?? {},
    raw_input_contents: bytes ? [bytes] : [],
  };
}

/** The outputs of a response, decoded from typed contents or raw_output_contents (never both). */
function decodeOutputs(response, what) {
  const raw = response.raw_output_contents ?? [];
  assert.ok(raw.length === 0 || raw.length === response.outputs.length,
    `${what}: ${raw.length} raw_output_contents for ${response.outputs.length} outputs`);
  return response.outputs.map((o, k) => {
    const shape = o.shape.map(Number);
    let decoded;
    if (raw.length > 0) {
      const bytes = raw[k];
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const reader = { FP32: [4, (i) => view.getFloat32(i, true)], INT64: [8, (i) => Number(view.getBigInt64(i, true))] }[o.datatype];
      assert.ok(reader, `${what}: no decoder for ${o.datatype} in this script`);
      const [size, get] = reader;
      assert.equal(bytes.length % size, 0, `${what}: ${o.name} raw length ${bytes.length} is not whole ${o.datatype} elements`);
      decoded = Array.from({ length: bytes.length / size }, (_, i) => get(i * size));
      const contents = o.contents ?? {};
      assert.ok(Object.values(contents).every((v) => !Array.isArray(v) || v.length === 0),
        `${what}: ${o.name} has both raw_output_contents and contents`);
    } else {
      const field = { FP32: 'fp32_contents', INT64: 'int64_contents' }[o.datatype];
      assert.ok(field, `${what}: no decoder for ${o.datatype} in this script`);
      decoded = (o.contents?.[field] ?? []).map(Number);
    }
    return { name: o.name, datatype: o.datatype, shape, decoded, binary: raw.length > 0 };
  });
}

/** The model's semantics (iris-checks.mjs), on the outputs decoded from typed or raw contents. */
function checkIrisOutputs(response, rows, what) {
  return checkIris({ outputs: decodeOutputs(response, what) }, rows, what);
}

// The typed answer is the reference every other encoding must agree with; filled by the first infer check.
let reference;
const ensureReference = async () => {
  if (!reference) {
    reference = checkIrisOutputs(await rpc('ModelInfer', request({ id: 'grpc-reference' })), ROWS.length, 'reference infer');
  }
  return reference;
};

// ---------------------------------------------------------------- health and metadata

check('ServerLive is live', async () => {
  assert.equal((await rpc('ServerLive', {})).live, true);
});

check('ServerReady is ready', async () => {
  assert.equal((await rpc('ServerReady', {})).ready, true);
});

check('ServerMetadata has name, version and the model_repository extension (the repository RPCs)', async () => {
  const metadata = await rpc('ServerMetadata', {});
  assert.ok(metadata.name.length > 0, 'name must not be empty');
  assert.ok(metadata.version.length > 0, 'version must not be empty');
  assert.ok(metadata.extensions.includes('model_repository'), `extensions ${JSON.stringify(metadata.extensions)} lack model_repository`);
});

for (const version of ['', VERSION]) {
  check(`ModelMetadata ${version ? 'versioned' : 'unversioned'}: name, versions, platform, tensors with datatype and shape`, async () => {
    const metadata = await rpc('ModelMetadata', { name: MODEL, version });
    assert.equal(metadata.name, MODEL);
    assert.ok(metadata.versions.includes(VERSION), `versions ${JSON.stringify(metadata.versions)} lack ${VERSION}`);
    assert.ok(metadata.platform.length > 0, 'platform must not be empty');
    const input = metadata.inputs.find((t) => t.name === INPUT);
    assert.ok(input, `no input ${INPUT}`);
    assert.equal(input.datatype, 'FP32');
    assert.deepEqual(input.shape.map(Number), [-1, FEATURES]);
    const probs = metadata.outputs.find((t) => t.name === PROBS);
    const label = metadata.outputs.find((t) => t.name === LABEL);
    assert.ok(probs && label, `outputs ${JSON.stringify(metadata.outputs.map((t) => t.name))}`);
    assert.deepEqual([probs.datatype, label.datatype], ['FP32', 'INT64']);
    assert.deepEqual(probs.shape.map(Number), [-1, CLASSES]);
    assert.deepEqual(label.shape.map(Number), [-1]);
  });

  check(`ModelReady ${version ? 'versioned' : 'unversioned'} is ready`, async () => {
    assert.equal((await rpc('ModelReady', { name: MODEL, version })).ready, true);
  });
}

// ---------------------------------------------------------------- inference

check('ModelInfer typed contents: id echoed, every output when none requested, softmax rows and argmax labels', async () => {
  const response = await rpc('ModelInfer', request({ id: 'grpc-typed' }));
  assert.equal(response.id, 'grpc-typed');
  assert.equal(response.model_name, MODEL);
  assert.ok(response.model_version.length > 0, 'model_version must name the version that ran');
  assert.deepEqual(response.outputs.map((o) => o.name).sort(), [LABEL, PROBS]);
  const answer = checkIrisOutputs(response, ROWS.length, 'typed');
  assertClose(answer.probs, (await ensureReference()).probs, 'typed vs reference');
});

check('ModelInfer raw_input_contents: answered with raw_output_contents that agree with the typed answer', async () => {
  const answer = checkIrisOutputs(await rpc('ModelInfer', request({ raw: true, id: 'grpc-raw' })), ROWS.length, 'raw');
  assert.ok(answer.binary, 'raw inputs should get raw_output_contents, as Triton answers');
  const expected = await ensureReference();
  assertClose(answer.probs, expected.probs, 'raw vs typed');
  assert.deepEqual(answer.label, expected.label, 'raw vs typed labels');
});

check('ModelInfer returns only the requested outputs', async () => {
  const response = await rpc('ModelInfer', request({ outputs: [{ name: LABEL }] }));
  assert.deepEqual(response.outputs.map((o) => o.name), [LABEL]);
});

check('ModelInfer accepts request, input and output parameters of every kind', async () => {
  const parameters = { flag: { bool_param: true }, count: { int64_param: '7' }, note: { string_param: 'conformance' }, ratio: { double_param: 0.5 } };
  const req = request({ outputs: [{ name: PROBS, parameters: { note: { string_param: 'x' } } }, { name: LABEL }], parameters });
  req.inputs[0].parameters = { note: { string_param: 'y' } };
  checkIrisOutputs(await rpc('ModelInfer', req), ROWS.length, 'parameters');
});

check('ModelInfer without an id is accepted', async () => {
  checkIrisOutputs(await rpc('ModelInfer', request({ id: '' })), ROWS.length, 'no id');
});

check(`ModelInfer with a full batch of ${MAX_BATCH} rows`, async () => {
  const rows = Array.from({ length: MAX_BATCH }, (_, k) => ROWS[k % ROWS.length]);
  const answer = checkIrisOutputs(await rpc('ModelInfer', request({ rows, raw: true })), MAX_BATCH, 'full batch');
  const expected = await ensureReference();
  answer.label.forEach((l, k) => assert.equal(l, expected.label[k % ROWS.length], `full batch label ${k}`));
});

check('ModelInfer versioned and unversioned agree', async () => {
  const versioned = checkIrisOutputs(await rpc('ModelInfer', request({ version: VERSION })), ROWS.length, 'versioned');
  assertClose(versioned.probs, (await ensureReference()).probs, 'versioned vs unversioned');
});

check(`${CONCURRENCY} concurrent ModelInfer calls (typed and raw, one flower each) each get their own answer`, async () => {
  const expected = await ensureReference();
  const calls = Array.from({ length: CONCURRENCY }, (_, k) => {
    const row = k % ROWS.length;
    return rpc('ModelInfer', request({ rows: [ROWS[row]], raw: k % 2 === 1, id: `grpc-concurrent-${k}` }))
      .then((response) => ({ k, row, response }));
  });
  for (const { k, row, response } of await Promise.all(calls)) {
    assert.equal(response.id, `grpc-concurrent-${k}`, `call ${k} got another call's answer`);
    const answer = checkIrisOutputs(response, 1, `concurrent ${k}`);
    assertClose(answer.probs, expected.probs.slice(row * CLASSES, (row + 1) * CLASSES), `concurrent ${k}`);
    assert.equal(answer.label[0], expected.label[row], `concurrent ${k} label`);
  }
});

// ---------------------------------------------------------------- model repository

check('RepositoryIndex lists the model with a version and state READY; ready=true lists it too', async () => {
  for (const ready of [false, true]) {
    const index = await rpc('RepositoryIndex', { repository_name: '', ready });
    const entry = index.models.find((m) => m.name === MODEL && m.version === VERSION);
    assert.ok(entry, `ready=${ready}: index lacks ${MODEL} ${VERSION}: ${JSON.stringify(index.models)}`);
    assert.equal(entry.state, 'READY');
  }
});

// ---------------------------------------------------------------- every datatype

// The iris model takes FP32 only: every other datatype, well formed both ways, must be read and then refused for
// the model (INVALID_ARGUMENT naming the datatype), never failing inside the server; FP32 must run.
for (const [datatype, [field]] of Object.entries(DATATYPES)) {
  const values = datatype === 'BOOL' ? [true, false, true, false] : datatype === 'BYTES' ? ['a', 'bc', '', 'def'] : [1, 2, 3, 4];
  check(`datatype ${datatype} as raw_input_contents is ${datatype === 'FP32' ? 'run' : 'read and refused for an FP32 input'}`, async () => {
    const req = request({ rows: [[0, 0, 0, 0]] });
    req.inputs[0] = { name: INPUT, datatype, shape: [1, FEATURES] };
    req.raw_input_contents = [rawOf(datatype, values)];
    if (datatype === 'FP32') {
      checkIrisOutputs(await rpc('ModelInfer', req), 1, 'FP32 raw');
    } else {
      const error = await expectStatus(rpc('ModelInfer', req), 'INVALID_ARGUMENT', `${datatype} raw`);
      assert.match(error.details, /FP32|datatype/, `${datatype} raw: the message should name the expected datatype: ${error.details}`);
    }
  });
  check(`datatype ${datatype} as typed contents is ${field ? (datatype === 'FP32' ? 'run' : `read from ${field} and refused for an FP32 input`) : 'refused (it has no typed field)'}`, async () => {
    const req = request({ rows: [[0, 0, 0, 0]] });
    req.inputs[0] = { name: INPUT, datatype, shape: [1, FEATURES], contents: field ? typedOf(datatype, values) : { fp32_contents: [1, 2, 3, 4] } };
    if (datatype === 'FP32') {
      checkIrisOutputs(await rpc('ModelInfer', req), 1, 'FP32 typed');
    } else {
      await expectStatus(rpc('ModelInfer', req), 'INVALID_ARGUMENT', `${datatype} typed`);
    }
  });
}

// ---------------------------------------------------------------- errors

const broken = (mutate) => {
  const req = request();
  mutate(req);
  return rpc('ModelInfer', req);
};

check('unknown model: ModelInfer, ModelMetadata and ModelReady are NOT_FOUND', async () => {
  await expectStatus(rpc('ModelInfer', { ...request(), model_name: 'no-such-model-grpc' }), 'NOT_FOUND', 'infer');
  await expectStatus(rpc('ModelMetadata', { name: 'no-such-model-grpc', version: '' }), 'NOT_FOUND', 'metadata');
  await expectStatus(rpc('ModelReady', { name: 'no-such-model-grpc', version: '' }), 'NOT_FOUND', 'ready');
});

check('unknown version: ModelInfer, ModelMetadata and ModelReady are NOT_FOUND', async () => {
  await expectStatus(rpc('ModelInfer', request({ version: '987654' })), 'NOT_FOUND', 'infer');
  await expectStatus(rpc('ModelMetadata', { name: MODEL, version: '987654' }), 'NOT_FOUND', 'metadata');
  await expectStatus(rpc('ModelReady', { name: MODEL, version: '987654' }), 'NOT_FOUND', 'ready');
});

const invalid = {
  'request without inputs': (r) => { r.inputs = []; },
  'wrong datatype (INT32 typed for an FP32 input)': (r) => { r.inputs[0] = { ...r.inputs[0], datatype: 'INT32', contents: { int_contents: FLAT.map(Math.round) } }; },
  'unknown datatype': (r) => { r.inputs[0].datatype = 'FLOAT32'; },
  'wrong shape': (r) => { r.inputs[0].shape = [3, 5]; },
  'wrong rank': (r) => { r.inputs[0].shape = [12]; },
  'negative dimension': (r) => { r.inputs[0].shape = [-3, 4]; },
  'unknown input name': (r) => { r.inputs[0].name = 'features'; },
  'unknown requested output': (r) => { r.outputs = [{ name: 'no-such-output' }]; },
  'contents count not matching the shape': (r) => { r.inputs[0].contents.fp32_contents = FLAT.slice(1); },
  'contents in the wrong field for the datatype': (r) => { r.inputs[0].contents = { fp64_contents: FLAT }; },
  'no contents and no raw_input_contents': (r) => { delete r.inputs[0].contents; },
  'raw_input_contents length not shape x datatype': (r) => { delete r.inputs[0].contents; r.raw_input_contents = [rawOf('FP32', FLAT).subarray(1)]; },
  'more raw_input_contents than inputs': (r) => { delete r.inputs[0].contents; r.raw_input_contents = [rawOf('FP32', FLAT), rawOf('FP32', FLAT)]; },
  'both contents and raw_input_contents': (r) => { r.raw_input_contents = [rawOf('FP32', FLAT)]; },
  'duplicate input names': (r) => { r.inputs.push({ ...r.inputs[0] }); },
  [`batch above the maximum (${MAX_BATCH + 1} rows)`]: (r) => {
    const rows = Array.from({ length: MAX_BATCH + 1 }, () => ROWS[0]);
    r.inputs[0] = irisInput(rows).input;
  },
  'BYTES raw element whose length prefix runs past the data': (r) => {
    const bytes = rawOf('BYTES', ['a', 'b', 'c', 'd']);
    bytes.writeUInt32LE(1000, 0);
    r.inputs[0] = { name: INPUT, datatype: 'BYTES', shape: [1, FEATURES] };
    r.raw_input_contents = [bytes];
  },
  'FP16 as typed contents (it has no typed field)': (r) => { r.inputs[0] = { name: INPUT, datatype: 'FP16', shape: [1, FEATURES], contents: { fp32_contents: [1, 2, 3, 4] } }; },
  'INT8 value out of range in int_contents': (r) => { r.inputs[0] = { name: INPUT, datatype: 'INT8', shape: [1, FEATURES], contents: { int_contents: [1, 2, 300, 4] } }; },
  'non-finite double_param': (r) => { r.parameters = { bad: { double_param: Number.NaN } }; },
};
for (const [what, mutate] of Object.entries(invalid)) {
  check(`${what} is INVALID_ARGUMENT`, async () => {
    await expectStatus(broken(mutate), 'INVALID_ARGUMENT', what);
  });
}

check(`a message over the size limit (${MAX_BODY_BYTES} bytes) is RESOURCE_EXHAUSTED`, async () => {
  const rows = Math.ceil((MAX_BODY_BYTES + 1) / (FEATURES * 4));
  const req = request({ rows: [ROWS[0]] });
  req.inputs[0] = { name: INPUT, datatype: 'FP32', shape: [rows, FEATURES] };
  req.raw_input_contents = [Buffer.alloc(rows * FEATURES * 4)];
  await expectStatus(rpc('ModelInfer', req, { timeoutMs: Math.max(TIMEOUT_MS, 120000) }), 'RESOURCE_EXHAUSTED', 'oversized message');
});

check('a deadline that passes before the answer is DEADLINE_EXCEEDED', async () => {
  await expectStatus(rpc('ModelInfer', request(), { deadline: new Date(Date.now() + 1) }), 'DEADLINE_EXCEEDED', 'deadline');
});

check('RepositoryModelUnload of an unknown model is NOT_FOUND', async () => {
  await expectStatus(rpc('RepositoryModelUnload', { repository_name: '', model_name: 'no-such-model-grpc', parameters: {} }), 'NOT_FOUND', 'unload');
});

// ---------------------------------------------------------------- unload and load (changes server state)

async function waitForReady(timeoutMs) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await rpc('ModelReady', { name: MODEL, version: '' })).ready) {
        return;
      }
    } catch {
      // Not ready yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${MODEL} not ready within ${timeoutMs} ms`);
}

if (args['unload-check']) {
  check(`RepositoryModelUnload ${MODEL}, then ModelInfer is UNAVAILABLE, then RepositoryModelLoad makes it ready again`, async () => {
    await rpc('RepositoryModelUnload', { repository_name: '', model_name: MODEL, parameters: {} });
    try {
      await expectStatus(rpc('ModelInfer', request({ id: 'grpc-after-unload' })), 'UNAVAILABLE', 'infer after unload');
      const ready = await rpc('ModelReady', { name: MODEL, version: '' }).catch((error) => ({ ready: false, error }));
      assert.equal(ready.ready, false, 'ModelReady must not be ready after unload');
      const index = await rpc('RepositoryIndex', { repository_name: '', ready: false });
      const entries = index.models.filter((m) => m.name === MODEL);
      assert.ok(entries.length > 0, `an unloaded model stays in the index: ${JSON.stringify(index.models)}`);
      assert.ok(entries.every((e) => e.state !== 'READY'), `unloaded model must not be READY: ${JSON.stringify(entries)}`);
    } finally {
      // Load again even when a check above failed, so the server is left as it was found.
      await rpc('RepositoryModelLoad', { repository_name: '', model_name: MODEL, parameters: {} }, { timeoutMs: 120000 });
    }
    await waitForReady(60000);
    checkIrisOutputs(await rpc('ModelInfer', request({ id: 'grpc-after-load' })), ROWS.length, 'infer after load');
  });
}

await run(`grpc conformance: ${args.url} model=${MODEL} version=${VERSION}`);
client.close();
