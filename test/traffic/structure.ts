/**
 * Structure, not text: what two JSON values or two event streams have in common when the words,
 * numbers and ids are ignored. Two exchanges compare equal when they have the same keys at every
 * level, the same value types, the same id prefixes and lengths, the same element kinds in arrays,
 * the same sequence of event types (repeated deltas collapsed) and the same fields on each event type.
 *
 * Differences are plain strings (`body output[reasoning].content: missing in emulator`) so one
 * allow-list of patterns can name the ones the emulator keeps on purpose.
 */

/** The merged shape of every value seen at one place. */
export interface Shape {
  types: Set<string>;
  keys: Map<string, Shape>;
  /** Array elements by kind: an object's `type`, else its JSON type. */
  items: Map<string, Shape>;
  /** `prefix_/length` of id-like strings. */
  ids: Set<string>;
}

const ID_KEYS = new Set(['id', 'item_id', 'response_id', 'previous_response_id']);
const ID = /^([a-z]+_)([0-9a-f]{24,})$/;

function emptyShape(): Shape {
  return { types: new Set(), keys: new Map(), items: new Map(), ids: new Set() };
}

export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') {
    const type = (value as Record<string, unknown>).type;
    return typeof type === 'string' ? type : 'object';
  }
  return typeof value;
}

/** Adds `value` to `shape` (creating it): shapes of several values merge (union of keys and kinds). */
export function addToShape(value: unknown, shape: Shape = emptyShape(), key = ''): Shape {
  const type = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  shape.types.add(type);
  if (type === 'string' && ID_KEYS.has(key)) {
    const m = ID.exec(value as string);
    if (m) shape.ids.add(`${m[1]}/${m[2].length}`);
  }
  if (Array.isArray(value)) {
    for (const element of value) {
      const kind = kindOf(element);
      shape.items.set(kind, addToShape(element, shape.items.get(kind), key));
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) shape.keys.set(k, addToShape(v, shape.keys.get(k), k));
  }
  return shape;
}

export function shapeOf(...values: unknown[]): Shape {
  const shape = emptyShape();
  for (const v of values) addToShape(v, shape);
  return shape;
}

function show(set: Set<string>): string {
  return [...set].sort().join('|');
}

/**
 * What differs between the real shape and the emulator's, as `<path>: <difference>` lines. Array
 * element kinds only one side has are reported once (`[kind]: missing in emulator`), not descended.
 */
export function diffShapes(real: Shape, emulated: Shape, path: string, out: string[] = []): string[] {
  if (show(real.types) !== show(emulated.types)) out.push(`${path}: type ${show(real.types)} in real traffic, ${show(emulated.types)} in emulator`);
  if (real.ids.size > 0 && emulated.ids.size > 0 && show(real.ids) !== show(emulated.ids)) {
    out.push(`${path}: id ${show(real.ids)} in real traffic, ${show(emulated.ids)} in emulator`);
  }
  for (const [k, r] of real.keys) {
    const e = emulated.keys.get(k);
    if (!e) out.push(`${path}.${k}: missing in emulator`);
    else diffShapes(r, e, `${path}.${k}`, out);
  }
  for (const k of emulated.keys.keys()) if (!real.keys.has(k)) out.push(`${path}.${k}: not in real traffic`);
  for (const [kind, r] of real.items) {
    const e = emulated.items.get(kind);
    if (!e) out.push(`${path}[${kind}]: missing in emulator`);
    else diffShapes(r, e, `${path}[${kind}]`, out);
  }
  for (const kind of emulated.items.keys()) if (!real.items.has(kind)) out.push(`${path}[${kind}]: not in real traffic`);
  return out;
}

export type StreamEvent = Record<string, unknown> & { type: string };

/**
 * Event types in order, with every run of one type, or of one group of types, collapsed to one
 * (`delta` × 40 → `delta`; four summary parts → one). How many deltas or parts there are depends on
 * the text; their order does not.
 */
export function collapsedTypes(events: readonly StreamEvent[]): string[] {
  const out: string[] = [];
  for (const e of events) {
    out.push(e.type);
    for (let size = 1; size <= 8 && size * 2 <= out.length; size++) {
      const a = out.slice(out.length - 2 * size, out.length - size).join();
      const b = out.slice(out.length - size).join();
      if (a === b) {
        out.length -= size;
        break;
      }
    }
  }
  return out;
}

/** Announced where the text they cite ends: their place among the deltas is a matter of text. */
const PLACED_BY_TEXT = new Set(['response.output_text.annotation.added']);

/** A stream cut into what comes before the first item, each item's own events, and what comes after. */
export interface StreamOutline {
  prelude: string[];
  /** Item type → the distinct collapsed event sequences of items of that type. */
  items: Map<string, Set<string>>;
  epilogue: string[];
}

export function outline(events: readonly StreamEvent[]): StreamOutline {
  const firstItem = events.findIndex((e) => 'output_index' in e);
  let lastItem = -1;
  events.forEach((e, i) => {
    if ('output_index' in e) lastItem = i;
  });
  if (firstItem < 0) return { prelude: collapsedTypes(events), items: new Map(), epilogue: [] };
  const byIndex = new Map<number, { type: string; events: StreamEvent[] }>();
  for (const e of events.slice(firstItem, lastItem + 1)) {
    const index = Number(e.output_index);
    let entry = byIndex.get(index);
    if (!entry) byIndex.set(index, (entry = { type: kindOf(e.item), events: [] }));
    entry.events.push(e);
  }
  const items = new Map<string, Set<string>>();
  for (const { type, events: own } of byIndex.values()) {
    if (!items.has(type)) items.set(type, new Set());
    items.get(type)!.add(collapsedTypes(own.filter((e) => !PLACED_BY_TEXT.has(e.type))).join(' → '));
  }
  return { prelude: collapsedTypes(events.slice(0, firstItem)), items, epilogue: collapsedTypes(events.slice(lastItem + 1)) };
}

/** Events are compared by type, and those carrying an item by the item's kind too (`response.output_item.added[reasoning]`). */
export function eventGroup(e: StreamEvent): string {
  return e.item && typeof e.item === 'object' ? `${e.type}[${kindOf(e.item)}]` : e.type;
}

/** Differences between two event streams: their outline, then the fields of each event type both have. */
export function diffStreams(real: readonly StreamEvent[], emulated: readonly StreamEvent[]): string[] {
  const out: string[] = [];
  const r = outline(real);
  const e = outline(emulated);
  if (r.prelude.join(' → ') !== e.prelude.join(' → ')) out.push(`events before the first item: ${r.prelude.join(' → ')} in real traffic, ${e.prelude.join(' → ')} in emulator`);
  if (r.epilogue.join(' → ') !== e.epilogue.join(' → ')) out.push(`events after the last item: ${r.epilogue.join(' → ')} in real traffic, ${e.epilogue.join(' → ')} in emulator`);
  for (const [type, sequences] of r.items) {
    const mine = e.items.get(type);
    if (!mine) {
      out.push(`item ${type}: missing in emulator`);
      continue;
    }
    for (const sequence of mine) if (!sequences.has(sequence)) out.push(`item ${type} events: ${[...sequences].join(' | ')} in real traffic, ${sequence} in emulator`);
  }
  for (const type of e.items.keys()) if (!r.items.has(type)) out.push(`item ${type}: not in real traffic`);
  const byType = (events: readonly StreamEvent[]): Map<string, StreamEvent[]> => {
    const map = new Map<string, StreamEvent[]>();
    for (const ev of events) map.set(eventGroup(ev), [...(map.get(eventGroup(ev)) ?? []), ev]);
    return map;
  };
  const realTypes = byType(real);
  const emulatedTypes = byType(emulated);
  for (const [type, list] of realTypes) {
    const mine = emulatedTypes.get(type);
    if (mine) diffShapes(shapeOf(...list), shapeOf(...mine), `event ${type}`, out);
  }
  return out;
}
