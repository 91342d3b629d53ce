/**
 * Where the emulator's time goes under load: the server (CLI defaults, rate limits raised) runs with
 * `--cpu-prof` while autocannon sends the throughput benchmark's request; the profile written when it
 * exits is summed by self time — per function (top entries) and per area (the emulator's source
 * folders, each npm package, Node's internals, GC) — so the next optimisation starts from data. Only
 * the samples taken while the measured load ran count (not start-up, warm-up or shutdown): V8's
 * profile timestamps and this process's `process.hrtime` read the same monotonic clock. The
 * emulator's code runs from a bundle (dist/cli.js); its source map gives each sample's source file.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { RAISED_LIMITS, ROOT, spawnEmulator } from './servers';
import { BODY, load } from './throughput';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  /** µs, on the monotonic clock. */
  startTime: number;
}

export interface ProfileEntry {
  name: string;
  /** Share of the busy (non-idle) samples, 0–1. */
  share: number;
}

export interface ProfileSummary {
  requests: number;
  functions: ProfileEntry[];
  areas: ProfileEntry[];
}

/** Source maps of the bundles in dist/, read once each (null: none). */
const sourceMaps = new Map<string, SourceMap | null>();

function sourceMapOf(path: string): SourceMap | null {
  if (!sourceMaps.has(path)) sourceMaps.set(path, existsSync(`${path}.map`) ? new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8'))) : null);
  return sourceMaps.get(path)!;
}

/**
 * A frame's file and line: in a bundle in dist/, its source file under src/ (`http/send.ts`); a
 * package's file → the package; Node's own → `node:…`.
 */
function where(frame: CallFrame): { file: string; line: number; area: string } {
  const path = frame.url.replace(/^file:\/\//, '');
  const line = frame.lineNumber + 1;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path);
  if (pkg) return { file: path.slice(path.lastIndexOf('node_modules/') + 13), line, area: pkg[1] };
  if (path.startsWith(join(ROOT, 'dist'))) {
    const entry = sourceMapOf(path)?.findEntry(frame.lineNumber, frame.columnNumber);
    const mapped = entry && 'originalSource' in entry ? { file: relative(join(ROOT, 'src'), resolve(join(path, '..'), entry.originalSource)), line: entry.originalLine + 1 } : null;
    const file = mapped?.file ?? path.slice(join(ROOT, 'dist').length + 1);
    return { file, line: mapped?.line ?? line, area: `emulator ${file.includes('/') ? `${file.slice(0, file.indexOf('/'))}/` : file}` };
  }
  if (path.startsWith('node:')) return { file: path, line, area: 'Node.js internals' };
  return { file: path, line, area: path === '' ? 'V8 / native' : path };
}

/** The monotonic clock in µs, as V8 stamps its profiles. */
const nowMicros = (): number => Number(process.hrtime.bigint() / 1000n);

export function summarise(profile: CpuProfile, top = 15, from = -Infinity, to = Infinity): Omit<ProfileSummary, 'requests'> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const functions = new Map<string, number>();
  const areas = new Map<string, number>();
  let busy = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    at += dt;
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === '(idle)' || at < from || at > to) return;
    busy += dt;
    const { file, line, area } = where(frame);
    const name = frame.url ? `${frame.functionName || '(anonymous)'} (${file}:${line})` : frame.functionName;
    functions.set(name, (functions.get(name) ?? 0) + dt);
    const areaName = frame.url ? area : frame.functionName === '(garbage collector)' ? 'garbage collector' : 'V8 / native';
    areas.set(areaName, (areas.get(areaName) ?? 0) + dt);
  });
  const ranked = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, t]) => ({ name, share: t / busy }));
  return { functions: ranked(functions), areas: ranked(areas) };
}

export async function runProfileBench(seconds = 5, connections = 32): Promise<ProfileSummary> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-profile-'));
  const server = await spawnEmulator(RAISED_LIMITS, {}, ['--cpu-prof', '--cpu-prof-dir', dir]);
  let requests = 0;
  let from = 0;
  let to = 0;
  try {
    await load(server, 2, connections, { body: JSON.stringify(BODY) }); // warm-up (left out of the summary)
    from = nowMicros();
    requests = (await load(server, seconds, connections, { body: JSON.stringify(BODY) })).requestsPerSecond * seconds;
    to = nowMicros();
  } finally {
    await server.stop(); // SIGTERM → the CLI exits → Node writes the profile
  }
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no CPU profile written in ${dir}`);
  return { requests, ...summarise(JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile, 15, from, to) };
}

export function profileTable(p: ProfileSummary): string {
  const pct = (s: number) => `${(s * 100).toFixed(1)} %`;
  return [
    '| self time, by function | share |',
    '|---|---:|',
    ...p.functions.map((f) => `| \`${f.name.replace(/\|/g, '\\|')}\` | ${pct(f.share)} |`),
    '',
    '| self time, by area | share |',
    '|---|---:|',
    ...p.areas.map((a) => `| ${a.name} | ${pct(a.share)} |`),
  ].join('\n');
}

if (require.main === module) runProfileBench(Number(process.argv[2] ?? 4)).then((p) => console.log(profileTable(p)));
