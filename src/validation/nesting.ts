/**
 * A bound on JSON nesting. Free-form fields (function `parameters`, a `json_schema`'s schema,
 * metadata values) are not walked by the schema, but hashing and token counting serialise them;
 * a pathologically deep body would overflow the stack there. Real schemas are far shallower.
 */
export const MAX_JSON_DEPTH = 128;

interface Frame {
  value: unknown;
  depth: number;
  parent: Frame | null;
  key: string | number | null;
}

/** The path (as segments) to the first value nested deeper than `limit`, or null. Iterative, so it cannot overflow itself. */
export function findExcessiveNesting(root: unknown, limit: number = MAX_JSON_DEPTH): (string | number)[] | null {
  const stack: Frame[] = [{ value: root, depth: 0, parent: null, key: null }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const { value, depth } = frame;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= limit) return pathOf(frame);
    if (Array.isArray(value)) value.forEach((v, i) => stack.push({ value: v, depth: depth + 1, parent: frame, key: i }));
    else for (const [k, v] of Object.entries(value)) stack.push({ value: v, depth: depth + 1, parent: frame, key: k });
  }
  return null;
}

function pathOf(frame: Frame): (string | number)[] {
  const path: (string | number)[] = [];
  for (let f: Frame | null = frame; f && f.key !== null; f = f.parent) path.unshift(f.key);
  return path;
}
