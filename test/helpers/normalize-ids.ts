/**
 * Replays with fresh ids are compared with their recordings by shape: every id becomes a placeholder
 * numbered by first appearance (so one id used in two places stays one id) and every timestamp 0.
 */
const ID = /^(resp|msg|fc|rs|ws|fs|ci|ig|mcp|mcpl|mcpr|ctc|cu|sh|sho|lsh|apc|apco|cmp|call|item)_[A-Za-z0-9]+$/;

export function normalizeIds<T>(value: T): T {
  const seen = new Map<string, string>();
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string' && ID.test(node)) {
      if (!seen.has(node)) seen.set(node, `${node.slice(0, node.indexOf('_'))}_#${seen.size + 1}`);
      return seen.get(node);
    }
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== 'object') return node;
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, (k === 'created_at' || k === 'completed_at') && typeof v === 'number' ? 0 : walk(v)]));
  };
  return walk(value) as T;
}

/** Every id in a value, for checking that no recorded id leaks into a replay. */
export function idsIn(value: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (typeof node === 'string' && ID.test(node)) out.push(node);
    else if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') Object.values(node).forEach(walk);
  };
  walk(value);
  return out;
}
