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
    // Only objects and arrays get a frame (a string or number cannot be too deep), in the same order
    // as before: this walks every request body, whose values are mostly strings.
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) if (isNested(value[i])) stack.push({ value: value[i], depth: depth + 1, parent: frame, key: i });
    } else {
      const object = value as Record<string, unknown>;
      for (const k of Object.keys(object)) if (isNested(object[k])) stack.push({ value: object[k], depth: depth + 1, parent: frame, key: k });
    }
  }
  return null;
}

function isNested(value: unknown): boolean {
  return value !== null && typeof value === 'object';
}

function pathOf(frame: Frame): (string | number)[] {
  const path: (string | number)[] = [];
  for (let f: Frame | null = frame; f && f.key !== null; f = f.parent) path.unshift(f.key);
  return path;
}
