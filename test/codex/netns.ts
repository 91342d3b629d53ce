/**
 * Loopback-only network namespaces (Linux, as root): Codex tries to reach the internet when it
 * starts (plugin and model-list sync, update checks); inside a namespace whose only interface is `lo`
 * every such attempt fails at once and nothing can leave the machine. The emulator runs inside the
 * same namespace, since loopback is per namespace.
 */
import { execFileSync, spawnSync } from 'node:child_process';

const PREFIX = 'rem-codex-';

function ip(args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Why namespaces cannot be used here, or undefined when they can. */
export function netnsUnavailableReason(): string | undefined {
  if (process.platform !== 'linux') return `network namespaces need Linux (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'creating a network namespace needs root';
  const probe = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return `\`ip netns\` does not work (install iproute2): ${probe.error?.message ?? probe.stderr}`;
  return undefined;
}

/** Namespaces left behind by runs that were killed (their process is gone) are deleted. */
function removeStale(): void {
  for (const line of ip(['netns', 'list']).split('\n')) {
    const name = line.split(' ')[0];
    if (!name?.startsWith(PREFIX)) continue;
    const pid = Number(name.slice(PREFIX.length).split('-')[0]);
    if (pid === process.pid || processAlive(pid)) continue;
    spawnSync('ip', ['netns', 'delete', name]);
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

let counter = 0;

export interface Netns {
  name: string;
  /** The command prefix that runs a program inside the namespace. */
  exec(argv: string[]): string[];
  delete(): void;
}

/** Creates a namespace with only `lo`, up (127.0.0.1 and ::1 work; nothing else is routable). */
export function createNetns(label: string): Netns {
  removeStale();
  const name = `${PREFIX}${process.pid}-${++counter}-${label.replace(/[^a-z0-9]/gi, '').slice(0, 12)}`;
  ip(['netns', 'add', name]);
  try {
    ip(['netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up']);
  } catch (err) {
    spawnSync('ip', ['netns', 'delete', name]);
    throw err;
  }
  return {
    name,
    exec: (argv) => ['ip', 'netns', 'exec', name, ...argv],
    delete: () => void spawnSync('ip', ['netns', 'delete', name]),
  };
}

/** The namespace's routes: used to check that only loopback is reachable. */
export function routesIn(netns: Netns): string {
  return execFileSync('ip', ['netns', 'exec', netns.name, 'ip', '-o', 'route', 'show', 'table', 'all'], { encoding: 'utf8' });
}
