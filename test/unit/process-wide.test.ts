/**
 * The costly, pure artefacts — a tokenizer, a precompiled validator — are built once per process,
 * even when a fresh module registry asks (what every Jest test file is): a suite of test files each
 * calling startEmulator() pays for them once.
 */
import { processWide } from '../../src/model/process-wide';

type TokenizerModule = typeof import('../../src/tokenizer');
type RegistryModule = typeof import('../../src/validation/schema-registry');

function inFreshRegistry<T>(load: () => T): T {
  let value: T | undefined;
  jest.isolateModules(() => {
    value = load();
  });
  return value as T;
}

test('a tokenizer loaded in one module registry is the one a fresh registry gets', () => {
  const first = inFreshRegistry(() => (require('../../src/tokenizer') as TokenizerModule).tokenizerFor('o200k_base'));
  const second = inFreshRegistry(() => (require('../../src/tokenizer') as TokenizerModule).tokenizerFor('o200k_base'));
  expect(second).toBe(first);
  expect(second.count('Hello, world!')).toBe(first.count('Hello, world!'));
});

test('a precompiled validator loaded in one module registry is the one a fresh registry gets', () => {
  const load = () => (require('../../src/validation/schema-registry') as RegistryModule).SchemaRegistry.load();
  const first = inFreshRegistry(load);
  const second = inFreshRegistry(load);
  expect(first).not.toBe(second);
  expect(second.isPrecompiled('openai/create-response.json')).toBe(true);
  expect(second.validator('openai/create-response.json')).toBe(first.validator('openai/create-response.json'));
});

test('processWide makes a value once per key', () => {
  let made = 0;
  const key = 'test:made-once'; // not a key the emulator uses
  const a = processWide(key, () => ({ n: ++made }));
  const b = processWide(key, () => ({ n: ++made }));
  expect(b).toBe(a);
  expect(made).toBe(1);
});
