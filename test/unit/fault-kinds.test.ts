/**
 * Fault kinds as descriptors (src/faults/kinds/): each resolves to the action the transports
 * perform; the registry is what the parser, the error message and the README list.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performAction, type FaultAction, type FaultActionKind } from '../../src/faults/fault-action';
import { faultAction, FAULT_KINDS, isStreamFault, parseFault } from '../../src/faults/faults';
import { FAULT_KIND_DESCRIPTORS } from '../../src/faults/kinds/index';
import { streamInterruption } from '../../src/faults/stream-interruption';

test('each kind resolves to its action', () => {
  const actions = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, faultAction(parseFault(kind)).kind]));
  expect(actions).toEqual({
    rate_limit: 'error',
    insufficient_quota: 'error',
    server_error: 'error',
    overloaded: 'error',
    unauthorized: 'error',
    forbidden: 'error',
    timeout: 'hang',
    disconnect: 'drop',
    slow: 'delay',
    stream_cut: 'interrupt',
    stream_error: 'interrupt',
    stream_failed: 'interrupt',
  });
});

test('parameters reach the action: delay, interruption, error message', () => {
  expect(faultAction(parseFault('slow'))).toEqual({ kind: 'delay', ms: 2000 });
  expect(faultAction(parseFault('slow;delay=15'))).toEqual({ kind: 'delay', ms: 15 });
  expect(faultAction(parseFault('stream_error;after=7;message=boom'))).toEqual({ kind: 'interrupt', interruption: { kind: 'error', after: 7, message: 'boom' } });
  expect(streamInterruption(parseFault('stream_failed'))).toEqual({ kind: 'failed', after: 3 });
  expect(() => streamInterruption(parseFault('timeout'))).toThrow(TypeError);
  expect(isStreamFault(parseFault('stream_cut'))).toBe(true);
  expect(isStreamFault(parseFault('slow'))).toBe(false);
  const error = faultAction(parseFault('overloaded;message=busy'));
  expect(error.kind === 'error' && [error.error.status, error.error.message]).toEqual([503, 'busy']);
});

test('names are unique and are what the parser accepts, in registry order', () => {
  const names = FAULT_KIND_DESCRIPTORS.map((d) => d.name);
  expect(new Set(names).size).toBe(names.length);
  expect(FAULT_KINDS).toEqual(names);
  expect(() => parseFault('nope')).toThrow(`Supported faults are: ${names.join(', ')}`);
});

test('performAction calls the handler of the action’s kind, with the action', () => {
  const seen: FaultActionKind[] = [];
  const record = (action: FaultAction): string => (seen.push(action.kind), action.kind);
  const handlers = { error: record, hang: record, drop: record, delay: record, interrupt: record };
  for (const kind of FAULT_KINDS) expect(performAction(faultAction(parseFault(kind)), handlers)).toBe(faultAction(parseFault(kind)).kind);
  expect(new Set(seen)).toEqual(new Set(['error', 'hang', 'drop', 'delay', 'interrupt']));
});

test('the README documents every kind (its name and summary line)', () => {
  const readme = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
  for (const d of FAULT_KIND_DESCRIPTORS) expect(readme).toContain(`\`${d.name}\``);
});
