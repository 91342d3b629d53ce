/**
 * The configuration the README's "Works with" section gives, read from the README itself, so the
 * client tests can check they use exactly that (and use its environment variables as written).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

function section(): string {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Works with\n');
  const end = readme.indexOf('\n### Codex CLI\n', start);
  if (start < 0 || end < 0) throw new Error('README: no "## Works with" section ending at "### Codex CLI"');
  return readme.slice(start, end);
}

/**
 * The configuring statements of the section's TypeScript blocks, without comments, `const x =` or a final `;`
 * (imports and example calls are not configuration).
 */
export function worksWithStatements(): string[] {
  return [...section().matchAll(/```ts\n([\s\S]*?)```/g)]
    .flatMap((m) => m[1].split('\n'))
    .map((line) => line.replace(/\/\/.*$/, '').trim().replace(/^const \w+ = /, '').replace(/;$/, ''))
    .filter((line) => line !== '' && !line.startsWith('import ') && !line.startsWith('await '));
}

/** The variables of the section's shell line (`NAME=value … command`). */
export function worksWithEnv(): Record<string, string> {
  const line = [...section().matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1].trim())[0];
  return Object.fromEntries([...line.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1], m[2]]));
}
