/**
 * Loads a precompiled validator's module (dist/precompiled/*.js) with the V8 code cache the build
 * wrote beside it (`<module>.v8cache`), so a start does not parse it again.
 *
 * Why: the create-request validator is ~0.8 MB of JavaScript; `require` makes V8 pre-parse all of it
 * (~40 ms on a small VM, paid before the first request is answered), then compile the functions the
 * first validation reaches (~5 ms more). The cache holds the bytecode the build's own run of the
 * module produced (its top level and the functions a minimal request reaches), which V8 deserializes
 * instead. V8 checks a cache against its own version, its flags and the source's length and rejects
 * one that does not fit (another Node, other flags): the module is then compiled from its source as
 * `require` would — the same code either way, only slower. The build writes a module and its cache
 * together (src/validation/precompile.ts); a hand-edited module must be rebuilt (or its cache deleted).
 */
import { isAscii } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { createRequire, wrap } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

export const CODE_CACHE_SUFFIX = '.v8cache';

type ModuleFunction = (exports: unknown, require: NodeJS.Require, module: { exports: unknown }, filename: string, dirname: string) => void;

/**
 * A module's source. The build writes the validators' modules in ASCII (non-ASCII characters
 * escaped): read as Latin-1 they are the same text, V8 keeps them one byte per character, and
 * reading skips UTF-8 decoding (half the time for the 0.8 MB one). Any other file is read as UTF-8.
 */
function sourceOf(path: string): string {
  const bytes = readFileSync(path);
  return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
}

/** The module's code as `require` would wrap it, compiled with `cachedData` when given. */
function compile(path: string, cachedData?: Buffer): Script {
  return new Script(wrap(sourceOf(path)), { filename: path, cachedData });
}

/** Runs a compiled module as `require` would (its own `require`, resolving from its folder); its exports. */
function run(script: Script, path: string): unknown {
  const module = { exports: {} as unknown };
  (script.runInThisContext() as ModuleFunction)(module.exports, createRequire(path), module, path, dirname(path));
  return module.exports;
}

/** A module's exports, compiled with its code cache when there is one V8 accepts. */
export function loadCodeCachedModule(path: string): { exports: unknown; cacheUsed: boolean } {
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(path + CODE_CACHE_SUFFIX);
  } catch {
    cachedData = undefined; // no cache (a build without one): compiled from the source
  }
  const script = compile(path, cachedData);
  return { exports: run(script, path), cacheUsed: cachedData !== undefined && !script.cachedDataRejected };
}

/** Build: a module's code cache, taken after `warm` ran on its exports (so what it reached is in the cache). */
export function codeCacheOf(path: string, warm: (exports: unknown) => void): Buffer {
  const script = compile(path);
  warm(run(script, path));
  return script.createCachedData();
}
