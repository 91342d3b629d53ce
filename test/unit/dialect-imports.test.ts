/**
 * Dialects sit below the transports: they parse and render, and import nothing from `http/`, `ws/`,
 * `transport/` or Express (routes and socket wiring live with their transport). A narrow guard for
 * that one direction; the general layer map is checked elsewhere.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const SRC = join(__dirname, '../../src');
const DIALECTS = join(SRC, 'dialects');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every module specifier a file imports or re-exports (static `from '…'` and `import '…'`). */
function specifiers(text: string): string[] {
  return [...text.matchAll(/(?:\bfrom\s+|\bimport\s+)['"]([^'"]+)['"]/g)].map((m) => m[1]);
}

function isTransport(file: string, specifier: string): boolean {
  if (specifier === 'express' || specifier.startsWith('express/') || specifier === 'ws') return true;
  if (!specifier.startsWith('.')) return false;
  const target = relative(SRC, join(file, '..', specifier)).split(/[\\/]/)[0];
  return ['http', 'ws', 'transport'].includes(target);
}

test('no dialect module imports a transport', () => {
  const files = sourceFiles(DIALECTS);
  expect(files.length).toBeGreaterThan(5);
  const offending = files.flatMap((file) =>
    specifiers(readFileSync(file, 'utf8'))
      .filter((s) => isTransport(file, s))
      .map((s) => `${relative(SRC, file)} → ${s}`),
  );
  expect(offending).toEqual([]);
});

test('the guard sees a transport import when there is one', () => {
  const file = join(DIALECTS, 'openai', 'example.ts');
  expect(specifiers("import { sendJson } from '../../http/send';\nimport type { Router } from 'express';").filter((s) => isTransport(file, s))).toEqual([
    '../../http/send',
    'express',
  ]);
  expect(isTransport(file, '../dialect')).toBe(false);
  expect(isTransport(file, '../../errors')).toBe(false);
});
