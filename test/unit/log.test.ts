/**
 * The logger's stderr batching (src/log.ts): lines gathered in memory reach stderr whole, in order,
 * however the process ends — a natural exit, process.exit(), an uncaught exception — and from
 * several loggers of one process without interleaving. Run in child processes (tsx loads the source).
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

const LOG_MODULE = join(__dirname, '../../src/log.ts');
const NODE_ARGS = ['--import', 'tsx'];
const prelude = `const { createLogger } = require(${JSON.stringify(LOG_MODULE)});\n`;

function run(script: string): { lines: Record<string, unknown>[]; status: number | null } {
  const child = spawnSync(process.execPath, [...NODE_ARGS, '-e', prelude + script], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const lines = child.stderr
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { lines, status: child.status };
}

const seq = (lines: Record<string, unknown>[]): unknown[] => lines.filter((l) => 'n' in l).map((l) => l.n);

describe('stderr logger', () => {
  test('a few lines (less than a batch) are written when the process ends on its own', () => {
    const { lines, status } = run(`const log = createLogger('info'); for (let n = 0; n < 3; n++) log.info({ n }, 'line'); log.debug({ n: 99 }, 'below the level');`);
    expect(status).toBe(0);
    expect(seq(lines)).toEqual([0, 1, 2]);
    expect(lines[0]).toMatchObject({ level: 30, name: 'responses-emulator', msg: 'line' });
  });

  test('many batches, then process.exit(): every line, in order, none twice', () => {
    const { lines, status } = run(`const log = createLogger('info'); for (let n = 0; n < 5000; n++) log.info({ n, pad: 'x'.repeat(n % 300) }, 'line'); process.exit(3);`);
    expect(status).toBe(3);
    expect(seq(lines)).toEqual(Array.from({ length: 5000 }, (_, n) => n));
  });

  test('an uncaught exception: the lines logged before it are written', () => {
    const { lines, status } = run(`const log = createLogger('info'); for (let n = 0; n < 10; n++) log.info({ n }, 'line'); setImmediate(() => { throw new Error('boom'); });`);
    expect(status).toBe(1);
    expect(seq(lines)).toEqual(Array.from({ length: 10 }, (_, n) => n));
  });

  test('two loggers of one process share the writer: lines stay whole and in the order logged', () => {
    const { lines } = run(`const a = createLogger('info'); const b = createLogger('warn'); for (let n = 0; n < 400; n++) (n % 2 ? a.info : b.warn)({ n, pad: 'y'.repeat(500) }, 'line'); b.info({ n: -1 }, 'b is at warn');`);
    expect(seq(lines)).toEqual(Array.from({ length: 400 }, (_, n) => n));
    expect(lines.filter((l) => l.n === 1)[0]).toMatchObject({ level: 30 });
    expect(lines.filter((l) => l.n === 0)[0]).toMatchObject({ level: 40 });
  });

  test('a line logged by a process that keeps running reaches stderr without a full batch or an exit', async () => {
    // The child logs one line and stays alive; the line must show up while it runs (it is killed
    // once seen — if the batch were only written at exit, this would wait until the test times out).
    const child = spawn(process.execPath, [...NODE_ARGS, '-e', prelude + `createLogger('info').info({ n: 0 }, 'line'); setInterval(() => undefined, 1000);`]);
    let stderr = '';
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (stderr.includes('\n')) resolve();
      });
    });
    child.kill('SIGKILL');
    expect(JSON.parse(stderr.split('\n')[0]!)).toMatchObject({ n: 0, msg: 'line' });
  });
});
