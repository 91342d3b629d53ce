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
import { describeWithOracle, hasOracle, ORACLE_PATH } from '../helpers/oracle';
import { OracleArbitraries } from '../helpers/oracle-arbitrary';
import { fitRealApiRules, realApiOverrides as overrides } from '../helpers/real-api-rules';

type Json = Record<string, unknown>;

const SEED = 20260415;
// Instant timing (background responses too): the answers are checked, not their pace.
const app = createApp({ seed: 'spec-acceptance', chunkTokens: 64, timing: 'instant', backgroundTiming: 'instant' });

let doc: Record<string, Json> | null = null;
function oracle(): OracleArbitraries {
  doc ??= JSON.parse(readFileSync(ORACLE_PATH, 'utf8')) as Record<string, Json>;
  return new OracleArbitraries(doc);
}

async function expectAccepted(body: Json, path = '/v1/responses'): Promise<void> {
  const res = await request(app).post(path).send(body);
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

  // Generous limits: these walk many generated bodies, and CI machines are loaded; nothing here waits on time.
  const LONG = 180_000;

  test('CreateResponse bodies generated from the spec, each optional field present or not', async () => {
    const bodies = oracle().arbitrary('CreateResponse', { maxDepth: 3, overrides: overrides() });
    await fc.assert(fc.asyncProperty(bodies, async (body) => expectAccepted(fitRealApiRules(body as Json))), { seed: SEED, numRuns: 50, endOnFailure: true });
  }, LONG);

  test('CreateResponse bodies generated from the spec with every field present', async () => {
    const bodies = oracle().arbitrary('CreateResponse', { allProperties: true, maxDepth: 2, overrides: overrides() });
    await fc.assert(fc.asyncProperty(bodies, async (body) => expectAccepted(fitRealApiRules(body as Json))), { seed: SEED + 1, numRuns: 30, endOnFailure: true });
  }, LONG);

  test('input_tokens and compact bodies generated from the spec', async () => {
    const stateless = { ...overrides(), 'TokenCountsBody.previous_response_id': null, 'TokenCountsBody.conversation': null, 'CompactResponseMethodPublicBody.previous_response_id': null };
    for (const [name, path] of [['TokenCountsBody', '/v1/responses/input_tokens'], ['CompactResponseMethodPublicBody', '/v1/responses/compact']] as const) {
      const bodies = oracle().arbitrary(name, { maxDepth: 3, overrides: stateless });
      await fc.assert(fc.asyncProperty(bodies, async (body) => expectAccepted(fitRealApiRules(body as Json), path)), { seed: SEED, numRuns: 25, endOnFailure: true });
    }
  }, LONG);

  test('instances of every tool kind, every field present', async () => {
    const o = oracle();
    for (const kind of o.unionMembers('Tool')) {
      for (const tool of fc.sample(o.arbitrary(kind, { allProperties: true, maxDepth: 4, overrides: overrides() }), { seed: SEED, numRuns: 4 })) {
        await expectAccepted(fitRealApiRules({ model: 'gpt-5.4', input: 'Hello', tools: [tool] }));
      }
    }
  }, LONG);

  test('instances of every input item kind, every field present', async () => {
    const o = oracle();
    const kinds = [...o.unionMembers('InputItem').filter((k) => k !== 'Item'), ...o.unionMembers('Item')];
    for (const kind of kinds) {
      for (const item of fc.sample(o.arbitrary(kind, { allProperties: true, maxDepth: 4, overrides: overrides() }), { seed: SEED, numRuns: 4 })) {
        await expectAccepted(fitRealApiRules({ model: 'gpt-5.4', input: [{ role: 'user', content: 'Hello' }, item as Json] }));
      }
    }
  }, LONG);
});
