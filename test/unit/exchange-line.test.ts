/**
 * The exchange's log line is written by hand (src/log.ts `exchangeLine`), not by pino: it must be the
 * very line pino writes for the same fields, with the same settings, byte for byte — escaping,
 * key order, fields left out, numbers — including for values no request normally carries.
 */
import pino from 'pino';
import { exchangeLine, type ExchangeLine } from '../../src/log';

const TIME = 1796282502920;

/** What pino writes for the line the exchange log wrote with it before (its call, as it was). */
function pinoLine(e: ExchangeLine): string {
  const lines: string[] = [];
  const logger = pino({ name: 'responses-emulator', level: 'info', base: undefined }, { write: (line: string) => void lines.push(line) });
  const now = jest.spyOn(Date, 'now').mockReturnValue(TIME);
  try {
    logger.info(
      { request_id: e.id, method: e.method, path: e.path, status: e.status, ms: e.durationMs, answered_by: e.answeredBy, fixture: e.fixture?.name, fault: e.fault?.spec, test_id: e.testId ?? undefined },
      `${e.method} ${e.path} ${e.status ?? 'no reply'}`,
    );
  } finally {
    now.mockRestore();
  }
  expect(lines).toHaveLength(1);
  return lines[0];
}

const plain: ExchangeLine = {
  id: 'req_4e3a790b22745edf3c61e6df1b75f697',
  method: 'POST',
  path: '/v1/responses',
  status: 200,
  durationMs: 32.5,
  answeredBy: 'synthesis',
  fixture: null,
  fault: null,
  testId: null,
};

const cases: [string, Partial<ExchangeLine>][] = [
  ['an ordinary exchange', {}],
  ['no reply (null status), no fixture, fault nor test id', { status: null }],
  ['a fixture, a fault and a test id', { answeredBy: 'fault', status: 429, fixture: { name: 'greeting' }, fault: { spec: 'rate_limit;retry_after=0' }, testId: 'suite > test 1' }],
  ['an empty test id (kept: only null is left out)', { testId: '' }],
  ['quotes and backslashes', { path: '/v1/responses?q="a\\b"', fixture: { name: 'say "hi" \\o/' }, testId: '"quoted"' }],
  ['control characters in the path', { path: '/v1/x\u0001y\tz\nw\u001f' }],
  ['unicode: accents, emoji, U+2028', { path: '/v1/caf\u00e9/\u{1F600}/\u2028', testId: '\u00fcber \u00e9t\u00e9' }],
  ['a lone surrogate in a short string', { path: '/v1/\ud800x', fixture: { name: 'half \udc00 "pair" \\' } }],
  ['a lone surrogate in a long string (over 100 characters)', { path: `/v1/${'a'.repeat(120)}\ud800` }],
  ['a lone surrogate and a control character', { testId: '\ud800\u0002' }],
  ['a literal backslash-u sequence', { path: '/v1/\\ud800\\u0001' }],
  ['a long path with quotes', { path: `/v1/${'"x\\'.repeat(60)}` }],
  ['durations: whole, tiny, zero, not finite', { durationMs: 0 }],
  ['a whole duration', { durationMs: 1500 }],
  ['a tiny duration', { durationMs: 1e-7 }],
  ['a duration not finite (pino writes null)', { durationMs: Number.NaN }],
  ['a null duration', { durationMs: null }],
  ['another method, status 0', { method: 'DELETE', status: 0 }],
];

describe('exchange log line', () => {
  test.each(cases)('is what pino writes: %s', (_name, fields) => {
    const e = { ...plain, ...fields };
    expect(exchangeLine(e, TIME)).toBe(pinoLine(e));
  });

  test('is one JSON line with the fields the exchange had', () => {
    const line = exchangeLine({ ...plain, status: null, testId: 't1' }, TIME);
    expect(line.endsWith('\n')).toBe(true);
    expect(JSON.parse(line)).toEqual({
      level: 30,
      time: TIME,
      name: 'responses-emulator',
      request_id: plain.id,
      method: 'POST',
      path: '/v1/responses',
      status: null,
      ms: 32.5,
      answered_by: 'synthesis',
      test_id: 't1',
      msg: 'POST /v1/responses no reply',
    });
  });
});
