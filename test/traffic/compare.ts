/**
 * One exchange of real traffic against the emulator's answer to the same request: every
 * structural difference, and which of them the API's own history explains.
 */
import type { Exchange, Replayed } from './corpus';
import { diffShapes, diffStreams, eventGroup, shapeOf, type Shape, type StreamEvent } from './structure';

/** Values compared exactly (everything else is compared by structure only). */
function valueDiffs(label: string, real: Record<string, unknown>, emulated: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const key of ['object', 'model', 'status', 'service_tier'] as const) {
    if (key in real && key in emulated && real[key] !== emulated[key]) out.push(`${label}.${key}: value ${JSON.stringify(real[key])} in real traffic, ${JSON.stringify(emulated[key])} in emulator`);
  }
  return out;
}

function responsesOf(events: readonly StreamEvent[]): Map<string, Record<string, unknown>> {
  const map = new Map<string, Record<string, unknown>>();
  for (const e of events) if (e.response && typeof e.response === 'object' && !map.has(e.type)) map.set(e.type, e.response as Record<string, unknown>);
  return map;
}

export function compareExchange(exchange: Exchange, got: Replayed): string[] {
  const real = exchange.response;
  const out: string[] = [];
  if (got.status !== real.status) out.push(`status: ${real.status} in real traffic, ${got.status} in emulator`);
  const contentType = got.headers.get('content-type');
  if (contentType !== real.headers['content-type']) out.push(`header content-type: ${real.headers['content-type']} in real traffic, ${contentType} in emulator`);
  if (real.events && got.events) {
    out.push(...diffStreams(real.events, got.events));
    const mine = responsesOf(got.events);
    for (const [type, response] of responsesOf(real.events)) {
      const emulated = mine.get(type);
      if (emulated) out.push(...valueDiffs(`event ${type}.response`, response, emulated));
    }
  } else if (real.body !== undefined && got.body !== undefined) {
    out.push(...diffShapes(shapeOf(real.body), shapeOf(got.body), 'body'));
    out.push(...valueDiffs('body', real.body as Record<string, unknown>, got.body as Record<string, unknown>));
  } else {
    out.push(`body: ${real.events ? 'a stream' : 'JSON'} in real traffic, ${got.events ? 'a stream' : 'JSON'} in emulator`);
  }
  return out;
}

/**
 * A Response's fields are one place whether they came in a JSON body or inside a stream event. With
 * `byStatus`, one place per status (queued and in progress alike), since a Response in progress and a
 * finished one differ in types (`usage` is null, then an object); without it, one place in all.
 */
export function normalizePath(path: string, bodyStatus: unknown, byStatus = true): string {
  const label = (status: string): string => (byStatus ? `R:${status === 'queued' || status === 'created' ? 'in_progress' : status}` : 'R');
  const out = path
    .replace(/^body(?=\.|\[|$)/, () => label(String(bodyStatus)))
    .replace(/^event response\.(created|in_progress|queued|completed|incomplete|failed)\.response(?=\.|$)/, (_all, status: string) => label(status));
  // Without statuses, an output item is one place too: in the output, or announced/finished in a stream.
  return byStatus ? out : out.replace(/^R\.output\[/, 'ITEM[').replace(/^event response\.output_item\.(added|done)\[([^\]]+)\]\.item(?=\.|$)/, 'ITEM[$2]');
}

function bodyStatusOf(exchange: Exchange): unknown {
  return (exchange.response.body as { status?: unknown } | undefined)?.status;
}

/** Every place in an exchange's real answer, with the shape found there (normalized paths). */
export function placesOf(exchange: Exchange): Map<string, Shape> {
  const places = new Map<string, Shape>();
  const walk = (shape: Shape, path: string, byStatus: boolean): void => {
    places.set(normalizePath(path, bodyStatusOf(exchange), byStatus), shape);
    for (const [k, child] of shape.keys) walk(child, `${path}.${k}`, byStatus);
    for (const [kind, child] of shape.items) walk(child, `${path}[${kind}]`, byStatus);
  };
  const { body, events } = exchange.response;
  if (events) {
    const byType = new Map<string, StreamEvent[]>();
    for (const e of events) byType.set(eventGroup(e), [...(byType.get(eventGroup(e)) ?? []), e]);
    for (const [type, list] of byType) {
      walk(shapeOf(...list), `event ${type}`, true);
      walk(shapeOf(...list), `event ${type}`, false);
    }
  } else walk(shapeOf(body), 'body', true);
  // Every Response of the exchange, whatever its status, merged into one place.
  const responses = events ? events.map((e) => e.response).filter((r) => r && typeof r === 'object') : [body];
  if (responses.length > 0) walk(shapeOf(...responses), 'body', false);
  return places;
}

const SHAPE_DIFF = /^(body|event [^ :[]+(?:\[[^\]]+\])?)(.*?): (missing in emulator|not in real traffic|type (.+) in real traffic, (.+) in emulator|id (.+) in real traffic, (.+) in emulator)$/;

const show = (set: Set<string>): string => [...set].sort().join('|');

/**
 * The API changes: a field an older recording lacks, or has in an older form, is no difference when
 * a more recent recording in the corpus looks like the emulator there. Only fields and types are
 * judged this way; which items and events appear is behaviour, never explained by age.
 */
export function explainedByAge(diff: string, exchange: Exchange, newer: readonly Map<string, Shape>[]): boolean {
  const m = SHAPE_DIFF.exec(diff);
  if (!m || !exchange.recorded || newer.length === 0) return false;
  // Whether a field exists is judged over every status; its type and id form per status, or over
  // every status when no newer recording has a Response of this status.
  const presence = m[3] === 'not in real traffic' || m[3] === 'missing in emulator';
  let path = normalizePath(m[1] + m[2], bodyStatusOf(exchange), !presence);
  const root = path.split(/[.[]/)[0];
  if (!presence && root.startsWith('R:') && !newer.some((places) => places.has(root))) path = 'R' + path.slice(root.length);
  if (path.endsWith(']')) return false;
  const parent = path.slice(0, Math.max(path.lastIndexOf('.'), path.lastIndexOf('[')));
  return newer.some((places) => {
    const here = places.get(path);
    if (m[3] === 'not in real traffic') return here !== undefined;
    if (m[3] === 'missing in emulator') return here === undefined && places.has(parent);
    if (m[4] !== undefined) return here !== undefined && show(here.types) === m[5];
    return false;
  }) || (m[6] !== undefined && m[7].split('|').every((id) => newer.some((places) => places.get(path)?.ids.has(id))));
}
