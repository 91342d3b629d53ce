/**
 * Precompiled validators are loaded with the V8 code cache the build wrote beside them: the build's
 * cache is accepted by this Node, and a module whose cache is missing or is not V8's (another
 * Node, a damaged file) is compiled from its source — the same validator either way.
 */
import { isAscii } from 'node:buffer';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { CODE_CACHE_SUFFIX, loadCodeCachedModule } from '../../src/validation/code-cached-module';
import { PRECOMPILED_DIR } from '../../src/validation/schema-registry';
import { moduleFileName } from '../../src/validation/precompile';

const MODULE = join(PRECOMPILED_DIR, moduleFileName('openai/create-response.json'));
const GOOD = { model: 'gpt-4o', input: 'Hello!' };
const BAD = { model: 'gpt-4o', input: 42 };

const scratchDirs: string[] = [];
afterAll(() => scratchDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A folder inside the package, where the modules' own `require`s (Ajv's runtime, ajv-formats) are found. */
function scratch(): string {
  const cache = join(PRECOMPILED_DIR, '..', '..', 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, 'code-cache-'));
  scratchDirs.push(dir);
  return dir;
}

function verdicts(validate: ValidateFunction): unknown[] {
  return [GOOD, BAD].map((body) => [validate(body), (validate.errors ?? []).map((e) => [e.instancePath, e.keyword, e.schemaPath])]);
}

describe('a precompiled validator loaded with its code cache', () => {
  const built = loadCodeCachedModule(MODULE);

  test("uses the build's cache", () => {
    expect(built.cacheUsed).toBe(true);
  });

  test('without a cache, or with one V8 rejects, is compiled from its source: the same verdicts and errors', () => {
    const dir = scratch();
    const bare = join(dir, 'bare.js');
    copyFileSync(MODULE, bare);
    const damaged = join(dir, 'damaged.js');
    copyFileSync(MODULE, damaged);
    writeFileSync(damaged + CODE_CACHE_SUFFIX, Buffer.from('not a V8 code cache'));
    const expected = verdicts(built.exports as ValidateFunction);
    expect(expected[0]).toEqual([true, []]);
    expect((expected[1] as [boolean, unknown[]])[1].length).toBeGreaterThan(0);
    for (const path of [bare, damaged]) {
      const loaded = loadCodeCachedModule(path);
      expect(loaded.cacheUsed).toBe(false);
      expect(verdicts(loaded.exports as ValidateFunction)).toEqual(expected);
    }
  });

  test('the build writes the module in ASCII (read as Latin-1); a module that is not is read as UTF-8', () => {
    expect(isAscii(readFileSync(MODULE))).toBe(true);
    const other = join(scratch(), 'utf8.js');
    writeFileSync(other, 'module.exports = "Grüße, 日本語 🤖";\n');
    expect(loadCodeCachedModule(other).exports).toBe('Grüße, 日本語 🤖');
  });
});
