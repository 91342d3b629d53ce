/**
 * The gate every transport calls (src/core/gate/gate.ts): its verdicts, checked without any
 * transport — site checks, the caller's key, the rate-limit count, the choice of fault (header,
 * queued, chaos) and how a served fault is noted in the journal.
 */
import { resolveConfig, type EmulatorOptions } from '../../src/config';
import { ANONYMOUS, CREDENTIAL_HEADERS, hasCredentialHeader } from '../../src/core/gate/api-keys';
import { FAULT_HEADER, Gate, serveFault } from '../../src/core/gate/gate';
import { Emulator } from '../../src/emulator';
import { ApiError } from '../../src/errors';
import { parseFault } from '../../src/faults/faults';

function gateWith(options: EmulatorOptions = {}): { gate: Gate; emulator: Emulator } {
  const emulator = new Emulator(resolveConfig(options));
  return { gate: new Gate(emulator), emulator };
}

describe('site', () => {
  const { gate } = gateWith({ corsOrigins: 'https://app.example' } as EmulatorOptions);

  test('a foreign host is refused unless the transport is in-process', () => {
    expect(gate.site({ host: 'evil.example' }, 'api', true)).toMatchObject({ status: 403, code: 'host_not_allowed' });
    expect(gate.site({ host: 'evil.example' }, 'api', false)).toBe('none');
    expect(gate.site({ host: 'localhost:4010' }, 'api', true)).toBe('none');
  });

  test('origins: foreign refused; listed passes on the API and is refused by the admin pages; own passes both', () => {
    expect(gate.site({ host: 'localhost', origin: 'https://evil.example' }, 'api', true)).toMatchObject({ status: 403, code: 'origin_not_allowed' });
    expect(gate.site({ host: 'localhost', origin: 'https://app.example' }, 'api', true)).toBe('listed');
    const admin = gate.site({ host: 'localhost', origin: 'https://app.example' }, 'admin', true);
    expect(admin).toBeInstanceOf(ApiError);
    expect((admin as ApiError).message).toContain('admin endpoints');
    expect(gate.site({ host: 'localhost:4010', origin: 'http://localhost:4010' }, 'admin', true)).toBe('same');
  });
});

describe('caller', () => {
  test('without --api-key any caller passes; the key (or ANONYMOUS) names its budget', () => {
    const { gate } = gateWith();
    expect(gate.caller({})).toBe(ANONYMOUS);
    expect(gate.caller({ authorization: 'Bearer sk-x' })).toBe('sk-x');
  });

  test('with --api-key, a missing or wrong key is the 401', () => {
    const { gate } = gateWith({ apiKey: 'sk-right' } as EmulatorOptions);
    expect(gate.caller({ 'x-api-key': 'sk-right' })).toBe('sk-right');
    expect(gate.caller({})).toMatchObject({ status: 401, code: null });
    expect(gate.caller({ authorization: 'Bearer sk-wrong-123456' })).toMatchObject({ status: 401, code: 'invalid_api_key' });
  });

  test('every header apiKeyOf reads counts as a credential header for copy-as-curl', () => {
    const { gate } = gateWith({ apiKey: 'sk-right' } as EmulatorOptions);
    for (const name of CREDENTIAL_HEADERS) {
      expect(hasCredentialHeader({ [name]: 'x' })).toBe(true);
      // A key in that header is read (Authorization as a bearer token).
      expect(gate.caller({ [name]: name === 'authorization' ? 'Bearer sk-right' : 'sk-right' })).toBe('sk-right');
    }
    expect(hasCredentialHeader({ 'x-emulator-fault': 'timeout' })).toBe(false);
  });
});

test('count: past the key’s requests per minute, the API’s 429', () => {
  const { gate } = gateWith({ rpm: 1 } as EmulatorOptions);
  gate.count('k', 'gpt-4o');
  expect(() => gate.count('k', 'gpt-4o')).toThrow(expect.objectContaining({ status: 429 }) as Error);
  expect(() => gate.count('other', 'gpt-4o')).not.toThrow();
});

describe('chooseFault', () => {
  test('the request’s own header first; a queued fault, then chaos, only without one', () => {
    const { gate, emulator } = gateWith({ chaos: 'overloaded=1' } as EmulatorOptions);
    emulator.failNextRequests(parseFault('server_error'), 1);
    expect(gate.chooseFault('timeout', null)).toMatchObject({ fault: { kind: 'timeout' }, source: 'header' });
    expect(gate.chooseFault(undefined, null)).toMatchObject({ fault: { kind: 'server_error' }, source: 'queued' });
    expect(gate.chooseFault(undefined, null)).toMatchObject({ fault: { kind: 'overloaded' }, source: 'chaos' });
  });

  test('a header fault past its count lets the request through without taking a queued one', () => {
    const { gate, emulator } = gateWith();
    emulator.failNextRequests(parseFault('server_error'), 1);
    expect(gate.chooseFault('rate_limit;count=1', 't1')).not.toBeNull();
    expect(gate.chooseFault('rate_limit;count=1', 't1')).toBeNull();
    expect(gate.chooseFault(undefined, 't1')).toMatchObject({ source: 'queued' });
  });

  test('headerFault reads only the header (a WebSocket upgrade leaves queued faults to its frames); a bad one is the 400', () => {
    const { gate, emulator } = gateWith();
    emulator.failNextRequests(parseFault('server_error'), 1);
    expect(gate.headerFault(undefined, null)).toBeNull();
    expect(emulator.queuedFaults.size).toBe(1);
    expect(() => gate.headerFault('nope', null)).toThrow(expect.objectContaining({ status: 400, param: FAULT_HEADER }) as Error);
  });
});

describe('serveFault', () => {
  test('notes the fault in the journal entry: answered by the fault, unless it only delays or cuts the answer', () => {
    const { gate, emulator } = gateWith();
    const entry = (spec: string) => {
      const exchange = gate.open('req_1', 'POST', '/v1/responses', {}, 'openai');
      const action = serveFault(parseFault(spec), 'header', 'gpt-5', exchange);
      return { action: action.kind, answeredBy: exchange.entry.answeredBy, fault: exchange.entry.fault };
    };
    expect(entry('server_error')).toEqual({ action: 'error', answeredBy: 'fault', fault: { spec: 'server_error', source: 'header' } });
    expect(entry('timeout')).toMatchObject({ action: 'hang', answeredBy: 'fault' });
    expect(entry('disconnect')).toMatchObject({ action: 'drop', answeredBy: 'fault' });
    expect(entry('slow;delay=5')).toMatchObject({ action: 'delay', answeredBy: 'emulator' });
    expect(entry('stream_cut;after=2')).toMatchObject({ action: 'interrupt', answeredBy: 'emulator', fault: { spec: 'stream_cut;after=2', source: 'header' } });
    expect(emulator.journal.size).toBe(5);
  });

  test('the error names the request’s model', () => {
    const action = serveFault(parseFault('rate_limit'), 'chaos', 'gpt-5', undefined);
    expect(action.kind === 'error' && action.error.message).toContain('gpt-5');
  });
});
