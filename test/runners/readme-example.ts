/** The README's first test example (the first TypeScript block of "## Use it from a test"), as written. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function readmeFirstTestExample(): string {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Use it from a test\n');
  const block = start < 0 ? null : /```ts\n([\s\S]*?)```/.exec(readme.slice(start));
  if (!block) throw new Error('README: no TypeScript block under "## Use it from a test"');
  return block[1];
}
