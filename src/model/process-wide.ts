/**
 * A cache one per process, whichever module registry asks: for artefacts that are costly to build
 * and pure (a compiled validator, a tokenizer), so building them once per process is enough.
 *
 * Why not a module-level Map: under Jest every test file gets a fresh module registry and a fresh
 * global object, so a module-level cache is rebuilt in each file — and the tokenizer's rank table
 * and the create-request validator cost tens of milliseconds each to build (20 test files calling
 * startEmulator() paid them 20 times). `vm.runInThisContext` evaluates in Node's main context, whose
 * global object is the process's own, shared by every Jest test file (in plain Node it is simply
 * `globalThis`). What is kept must not depend on the registry that built it: only values whose
 * behaviour is a pure function of their input (their answers are the same whoever calls).
 */
import { runInThisContext } from 'node:vm';

const STORE = Symbol.for('responses-emulator.process-wide');

/** This module instance's handle on the store (reaching the main context costs microseconds: once per registry). */
let cached: Map<string, unknown> | undefined;

function store(): Map<string, unknown> {
  if (cached) return cached;
  const processGlobal = runInThisContext('globalThis') as Record<symbol, Map<string, unknown> | undefined>;
  return (cached = processGlobal[STORE] ??= new Map());
}

/** The value kept under `key` in this process, made by `make` the first time. */
export function processWide<T>(key: string, make: () => T): T {
  const cache = store();
  if (cache.has(key)) return cache.get(key) as T;
  const value = make();
  cache.set(key, value);
  return value;
}
