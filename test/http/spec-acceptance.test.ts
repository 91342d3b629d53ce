/**
 * Everything the official spec allows in a request is accepted: request bodies generated (seeded,
 * bounded) from the oracle's `CreateResponse` schema, and one generated instance of every input item
 * kind and every tool kind, each answered without a 400 (or anything else but a 200).
 *
 * Where the real API refuses something the schema alone allows, the generator is narrowed, each
 * place with the reason; nothing is narrowed for the emulator's convenience. Skipped when
 * ../shared/reference (the oracle) is absent.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import request from 'supertest';
import { createApp } from '../../src/index';
import { strictObjectSchema } from '../helpers/arbitrary-schemas';
import { describeWithOracle, hasOracle, ORACLE_PATH } from '../helpers/oracle';
import { OracleArbitraries } from '../helpers/oracle-arbitrary';
import { fitRealApiRules } from '../helpers/real-api-rules';

type Json = Record<string, unknown>;

const SEED = 20260415;
const app = createApp({ seed: 'spec-acceptance', chunkTokens: 64 });

/** Names as the API requires them (the spec's descriptions: `a-z, A-Z, 0-9, _ and -`, at most 64 characters). */
const NAME = fc.stringMatching(/^[a-zA-Z0-9_-]{1,24}$/);

const overrides = (): Record<string, fc.Arbitrary<unknown> | null> => ({
  // The API answers 404/400 for objects it does not have: these name stored state, tested elsewhere.
  'CreateResponse.previous_response_id': null,
  'CreateResponse.conversation': null,
  'CreateResponse.prompt': null,
  ItemReferenceParam: fc.constant({ type: 'message', role: 'user', content: 'an item reference would name stored state' }),
  // Tool and format names: the API's pattern (its 400 names it).
  'FunctionTool.name': NAME,
  'FunctionToolParam.name': NAME,
  'CustomToolParam.name': NAME,
  'TextResponseFormatJsonSchema.name': NAME,
  // Tool parameters and structured-output schemas must be JSON Schemas the API can compile (its
  // 400 invalid_function_parameters / invalid_json_schema); strict ones follow strict-mode rules.
  'FunctionTool.parameters': fc.oneof(strictObjectSchema, fc.constant(null)),
  'FunctionToolParam.parameters': fc.oneof(strictObjectSchema, fc.constant(null)),
  'TextResponseFormatJsonSchema.schema': strictObjectSchema,
  // A grammar must parse (the API's 400 invalid_grammar).
  CustomGrammarFormatParam: fc.constantFrom(
    { type: 'grammar', syntax: 'regex', definition: '^(yes|no)$' },
    { type: 'grammar', syntax: 'lark', definition: 'start: WORD+\nWORD: /[a-z]+/ " "' },
  ),
  // Bounds the spec states in its descriptions: 1–50 results, a 0–1 score threshold.
  'FileSearchTool.max_num_results': fc.integer({ min: 1, max: 50 }),
  'RankingOptions.score_threshold': fc.double({ min: 0, max: 1, noNaN: true }),
  // A display has at least one pixel each way.
  'ComputerUsePreviewTool.display_width': fc.integer({ min: 1, max: 4096 }),
  'ComputerUsePreviewTool.display_height': fc.integer({ min: 1, max: 4096 }),
  // `WIDTHxHEIGHT` or `auto`, as the description says.
  'ImageGenTool.size': fc.constantFrom('auto', '1024x1024', '1536x1024', '1536x864'),
  // "Currently only 'compaction' is supported."
  'ContextManagementParam.type': fc.constant('compaction'),
  // Each allowed tool is a tool reference (it has a `type`).
  'ToolChoiceAllowed.tools': fc.constant([{ type: 'function', name: 'lookup' }]),
});

let doc: Record<string, Json> | null = null;
function oracle(): OracleArbitraries {
  doc ??= JSON.parse(readFileSync(ORACLE_PATH, 'utf8')) as Record<string, Json>;
  return new OracleArbitraries(doc);
}

async function expectAccepted(body: Json): Promise<void> {
  const res = await request(app).post('/v1/responses').send(body);
  if (res.status !== 200) {
    throw new Error(`${res.status} ${JSON.stringify(res.body?.error ?? res.text).slice(0, 600)}\nfor ${JSON.stringify(body).slice(0, 3000)}`);
  }
}

describeWithOracle('requests the official spec allows are accepted', () => {
  test('the oracle offers the unions this test walks', () => {
    expect(hasOracle).toBe(true);
    expect(oracle().unionMembers('Tool').length).toBeGreaterThanOrEqual(16);
    expect(oracle().unionMembers('Item').length).toBeGreaterThanOrEqual(25);
  });

  test('CreateResponse bodies generated from the spec, sparse and with every field', async () => {
    const o = oracle();
    const bodies = fc.oneof(
      o.arbitrary('CreateResponse', { maxDepth: 3, overrides: overrides() }),
      o.arbitrary('CreateResponse', { allProperties: true, maxDepth: 2, overrides: overrides() }),
    );
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => expectAccepted(fitRealApiRules(body as Json))),
      { seed: SEED, numRuns: 120, endOnFailure: true },
    );
  });

  test('one instance of every tool kind, every field present', async () => {
    const o = oracle();
    for (const kind of o.unionMembers('Tool')) {
      const [tool] = fc.sample(o.arbitrary(kind, { allProperties: true, maxDepth: 4, overrides: overrides() }), { seed: SEED, numRuns: 1 });
      await expectAccepted(fitRealApiRules({ model: 'gpt-5.4', input: 'Hello', tools: [tool] }));
    }
  });

  test('one instance of every input item kind, every field present', async () => {
    const o = oracle();
    const kinds = [...o.unionMembers('InputItem').filter((k) => k !== 'Item'), ...o.unionMembers('Item')];
    for (const kind of kinds) {
      const [item] = fc.sample(o.arbitrary(kind, { allProperties: true, maxDepth: 4, overrides: overrides() }), { seed: SEED, numRuns: 1 });
      await expectAccepted(fitRealApiRules({ model: 'gpt-5.4', input: [{ role: 'user', content: 'Hello' }, item as Json] }));
    }
  });
});
