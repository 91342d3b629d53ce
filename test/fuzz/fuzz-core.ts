/**
 * Structure-aware fuzzing of every endpoint of every dialect: valid request bodies mutated the ways
 * clients and attackers break them (wrong types, out-of-range numbers, huge strings and arrays, deep
 * nesting, unknown item types, lone surrogates, `__proto__`/`constructor` keys, missing fields),
 * raw garbage bodies, and hostile headers. Seeded (fast-check), so a failure replays exactly.
 *
 * Invariants checked on every answer: never a 5xx, never a hang, always the dialect's error shape,
 * a `param` that names a field of the request, and no prototype pollution.
 */
import fc from 'fast-check';

type Json = Record<string, unknown>;
export type Dialect = 'openai' | 'open-responses' | 'aitronos';
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface FuzzTarget {
  name: string;
  dialect: Dialect;
  method: 'POST' | 'GET' | 'DELETE';
  /** `{conversation}`, `{item}` and `{response}` stand for a conversation, one of its items and a stored response made for the run. */
  path: string;
  /** A valid body to mutate (POST). */
  body?: Json;
}

export const TARGETS: FuzzTarget[] = [
  {
    name: 'openai create',
    dialect: 'openai',
    method: 'POST',
    path: '/v1/responses',
    body: {
      model: 'gpt-4o',
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'Weather in Paris?' }] }],
      tools: [{ type: 'function', name: 'weather', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: false }],
      temperature: 0.7,
      max_output_tokens: 200,
      metadata: { run: 'fuzz' },
      text: { format: { type: 'text' } },
    },
  },
  { name: 'openai input_tokens', dialect: 'openai', method: 'POST', path: '/v1/responses/input_tokens', body: { model: 'gpt-4o', input: 'Hello', instructions: 'Be brief.' } },
  { name: 'openai compact', dialect: 'openai', method: 'POST', path: '/v1/responses/compact', body: { model: 'gpt-4o', input: [{ role: 'user', content: 'Summarise our talk.' }] } },
  { name: 'openai conversations', dialect: 'openai', method: 'POST', path: '/v1/conversations', body: { metadata: { a: 'b' }, items: [{ type: 'message', role: 'user', content: 'hi' }] } },
  {
    name: 'open-responses create',
    dialect: 'open-responses',
    method: 'POST',
    path: '/open-responses/v1/responses',
    body: { model: 'gpt-4o', input: [{ type: 'message', role: 'user', content: 'Hello' }], tools: [{ type: 'function', name: 'lookup' }], reasoning: { effort: 'low' }, presence_penalty: 0.1 },
  },
  { name: 'open-responses compact', dialect: 'open-responses', method: 'POST', path: '/open-responses/v1/responses/compact', body: { model: 'gpt-4o', input: 'Compact me.' } },
  {
    name: 'aitronos create',
    dialect: 'aitronos',
    method: 'POST',
    path: '/v1/model/response',
    body: { model: 'gpt-4o', inputs: [{ role: 'user', content: 'Hello' }], thread: 'thread_fuzz', max_output_synapses: 100, tools: [{ type: 'function', name: 'f' }], metadata: { k: 'v' } },
  },
  { name: 'aitronos threads', dialect: 'aitronos', method: 'POST', path: '/v1/threads', body: { metadata: { team: 'qa' } } },
  { name: 'openai conversation update', dialect: 'openai', method: 'POST', path: '/v1/conversations/{conversation}', body: { metadata: { topic: 'fuzz' } } },
  {
    name: 'openai conversation items',
    dialect: 'openai',
    method: 'POST',
    path: '/v1/conversations/{conversation}/items',
    body: { items: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'More.' }] }] },
  },
  { name: 'openai cancel', dialect: 'openai', method: 'POST', path: '/v1/responses/resp_missing/cancel' },
  {
    name: 'aitronos stream',
    dialect: 'aitronos',
    method: 'POST',
    path: '/v1/model/response/stream',
    body: { model: 'gpt-4o', inputs: [{ role: 'user', content: 'Stream it' }], max_output_synapses: 50 },
  },
  { name: 'openai cancel stored', dialect: 'openai', method: 'POST', path: '/v1/responses/{response}/cancel' },
  { name: 'openai get response', dialect: 'openai', method: 'GET', path: '/v1/responses/resp_missing' },
  { name: 'openai get stored response', dialect: 'openai', method: 'GET', path: '/v1/responses/{response}' },
  { name: 'openai input items', dialect: 'openai', method: 'GET', path: '/v1/responses/resp_missing/input_items' },
  { name: 'openai stored input items', dialect: 'openai', method: 'GET', path: '/v1/responses/{response}/input_items' },
  { name: 'openai conversation', dialect: 'openai', method: 'GET', path: '/v1/conversations/{conversation}' },
  { name: 'openai conversation item list', dialect: 'openai', method: 'GET', path: '/v1/conversations/{conversation}/items' },
  { name: 'openai conversation item', dialect: 'openai', method: 'GET', path: '/v1/conversations/{conversation}/items/{item}' },
  { name: 'openai models', dialect: 'openai', method: 'GET', path: '/v1/models' },
  { name: 'openai model', dialect: 'openai', method: 'GET', path: '/v1/models/gpt-4o' },
  { name: 'openai delete response', dialect: 'openai', method: 'DELETE', path: '/v1/responses/resp_missing' },
  { name: 'openai delete item', dialect: 'openai', method: 'DELETE', path: '/v1/conversations/{conversation}/items/item_missing' },
  { name: 'openai delete conversation', dialect: 'openai', method: 'DELETE', path: '/v1/conversations/conv_missing' },
  { name: 'aitronos thread', dialect: 'aitronos', method: 'GET', path: '/v1/threads/thread_missing' },
  { name: 'aitronos thread list', dialect: 'aitronos', method: 'GET', path: '/v1/threads' },
  { name: 'admin journal', dialect: 'openai', method: 'GET', path: '/__emulator/requests' },
  { name: 'admin health', dialect: 'openai', method: 'GET', path: '/__emulator/health' },
  { name: 'admin journal delete', dialect: 'openai', method: 'DELETE', path: '/__emulator/requests' },
];

/** One fuzz case: what is sent, and (for body mutations) the path of the field that was broken. */
export interface FuzzCase {
  target: FuzzTarget;
  kind: string;
  body: string | null;
  headers: Record<string, string>;
  query: string;
  /** The mutated field (`input[0].content`), when one field was broken. */
  mutatedPath: (string | number)[] | null;
}

const BIG = 1_000_000;

/** Values that break a field: each a different way, some huge. */
export const hostileValue: fc.Arbitrary<[string, unknown]> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }).map((v) => ['random value', v] as [string, unknown]),
  fc.constantFrom<[string, unknown]>(
    ['huge string', 'x'.repeat(BIG)],
    ['huge array', Array.from({ length: 20_000 }, (_, i) => i)],
    ['huge number', 1e308],
    ['negative number', -1e308],
    ['tiny fraction', 5e-324],
    ['empty string', ''],
    ['empty object', {}],
    ['empty array', []],
    ['null', null],
    ['boolean', true],
    ['unknown type', { type: 'zzz_unknown', text: 'x' }],
    ['lone surrogate', '\ud800 broken \udfff'],
    ['control characters', '\u0000\u0001\u001f\u007f'],
    ['proto key', JSON.parse('{"__proto__": {"polluted": "yes"}, "x": 1}')],
    ['constructor key', { constructor: { prototype: { polluted: 'yes' } } }],
  ),
  fc.integer({ min: 50, max: 400 }).map((depth) => {
    let v: unknown = 'bottom';
    for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
    return ['deep nesting', v] as [string, unknown];
  }),
);

/** Every path in a JSON value (objects' keys and arrays' indexes), the root excluded. */
export function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [];
  const out: (string | number)[][] = [];
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  for (const [k, v] of entries) {
    out.push([...prefix, k]);
    out.push(...paths(v, [...prefix, k]));
  }
  return out;
}

export function setAt(root: Json, path: (string | number)[], value: unknown, remove: boolean): void {
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (remove) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else {
    Object.defineProperty(node, last, { value, enumerable: true, writable: true, configurable: true });
  }
}

/** A valid body with one field broken (replaced, removed) or one hostile key added. */
function mutatedBody(target: FuzzTarget): fc.Arbitrary<FuzzCase> {
  const base = target.body ?? {};
  const all = paths(base);
  return fc.tuple(fc.nat(Math.max(all.length - 1, 0)), hostileValue, fc.constantFrom('replace', 'remove', 'add')).map(([i, [label, value], how]) => {
    const body = structuredClone(base);
    let path = all[i] ?? ['extra'];
    if (how === 'add') {
      const parent = path.slice(0, -1);
      path = [...parent, `unknown_${label.replace(/\W/g, '_')}`];
    }
    setAt(body, path, value, how === 'remove');
    return { target, kind: `${how} ${label}`, body: JSON.stringify(body), headers: { 'content-type': 'application/json' }, query: '', mutatedPath: path };
  });
}

/** Bodies that are not what the endpoint takes at all. */
function garbageBody(target: FuzzTarget): fc.Arbitrary<FuzzCase> {
  const raw = fc.oneof(
    fc.string({ maxLength: 200 }).map((s) => ['random text', s] as const),
    fc.uint8Array({ maxLength: 200 }).map((b) => ['random bytes', Buffer.from(b).toString('latin1')] as const),
    fc.constantFrom(
      ['truncated JSON', '{"model": "gpt-4o", "input": [{"role": "user", "content": "hi'] as const,
      ['a JSON array', '[1, 2, 3]'] as const,
      ['a JSON number', '42'] as const,
      ['JSON null', 'null'] as const,
      ['a JSON string', '"hello"'] as const,
      ['a byte-order mark', '\ufeff{"model": "gpt-4o"}'] as const,
      ['duplicate keys', '{"model": "a", "model": 5}'] as const,
      ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]).toString('latin1')] as const,
      ['empty', ''] as const,
    ),
  );
  return raw.map(([label, text]) => ({ target, kind: `garbage: ${label}`, body: text, headers: { 'content-type': 'application/json' }, query: '', mutatedPath: null }));
}

/** Hostile headers on a valid request: wrong content types, junk credentials, broken control headers. */
function hostileHeaders(target: FuzzTarget): fc.Arbitrary<FuzzCase> {
  const header = fc.oneof(
    fc.constantFrom<Record<string, string>>(
      { 'content-type': 'text/plain' },
      { 'content-type': 'multipart/form-data; boundary=zzz' },
      { 'content-type': 'application/json; charset=utf-16' },
      { 'content-type': 'application/x-www-form-urlencoded' },
      { authorization: 'Bearer' },
      { authorization: 'Basic !!!notbase64' },
      { authorization: `Bearer ${'k'.repeat(8000)}` },
      { 'x-emulator-seed': 's'.repeat(300) },
      { 'x-emulator-timing': 'ttft=-5,tps=abc' },
      { 'x-emulator-timing': 'warp=9' },
      { 'x-emulator-fault': 'meteor_strike' },
      { 'x-emulator-fault': 'rate_limit;retry_after=-1' },
      { 'x-emulator-fault': 'server_error;count=0' },
      { 'x-test-id': '../../../etc/passwd' },
    ),
    fc.string({ minLength: 1, maxLength: 40 }).map((s) => ({ 'x-emulator-timing': `!${s}` })),
    fc.string({ minLength: 1, maxLength: 40 }).map((s) => ({ 'x-emulator-fault': `!${s}` })),
  );
  return header.map((headers) => ({
    target,
    kind: `headers: ${Object.keys(headers).join(',')}`,
    body: target.method === 'POST' ? JSON.stringify(target.body) : null,
    headers: { 'content-type': 'application/json', ...headers },
    query: '',
    mutatedPath: null,
  }));
}

/** Query strings on the GET routes. */
function hostileQuery(target: FuzzTarget): fc.Arbitrary<FuzzCase> {
  const query = fc.oneof(
    fc.constantFrom('?limit=-1', '?limit=1e9', '?limit=abc', '?order=sideways', '?after=' + 'a'.repeat(5000), '?include[]=nope', '?stream=maybe', '?starting_after=-5', '?include[__proto__]=x', '?%E0%A4%A=bad'),
    fc.string({ maxLength: 60 }).map((s) => `?${encodeURIComponent(s)}=${encodeURIComponent(s)}`),
  );
  return query.map((q) => ({ target, kind: `query ${q.slice(0, 30)}`, body: null, headers: {}, query: q, mutatedPath: null }));
}

export function fuzzCases(): fc.Arbitrary<FuzzCase> {
  return fc.constantFrom(...TARGETS).chain((target) =>
    target.method !== 'POST'
      ? fc.oneof(hostileQuery(target), hostileHeaders(target))
      : target.body === undefined // a POST that takes no body (cancel): what can be sent is garbage
        ? fc.oneof(hostileQuery(target), hostileHeaders(target), garbageBody(target))
        : target.name === 'openai create'
          ? fc.oneof({ weight: 5, arbitrary: mutatedBody(target) }, garbageBody(target), hostileHeaders(target), { weight: 3, arbitrary: hostileSynthesis(target) })
          : fc.oneof({ weight: 5, arbitrary: mutatedBody(target) }, garbageBody(target), hostileHeaders(target)),
  );
}

/** Bodies whose schema, grammar or pattern attacks value synthesis (./hostile-synthesis has the fixed ones). */
function hostileSynthesis(target: FuzzTarget): fc.Arbitrary<FuzzCase> {
  const asCase = (kind: string, body: Json, mutatedPath: (string | number)[]): FuzzCase => ({ target, kind, body: JSON.stringify(body), headers: { 'content-type': 'application/json' }, query: '', mutatedPath });
  const input = fc.oneof(fc.constant('Answer in JSON.'), hostilePattern.map((p) => `Use "${p}" and "${'a'.repeat(40)}!" in JSON.`));
  return fc.oneof(
    fc.tuple(hostileSchema, input).map(([schema, text]) => asCase('synthesis: json_schema', { model: 'gpt-4o', input: text, text: { format: { type: 'json_schema', name: 'out', schema } } }, ['text', 'format', 'schema'])),
    fc.tuple(hostileSchema, input).map(([schema, text]) =>
      asCase('synthesis: function parameters', { model: 'gpt-4o', input: text, tool_choice: 'required', tools: [{ type: 'function', name: 'f', parameters: { type: 'object', properties: { x: schema }, required: ['x'] } }] }, ['tools', 0, 'parameters']),
    ),
    fc.tuple(hostileLark, input).map(([definition, text]) =>
      asCase('synthesis: lark grammar', { model: 'gpt-4o', input: text, tool_choice: 'required', tools: [{ type: 'custom', name: 'g', format: { type: 'grammar', syntax: 'lark', definition } }] }, ['tools', 0, 'format', 'definition']),
    ),
    fc.tuple(hostilePattern, input).map(([definition, text]) =>
      asCase('synthesis: regex grammar', { model: 'gpt-4o', input: text, tool_choice: 'required', tools: [{ type: 'custom', name: 'g', format: { type: 'grammar', syntax: 'regex', definition } }] }, ['tools', 0, 'format', 'definition']),
    ),
  );
}

/** Patterns that backtrack catastrophically, repeat enormously, or use what RE2 lacks; and random ones. */
export const hostilePattern: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('^(a+)+$', '(a|a)*b', '(a*)*b', '^(\\w+\\s?)*$', 'a{100000000}', '(a{1000}){1000}', '(?=a)a', '(a)\\1', '[a-z]{0,1000}[0-9]{0,1000}', '\\u00e9+', '[^]*', '(', 'a{2,1}', '.*.*.*.*=.*'),
  fc.integer({ min: 1, max: 1e12 }).map((n) => `a{${n}}`),
  fc.string({ maxLength: 30 }),
);

const bigCount = fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constantFrom(1000, 10_000, 1e7, 1e8, 2e8, 1e12, -1, 0.5));

/** JSON Schemas with hostile sizes, unsatisfiable parts, self-references and patterns. */
export const hostileSchema: fc.Arbitrary<unknown> = fc.letrec<{ schema: unknown }>((tie) => ({
  schema: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ type: fc.constant('string'), minLength: bigCount, maxLength: bigCount, pattern: hostilePattern }, { requiredKeys: ['type'] }),
    fc.record({ type: fc.constant('array'), minItems: bigCount, maxItems: bigCount, items: tie('schema') }, { requiredKeys: ['type'] }),
    fc.record({ type: fc.constant('object'), minProperties: bigCount, properties: fc.dictionary(fc.constantFrom('a', 'b', 'c'), tie('schema'), { maxKeys: 3 }), required: fc.constantFrom(['a'], ['a', 'b'], []) }, { requiredKeys: ['type'] }),
    fc.record({ type: fc.constantFrom('number', 'integer'), minimum: bigCount, maximum: bigCount }, { requiredKeys: ['type'] }),
    fc.constantFrom<unknown>({ not: {} }, false, { $ref: '#' }, { type: 'object', properties: { self: { $ref: '#' } }, required: ['self'] }, { anyOf: [{ not: {} }, false] }, { enum: [] }, { const: 'x', type: 'integer' }),
    fc.array(tie('schema'), { minLength: 1, maxLength: 3 }).map((anyOf) => ({ anyOf })),
    fc.array(tie('schema'), { minLength: 1, maxLength: 3 }).map((allOf) => ({ allOf })),
  ),
})).schema;

/** Lark grammars that repeat enormously, never end, nest deeply or use broken escapes. */
export const hostileLark: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('start: "\\q"', 'start: start "a"', 'start: a\na: b\nb: a', 'start: "".."z"', 'start: "z".."a"', 'start: /(a+)+$/', 'start: "a"*\n%ignore /(?=x)/', 'start: x{start}\nx{a}: a a'),
  bigCount.map((n) => `start: "a" ~ ${n}`),
  fc.tuple(bigCount, bigCount).map(([a, b]) => `start: ("ab" ~ ${a}) ~ ${b}`),
  fc.integer({ min: 1, max: 20_000 }).map((n) => `start: ${'('.repeat(n)}"a"${')'.repeat(n)}`),
  hostilePattern.map((p) => `start: /${p.replace(/\//g, '\\/')}/`),
  fc.string({ maxLength: 60 }).map((s) => `start: ${s}`),
);

const OPENAI_ERROR_KEYS = ['message', 'type', 'param', 'code'];
const OPEN_RESPONSES_TYPES = new Set(['invalid_request', 'not_found', 'too_many_requests', 'server_error', 'model_error']);
const AITRONOS_ERROR_KEYS = ['code', 'message', 'system_message', 'type', 'status', 'details', 'trace_id', 'timestamp'];

export interface Outcome {
  status: number;
  body: string;
  ms: number;
}

/** What is wrong with an answer (empty: nothing). */
export function violations(c: FuzzCase, outcome: Outcome, hangMs: number): string[] {
  const out: string[] = [];
  if (outcome.ms > hangMs) out.push(`took ${Math.round(outcome.ms)} ms`);
  if (outcome.status >= 500) out.push(`status ${outcome.status}`);
  if (outcome.status < 400) return out;
  let body: Json;
  try {
    body = JSON.parse(outcome.body) as Json;
  } catch {
    return [...out, `error body is not JSON: ${outcome.body.slice(0, 80)}`];
  }
  const error = body.error as Json | undefined;
  let param: unknown = undefined;
  if (c.target.dialect === 'aitronos') {
    if (body.success !== false || !error || Object.keys(error).join() !== AITRONOS_ERROR_KEYS.join()) out.push(`not the Aitronos error shape: ${outcome.body.slice(0, 120)}`);
    else if (error.status !== outcome.status) out.push('error.status differs from the HTTP status');
    param = (error?.details as Json | undefined)?.field ?? null;
  } else {
    if (!error || Object.keys(body).length !== 1 || Object.keys(error).join() !== OPENAI_ERROR_KEYS.join()) out.push(`not the error shape: ${outcome.body.slice(0, 120)}`);
    else if (typeof error.message !== 'string' || error.message === '') out.push('empty error message');
    if (c.target.dialect === 'open-responses' && error && !OPEN_RESPONSES_TYPES.has(String(error.type))) out.push(`not an Open Responses error type: ${String(error.type)}`);
    param = error?.param;
  }
  // A broken field is named: the error's param is a field of the request (its first segment).
  if (c.mutatedPath && (outcome.status === 400 || outcome.status === 422) && !c.kind.includes('deep nesting') && !c.kind.includes('huge')) {
    if (typeof param !== 'string' || param === '') out.push(`no param for a broken field (${c.mutatedPath.join('.')})`);
    else {
      const first = param.split(/[.[]/)[0];
      const bodyKeys = Object.keys(JSON.parse(c.body ?? '{}') as Json);
      if (!bodyKeys.includes(first) && first !== String(c.mutatedPath[0])) out.push(`param '${param}' names no field of the request`);
    }
  }
  return out;
}

/** Does the path the error names point at (or into, or around) the broken field? For the precision figure. */
export function paramMatchesMutation(c: FuzzCase, body: string): boolean {
  if (!c.mutatedPath) return false;
  let param: string | null | undefined;
  try {
    const parsed = JSON.parse(body) as Json;
    const error = parsed.error as Json;
    param = c.target.dialect === 'aitronos' ? ((error.details as Json).field as string) : (error.param as string | null);
  } catch {
    return false;
  }
  if (typeof param !== 'string') return false;
  const mutated = c.mutatedPath.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '');
  return param.startsWith(mutated) || mutated.startsWith(param);
}

/** What the `{conversation}` and `{item}` placeholders stand for. */
export interface FuzzIds {
  conversation: string;
  item: string;
  response: string;
}

const MISSING_IDS: FuzzIds = { conversation: 'conv_missing', item: 'item_missing', response: 'resp_missing' };

function fillPath(path: string, ids: FuzzIds): string {
  return path
    .replace('{conversation}', encodeURIComponent(ids.conversation))
    .replace('{item}', encodeURIComponent(ids.item))
    .replace('{response}', encodeURIComponent(ids.response));
}

/** A conversation with one item and a stored response, so their routes are fuzzed past the 404. */
export async function makeObjects(fetchFn: FetchLike, base: string): Promise<FuzzIds> {
  const json = { 'content-type': 'application/json' };
  const response = await fetchFn(`${base}/v1/responses`, { method: 'POST', headers: json, body: JSON.stringify({ model: 'gpt-4o', input: 'A response to look at.' }) });
  const created = await fetchFn(`${base}/v1/conversations`, { method: 'POST', headers: json, body: JSON.stringify({ items: [{ type: 'message', role: 'user', content: 'The first item.' }] }) });
  const conversation = ((await created.json()) as { id: string }).id;
  const items = (await (await fetchFn(`${base}/v1/conversations/${conversation}/items`, { method: 'GET' })).json()) as { data: { id: string }[] };
  return { conversation, item: items.data[0].id, response: ((await response.json()) as { id: string }).id };
}

export async function send(fetchFn: FetchLike, base: string, c: FuzzCase, timeoutMs: number, ids: FuzzIds = MISSING_IDS): Promise<Outcome> {
  const started = performance.now();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    // Byte-level garbage goes out as those bytes; everything else as UTF-8 text.
    const raw = c.kind.includes('bytes') || c.kind.includes('UTF-8');
    const body = c.body === null || c.target.method !== 'POST' ? undefined : raw ? Buffer.from(c.body, 'latin1') : c.body;
    const res = await fetchFn(`${base}${fillPath(c.target.path, ids)}${c.query}`, { method: c.target.method, headers: c.headers, body, signal: controller.signal });
    const text = await res.text();
    return { status: res.status, body: text, ms: performance.now() - started };
  } catch (err) {
    return { status: 599, body: `transport error: ${(err as Error).message}`, ms: performance.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

export interface FuzzReport {
  cases: number;
  byStatus: Record<number, number>;
  violations: { kind: string; target: string; problems: string[]; body: string }[];
  /** Share of rejected broken-field cases whose param points at the broken field itself. */
  paramPrecision: number;
  polluted: boolean;
}

/** Runs `runs` seeded cases one after another against `base` through `fetchFn`. */
export async function runFuzz(fetchFn: FetchLike, base: string, options: { seed: number; runs: number; hangMs?: number }): Promise<FuzzReport> {
  const hangMs = options.hangMs ?? 5000;
  const cases = fc.sample(fuzzCases(), { seed: options.seed, numRuns: options.runs });
  const report: FuzzReport = { cases: 0, byStatus: {}, violations: [], paramPrecision: 0, polluted: false };
  const ids = await makeObjects(fetchFn, base);
  let rejectedMutations = 0;
  let precise = 0;
  for (const c of cases) {
    const outcome = await send(fetchFn, base, c, hangMs * 2, ids);
    report.cases++;
    report.byStatus[outcome.status] = (report.byStatus[outcome.status] ?? 0) + 1;
    const problems = violations(c, outcome, hangMs);
    if (problems.length > 0) report.violations.push({ kind: c.kind, target: c.target.name, problems, body: (c.body ?? c.query).slice(0, 300) });
    if (c.mutatedPath && (outcome.status === 400 || outcome.status === 422)) {
      rejectedMutations++;
      if (paramMatchesMutation(c, outcome.body)) precise++;
    }
  }
  report.paramPrecision = rejectedMutations === 0 ? 1 : precise / rejectedMutations;
  report.polluted = ({} as Json).polluted !== undefined || Object.keys(Object.prototype).length > 0;
  return report;
}
