#!/usr/bin/env node
'use strict';
/*
 * payments-wire-interop: a tiny CLI around Confluent's official JavaScript
 * schema-registry serde (@confluentinc/schemaregistry, version pinned in
 * package.json), called by the Java integration tests as a child process to
 * prove wire compatibility (magic byte 0 + 4-byte big-endian schema id + Avro
 * binary) with a registry that speaks the Confluent Schema Registry REST API.
 *
 * USAGE
 *   node interop.js encode --registry http://127.0.0.1:PORT --topic TOPIC
 *                          --schema-file PATH --value-json JSON
 *                          [--lookup latest|auto|id|content] [--subject-strategy topic|record|topic-record]
 *                          [--references JSON] [--wrap-unions auto|always|never]
 *     -> stdout: {"hex":"00000000..","schemaId":N}
 *   node interop.js decode --registry http://127.0.0.1:PORT --topic TOPIC --hex HEX
 *                          [--wrap-unions auto|always|never]
 *     -> stdout: the decoded value as one line of JSON
 *   node interop.js register --registry http://127.0.0.1:PORT --subject SUBJECT
 *                          --schema-file PATH [--references JSON]
 *     -> stdout: {"id":N}   (client.register, i.e. POST /subjects/{subject}/versions)
 *   Common options: --timeout-ms N (HTTP timeout, default 10000).
 *   --references: a JSON array of {"name","subject","version"}: the named types the
 *       schema file uses that other subjects define (Confluent's schema references).
 *       They are sent with the registration; the library fetches them to parse the schema.
 *   On any error: a message on stderr, nothing on stdout, exit code 1 (2 for bad usage).
 *
 * The subject follows --subject-strategy (SerdeType.VALUE, the type set explicitly,
 * see "ASSOCIATED" below): topic (default, TopicNameStrategy) TOPIC + "-value";
 * record (RecordNameStrategy) the full name of the record in the schema;
 * topic-record (TopicRecordNameStrategy) TOPIC + "-" + that full name. The record
 * strategies need the schema to name the subject, so they go only with --lookup auto
 * or content.
 *
 * ENCODE --lookup modes (the schema from --schema-file is sent compacted as
 * JSON.stringify(JSON.parse(file)); key order is preserved):
 *   latest (default; the pattern in the library's README):
 *       client.register(subject, {schemaType:'AVRO', schema[, references]}) and then
 *       AvroSerializer {useLatestVersion:true, autoRegisterSchemas:false}.
 *       The bytes are written with the schema TEXT AND ID returned by
 *       GET .../versions/latest.
 *   auto: AvroSerializer {autoRegisterSchemas:true}. NOTE: with this flag the
 *       library does NOT take a schema: it INFERS one from the value
 *       (avsc Type.forValue: records named Record1.., numbers -> int/float/double,
 *       no long, no logical types, fails on BigInt). We therefore replace
 *       AvroSerializer.messageToSchema so the inferred schema is the file's schema;
 *       the library itself then POSTs it to /subjects/{subject}/versions and
 *       writes the id from the response (no other request).
 *   id: client.register(...) then AvroSerializer {useSchemaId: <registered id>}.
 *   content: AvroSerializer {autoRegisterSchemas:false} and nothing else, so the
 *       library looks the file's schema up by its text: POST /subjects/{subject}
 *       (4 below), and writes the id found. Nothing is registered. (Same
 *       messageToSchema replacement as auto.)
 *
 * REST ENDPOINTS CALLED (read from dist/schemaregistry-client.js, dist/rest-service.js,
 * dist/serde/serde.js and confirmed by logging requests against a fake registry).
 * Every request (GET too) carries these headers:
 *   Content-Type: application/vnd.schemaregistry.v1+json
 *   Accept: application/json, text/plain, STAR/STAR   (axios default, i.e. the usual
 *           any-type wildcard; the client never asks for the registry media type)
 *   Accept-Encoding: gzip, compress, deflate, br
 *   Confluent-Accept-Unknown-Properties: true
 *   Confluent-Client-Version: javascript/1.10.1
 *   User-Agent: axios/<version>
 * Responses are parsed as JSON whatever their Content-Type (application/json or
 * application/vnd.schemaregistry.v1+json both fine). Unknown response fields are ignored.
 * Subject names are encodeURIComponent()-encoded in paths and query strings.
 *
 * 1. Register  (register; encode latest, id and auto: this is also what autoRegisterSchemas does)
 *      POST /subjects/{subject}/versions?normalize=false
 *      body: {"schemaType":"AVRO","schema":"<Avro schema JSON as a string>"}
 *            plus "references" when --references is given (no "metadata"/"ruleSet" keys sent)
 *      reads: "id" (number). ("guid" is read too but unused for id-prefixed bytes.)
 *      Any other response field is ignored. Must be idempotent: same schema -> same id.
 * 2. Latest version  (encode --lookup latest only)
 *      GET /subjects/{subject}/versions/latest
 *      reads: "id" (number, written into the bytes), "schema" (string: the schema
 *      actually used to encode), optional "references" (array, each
 *      {name,subject,version}; fetched recursively via
 *      GET /subjects/{s}/versions/{v}?deleted=true), optional "ruleSet"/"metadata".
 *      "subject", "version", "schemaType" are not needed (schemaType may be omitted).
 * 3. Schema by id (encode --lookup id, and decode; its "references" are fetched as in 2)
 *      GET /schemas/ids/{id}?subject={subject}
 *      (the "subject" query param is always sent, e.g. ?subject=payments.transfer-requests-value;
 *       no "format" param for Avro.)
 *      reads: "schema" (string), optional "schemaType" (absent = AVRO),
 *      optional "references", "ruleSet". Nothing else.
 * 4. Lookup schema under subject (encode --lookup id and content)
 *      POST /subjects/{subject}?normalize=false
 *      body: for id, the response object of (3) echoed back as received (e.g. {"schema":"..."},
 *            plus whatever other fields (3) returned); for content, {"schemaType":"AVRO","schema":"..."}.
 *      reads: "id" (and "guid"); "version" is only used for caching.
 * Decode uses ONLY (3): the writer schema is fetched by the id in bytes 1-4; the
 * deserializer does not need the schema to be registered under the subject and
 * (without useLatestVersion, which we do not set) makes no other request.
 * Errors: any non-2xx status makes the call fail. A body of the form
 * {"error_code":N,"message":"..."} is surfaced in the error message; 408/429/500/502/503/504
 * and network errors are retried (we set maxRetries=1).
 *
 * ASSOCIATED: since 1.10 the serde's DEFAULT subject name strategy is ASSOCIATED,
 * which first calls GET /associations/resources/-/{topic}?resourceType=topic&associationType=value
 * and falls back to TOPIC only on 404. We set subjectNameStrategyType TOPIC so no such
 * request is made.
 *
 * VALUES
 * - long (and long-based logical types such as timestamp-millis, which avsc treats as a
 *   plain long: no Date conversion) use a BigInt-backed avsc long type, so the full
 *   signed 64-bit range round-trips exactly. Input: --value-json is parsed losslessly
 *   (an integer literal outside +-(2^53-1) becomes a BigInt), so give longs as plain
 *   JSON numbers, e.g. 9007199254740993. Output: longs are printed as plain JSON
 *   numbers with all digits (never strings, never rounded).
 * - Unions follow avsc's wrapUnions option, default "auto": a union whose branches can
 *   be told apart by JS value (e.g. ["null",{"type":"map",...}]) is UNWRAPPED: give null
 *   or the plain object {"k":"v"}, and decode prints the same. A union with two or more
 *   branches of the same JS kind (e.g. two records, or a top-level union of records) is
 *   WRAPPED: give {"io.payments.avro.TransferRequest": {...}} (key = full name of the
 *   named branch, or the type name such as "map"/"string"/"long"); null stays null.
 *   --wrap-unions always forces the Avro-JSON style wrapping for every union
 *   (e.g. {"map":{"k":"v"}}); never forces unwrapped everywhere.
 * - A top-level null value cannot be encoded (the library throws "message is empty").
 * - Fields with a default may be omitted from --value-json (written as the default).
 * - maps: JSON objects; bytes/fixed: printed as strings of chars U+0000..U+00FF
 *   (Avro JSON encoding); float/double: JSON numbers; non-finite floats as strings.
 */

const fs = require('fs');
const avro = require('avsc');
const {
  SchemaRegistryClient,
  AvroSerializer,
  AvroDeserializer,
  SerdeType,
  SubjectNameStrategyType,
  RestError,
} = require('@confluentinc/schemaregistry');

class UsageError extends Error {}

const USAGE = [
  'usage:',
  '  node interop.js encode --registry URL --topic TOPIC --schema-file PATH --value-json JSON',
  '                         [--lookup latest|auto|id|content] [--subject-strategy topic|record|topic-record]',
  '                         [--references JSON] [--wrap-unions auto|always|never] [--timeout-ms N]',
  '  node interop.js decode --registry URL --topic TOPIC --hex HEX',
  '                         [--wrap-unions auto|always|never] [--timeout-ms N]',
  '  node interop.js register --registry URL --subject SUBJECT --schema-file PATH [--references JSON] [--timeout-ms N]',
].join('\n');

const STRATEGIES = {
  topic: SubjectNameStrategyType.TOPIC,
  record: SubjectNameStrategyType.RECORD,
  'topic-record': SubjectNameStrategyType.TOPIC_RECORD,
};
const OPTIONS = {
  encode: {
    allowed: ['registry', 'topic', 'schema-file', 'value-json', 'lookup', 'subject-strategy', 'references',
      'wrap-unions', 'timeout-ms'],
    required: ['registry', 'topic', 'schema-file', 'value-json'],
  },
  decode: {
    allowed: ['registry', 'topic', 'hex', 'wrap-unions', 'timeout-ms'],
    required: ['registry', 'topic', 'hex'],
  },
  register: {
    allowed: ['registry', 'subject', 'schema-file', 'references', 'timeout-ms'],
    required: ['registry', 'subject', 'schema-file'],
  },
};

// ---------------------------------------------------------------- arguments

function parseArgs(argv) {
  const [mode, ...rest] = argv;
  if (OPTIONS[mode] == null) {
    throw new UsageError(mode == null ? 'missing mode (encode|decode|register)' : `unknown mode: ${mode}`);
  }
  const { allowed, required } = OPTIONS[mode];
  const opts = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    let name;
    let value;
    if (arg.startsWith('--') && arg.includes('=')) {
      name = arg.slice(2, arg.indexOf('='));
      value = arg.slice(arg.indexOf('=') + 1);
    } else if (arg.startsWith('--')) {
      name = arg.slice(2);
      if (i + 1 >= rest.length) {
        throw new UsageError(`missing value for --${name}`);
      }
      value = rest[++i];
    } else {
      throw new UsageError(`unexpected argument: ${arg}`);
    }
    if (!allowed.includes(name)) {
      throw new UsageError(`unknown option for ${mode}: --${name}`);
    }
    opts[name] = value;
  }
  for (const name of required) {
    if (opts[name] == null || opts[name] === '') {
      throw new UsageError(`missing required option --${name}`);
    }
  }
  opts.lookup = opts.lookup ?? 'latest';
  if (!['latest', 'auto', 'id', 'content'].includes(opts.lookup)) {
    throw new UsageError(`--lookup must be latest, auto, id or content, not ${opts.lookup}`);
  }
  opts['subject-strategy'] = opts['subject-strategy'] ?? 'topic';
  if (STRATEGIES[opts['subject-strategy']] == null) {
    throw new UsageError(`--subject-strategy must be topic, record or topic-record, not ${opts['subject-strategy']}`);
  }
  if (opts['subject-strategy'] !== 'topic' && !['auto', 'content'].includes(opts.lookup)) {
    throw new UsageError(`--subject-strategy ${opts['subject-strategy']} names the subject from the schema: use it with --lookup auto or content`);
  }
  if (opts.references != null) {
    try {
      opts.references = JSON.parse(opts.references);
    } catch (e) {
      throw new UsageError(`--references is not JSON: ${e.message}`);
    }
    if (!Array.isArray(opts.references)) {
      throw new UsageError('--references must be a JSON array of {"name","subject","version"}');
    }
  }
  opts['wrap-unions'] = opts['wrap-unions'] ?? 'auto';
  if (!['auto', 'always', 'never'].includes(opts['wrap-unions'])) {
    throw new UsageError(`--wrap-unions must be auto, always or never, not ${opts['wrap-unions']}`);
  }
  const timeout = opts['timeout-ms'] == null ? 10000 : Number(opts['timeout-ms']);
  if (!Number.isInteger(timeout) || timeout <= 0) {
    throw new UsageError(`--timeout-ms must be a positive integer`);
  }
  opts.timeoutMs = timeout;
  return { mode, opts };
}

// ------------------------------------------------------ lossless JSON in/out

/**
 * JSON.parse replacement that keeps integers exact: integer literals within
 * Number.MAX_SAFE_INTEGER stay numbers, larger ones become BigInt.
 */
function parseJsonLossless(text) {
  let pos = 0;
  const fail = (msg) => {
    throw new Error(`invalid JSON at offset ${pos}: ${msg}`);
  };
  const ws = () => {
    while (pos < text.length && ' \t\r\n'.includes(text[pos])) pos++;
  };
  const value = () => {
    ws();
    const c = text[pos];
    if (c === '{') {
      pos++;
      const obj = {};
      ws();
      if (text[pos] === '}') {
        pos++;
        return obj;
      }
      for (;;) {
        ws();
        if (text[pos] !== '"') fail('expected a string key');
        const key = string();
        ws();
        if (text[pos] !== ':') fail("expected ':'");
        pos++;
        Object.defineProperty(obj, key, { value: value(), enumerable: true, writable: true, configurable: true });
        ws();
        if (text[pos] === ',') {
          pos++;
        } else if (text[pos] === '}') {
          pos++;
          return obj;
        } else {
          fail("expected ',' or '}'");
        }
      }
    }
    if (c === '[') {
      pos++;
      const arr = [];
      ws();
      if (text[pos] === ']') {
        pos++;
        return arr;
      }
      for (;;) {
        arr.push(value());
        ws();
        if (text[pos] === ',') {
          pos++;
        } else if (text[pos] === ']') {
          pos++;
          return arr;
        } else {
          fail("expected ',' or ']'");
        }
      }
    }
    if (c === '"') return string();
    for (const [lit, v] of [['true', true], ['false', false], ['null', null]]) {
      if (text.startsWith(lit, pos)) {
        pos += lit.length;
        return v;
      }
    }
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(pos));
    if (m == null) fail('unexpected character');
    pos += m[0].length;
    if (m[2] === undefined && m[3] === undefined) {
      const n = Number(m[0]);
      return Number.isSafeInteger(n) ? n : BigInt(m[0]);
    }
    return Number(m[0]);
  };
  const string = () => {
    const re = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
    re.lastIndex = pos;
    const m = re.exec(text);
    if (m == null) fail('bad string');
    pos += m[0].length;
    return JSON.parse(m[0]);
  };
  const result = value();
  ws();
  if (pos !== text.length) fail('trailing characters');
  return result;
}

/** JSON.stringify replacement: BigInt -> plain JSON number with all digits. */
function stringifyLossless(v) {
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'bigint':
      return v.toString();
    case 'number':
      return Number.isFinite(v) ? JSON.stringify(v) : JSON.stringify(String(v));
    case 'string':
      return JSON.stringify(v);
    case 'boolean':
      return v ? 'true' : 'false';
    default:
      break;
  }
  if (Buffer.isBuffer(v)) return JSON.stringify(v.toString('latin1'));
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  if (Array.isArray(v)) return `[${v.map(stringifyLossless).join(',')}]`;
  const parts = [];
  for (const k of Object.keys(v)) {
    if (v[k] === undefined || typeof v[k] === 'function') continue;
    parts.push(`${JSON.stringify(k)}:${stringifyLossless(v[k])}`);
  }
  return `{${parts.join(',')}}`;
}

// ------------------------------------------------------- BigInt Avro long

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function isLong(v) {
  return (typeof v === 'bigint' && v >= INT64_MIN && v <= INT64_MAX) ||
    (typeof v === 'number' && Number.isSafeInteger(v));
}

/** avsc long type whose JS representation is BigInt (accepts safe-integer numbers on write). */
const BIGINT_LONG = avro.types.LongType.__with({
  fromBuffer: (buf) => buf.readBigInt64LE(0),
  toBuffer: (v) => {
    const buf = Buffer.alloc(8);
    buf.writeBigInt64LE(BigInt(v), 0);
    return buf;
  },
  fromJSON: (v) => BigInt(v),
  toJSON: (v) => (Number.isSafeInteger(Number(v)) ? Number(v) : v.toString()),
  isValid: isLong,
  compare: (a, b) => {
    const x = BigInt(a);
    const y = BigInt(b);
    return x === y ? 0 : (x < y ? -1 : 1);
  },
});

/** avsc typeHook: every long (including long-based logical types) becomes BIGINT_LONG. */
function bigIntLongHook(schema) {
  if (schema === 'long') return BIGINT_LONG;
  if (schema != null && typeof schema === 'object' && !Array.isArray(schema) && schema.type === 'long') {
    return BIGINT_LONG;
  }
  return undefined;
}

// -------------------------------------------------------------- the modes

function makeClient(opts) {
  let url;
  try {
    url = new URL(opts.registry);
  } catch (e) {
    throw new UsageError(`--registry is not a valid URL: ${opts.registry}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--registry must be an http(s) URL: ${opts.registry}`);
  }
  return new SchemaRegistryClient({
    baseURLs: [opts.registry.replace(/\/+$/, '')],
    createAxiosDefaults: { timeout: opts.timeoutMs },
    maxRetries: 1,
    retriesWaitMs: 100,
    retriesMaxWaitMs: 500,
  });
}

function avroOptions(opts) {
  return { typeHook: bigIntLongHook, wrapUnions: opts['wrap-unions'] };
}

function readSchemaFile(opts) {
  let schemaText;
  try {
    schemaText = fs.readFileSync(opts['schema-file'], 'utf8');
  } catch (e) {
    throw new Error(`cannot read --schema-file ${opts['schema-file']}: ${e.message}`);
  }
  try {
    return JSON.parse(schemaText);
  } catch (e) {
    throw new Error(`--schema-file ${opts['schema-file']} is not JSON: ${e.message}`);
  }
}

/** The schema as the registry takes it: {schemaType, schema[, references]}. */
function schemaInfoOf(opts, schemaObj) {
  const info = { schemaType: 'AVRO', schema: JSON.stringify(schemaObj) };
  if (opts.references != null) {
    info.references = opts.references;
  }
  return info;
}

async function encode(opts) {
  const schemaObj = readSchemaFile(opts);
  let value;
  try {
    value = parseJsonLossless(opts['value-json']);
  } catch (e) {
    throw new Error(`--value-json: ${e.message}`);
  }
  // A schema with references names types it does not define: only the library, which
  // fetches them, can parse it. Without references, fail early with avsc's messages.
  if (opts.references == null) {
    let fileType;
    try {
      fileType = avro.Type.forSchema(schemaObj, avroOptions(opts));
    } catch (e) {
      throw new Error(`--schema-file ${opts['schema-file']} is not a valid Avro schema: ${e.message}`);
    }
    // Validate against the file's schema first: the library's own validation error
    // message cannot print BigInt values ("Do not know how to serialize a BigInt").
    fileType.isValid(value, {
      errorHook: (path, got, type) => {
        throw new Error(`--value-json does not match the schema at ${path.length ? path.join('.') : '<root>'}: ` +
          `expected ${JSON.stringify(type.schema ? type.schema() : type.typeName)}, got ${got === undefined ? 'nothing (missing)' : stringifyLossless(got)}`);
      },
    });
  }

  const client = makeClient(opts);
  const topic = opts.topic;
  const subject = `${topic}-value`;
  const schemaInfo = schemaInfoOf(opts, schemaObj);
  const conf = {
    ...avroOptions(opts),
    subjectNameStrategyType: STRATEGIES[opts['subject-strategy']],
  };
  let registeredId = null;
  if (opts.lookup === 'auto' || opts.lookup === 'content') {
    // The library would otherwise infer a schema from the value (see header comment).
    AvroSerializer.messageToSchema = () => JSON.parse(schemaInfo.schema);
    conf.autoRegisterSchemas = opts.lookup === 'auto';
  } else {
    registeredId = await client.register(subject, schemaInfo);
    conf.autoRegisterSchemas = false;
    if (opts.lookup === 'latest') {
      conf.useLatestVersion = true;
    } else {
      conf.useSchemaId = registeredId;
    }
  }
  const serializer = new AvroSerializer(client, SerdeType.VALUE, conf);
  const bytes = await serializer.serialize(topic, value);
  if (bytes.length < 5 || bytes[0] !== 0) {
    throw new Error(`serializer produced unexpected framing: ${bytes.toString('hex')}`);
  }
  const schemaId = bytes.readInt32BE(1);
  if (registeredId != null && registeredId !== schemaId) {
    process.stderr.write(`interop.js: warning: registered id ${registeredId} but bytes carry id ${schemaId}` +
      ' (latest version of the subject is another schema)\n');
  }
  return `{"hex":${JSON.stringify(bytes.toString('hex'))},"schemaId":${schemaId}}`;
}

async function register(opts) {
  const id = await makeClient(opts).register(opts.subject, schemaInfoOf(opts, readSchemaFile(opts)));
  return `{"id":${id}}`;
}

async function decode(opts) {
  const hex = opts.hex.trim();
  if (!/^([0-9a-fA-F]{2})+$/.test(hex)) {
    throw new Error('--hex must be a non-empty, even-length string of hex digits');
  }
  const bytes = Buffer.from(hex, 'hex');
  if (bytes.length < 5 || bytes[0] !== 0) {
    throw new Error('--hex is not in the Confluent wire format (magic byte 0x00 + 4-byte schema id + Avro body)');
  }
  const client = makeClient(opts);
  const deserializer = new AvroDeserializer(client, SerdeType.VALUE, {
    ...avroOptions(opts),
    subjectNameStrategyType: SubjectNameStrategyType.TOPIC,
  });
  const value = await deserializer.deserialize(opts.topic, bytes);
  return stringifyLossless(value);
}

function describe(err) {
  if (err instanceof RestError) {
    return `schema registry request failed: HTTP ${err.status}, error_code ${err.errorCode}: ${err.message}`;
  }
  if (err && err.isAxiosError) {
    const where = err.config ? ` (${(err.config.method || '').toUpperCase()} ${err.config.baseURL || ''}${err.config.url || ''})` : '';
    return `schema registry request failed: ${err.code || ''} ${err.message}${where}`.replace(/\s+/g, ' ');
  }
  return (err && err.message) || String(err);
}

async function main() {
  let parsed;
  try {
    parsed = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`interop.js: ${e.message}\n${USAGE}\n`);
    process.exit(2);
  }
  try {
    const line = await { encode, decode, register }[parsed.mode](parsed.opts);
    process.stdout.write(`${line}\n`, () => process.exit(0));
  } catch (e) {
    process.stderr.write(`interop.js: ${parsed.mode} failed: ${describe(e)}\n`);
    if (process.env.INTEROP_DEBUG && e && e.stack) process.stderr.write(`${e.stack}\n`);
    process.exit(e instanceof UsageError ? 2 : 1);
  }
}

if (require.main === module) {
  main();
}

module.exports = { parseJsonLossless, stringifyLossless, BIGINT_LONG };
