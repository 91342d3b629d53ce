/**
 * Candidate values for one field of a generated object — the one place where tool arguments,
 * MCP arguments and structured outputs get their values from (./schema-faker calls it for every
 * string and number leaf). In order: what a tool output already said under the same key; what the
 * prompt says when it fits the field ("weather in Boston" → `location: "Boston"`, a date it names →
 * `date`); a stand-in of the field's kind (./field-kinds: format first, then name) drawn from the
 * seeded Rng; then topic words. Numbers land in a realistic range for their kind, inside the
 * schema's own minimum/maximum. Candidates are only suggestions: the caller keeps one only if the
 * whole value still validates (so `pattern`, `multipleOf` and the rest are never broken).
 */
import type { Rng } from '../random';
import { nameOf, normalizeName, numberKind, SHAPED_KINDS, stringKind, type NumberKind, type StringKind } from './field-kinds';
import type { PromptValues } from './prompt-values';
import { cycled, nth, numberRange, stringStandIn, type NumberRange } from './stand-ins';
import { shellCommands } from './tools/shell-commands';
import { namedPath } from './tools/named-path';

export interface FieldContext {
  name: string;
  description: string;
  schema: Record<string, unknown>;
  /** Position within the nearest array (0 outside arrays), so list items take successive candidates. */
  index: number;
  /** The key above this field's own (`company` for `company.name`; `''` at the top). */
  parent?: string;
}

/** Names of fields that hold a place; the description counts too ("The city and state, e.g. …"). */
const PLACE = /locat|city|place|town|destination|origin|address|region|where|venue|area/;
/** Fields that carry what the user asked, in their words. */
const QUERY = /query|^q$|search|question|prompt|topic|keyword|term|^text$|message|content|instruction|request|input|command/;
/** A command to run: a real model copies the one the prompt writes (`in backticks`, or after "run"). */
const COMMAND = /^(cmd|command|shell_command|script|command_line)$/;

const WORDS = ['sample', 'overview', 'analysis', 'plan', 'update', 'summary', 'draft', 'report', 'insight', 'result'];

/** The kind of string a field holds, with `name` read against its parent (`company.name` is a company). */
export function kindOfString(field: FieldContext): StringKind | null {
  const kind = stringKind(field.name, field.schema.format);
  if (kind === 'person' && /^name$/i.test(field.name) && field.parent) return nameOf(field.parent) ?? kind;
  return kind;
}

export function stringHint(field: FieldContext, values: PromptValues, rng: Rng): string | undefined {
  const key = field.name.toLowerCase();
  const about = `${key} ${field.description.toLowerCase()}`;
  const hasFormat = typeof field.schema.format === 'string';
  const kind = kindOfString(field);
  if (hasFormat && kind === null) return undefined; // a format the emulator has no stand-in for: the draft satisfies it

  const fromOutput = values.fields.get(key);
  if (fromOutput !== undefined && typeof fromOutput !== 'object') return fit(String(fromOutput), field, kind);

  const fromPrompt = promptValue(field, kind, key, about, values);
  if (fromPrompt !== undefined) return fit(fromPrompt, field, kind);

  if (kind !== null && kind !== 'prose') return fit(stringStandIn(kind, rng, { year: values.year, index: field.index, key: normalizeName(field.name) }), field, kind);
  if (kind === 'prose') return fit(values.topic ? `${capitalize(values.topic)}, as requested.` : 'As requested.', field, kind);
  const pool = values.keywords.length > 0 ? values.keywords : WORDS;
  return fit(nth(pool, rng, field.index), field, kind);
}

/** What the prompt (or an earlier tool output) offers this field, if anything fits its kind. */
function promptValue(field: FieldContext, kind: StringKind | null, key: string, about: string, values: PromptValues): string | undefined {
  // The field's position picks among what the prompt offers, so list items take its values in turn.
  const pick = <T>(list: readonly T[]): T | undefined => cycled(list, field.index);
  switch (kind) {
    case 'email': return pick(values.emails);
    case 'url': return pick(values.urls);
    case 'date': case 'birth-date': return pick(values.dates)?.slice(0, 10);
    case 'date-time': { const d = pick(values.dates); return d ? toDateTime(d) : undefined; }
    case 'person': return pick(values.names);
    case 'first-name': return pick(values.names)?.split(/\s+/)[0];
    case 'last-name': { const n = pick(values.names); return n && /\s/.test(n) ? n.split(/\s+/).pop() : undefined; }
    case 'city': case 'street': return pick(values.places);
    case 'title': return values.quoted[0] ?? (values.topic ? capitalize(values.topic) : undefined);
    case 'file-name': return namedPath(values.text) ?? values.quoted.find((q) => /\.\w{1,5}$/.test(q));
    default: break;
  }
  if (kind !== null && kind !== 'prose') return undefined;
  if (PLACE.test(about) && kind === null) return pick(values.places);
  if (COMMAND.test(key) && values.text) return shellCommands(values.text)[0];
  if (QUERY.test(key) && values.text) return values.quoted[0] ?? values.topic ?? values.text;
  if (kind === null && values.quoted.length > 0 && /name|label/.test(key)) return values.quoted[0];
  return undefined;
}

/** Fields whose number the prompt may state ("for 6 guests", "top 5"). */
const PROMPT_NUMBER = /count|number|amount|quantity|limit|^n$|num|days|age|year|price|total|size|max|min|top|hours|minutes|people|guests/;

/** "Defaults to 10000", "default: 5", or the schema's own `default`: what a model sends when it sends the field at all. */
export function documentedDefault(schema: Record<string, unknown>, description: string): number | undefined {
  if (typeof schema.default === 'number') return schema.default;
  const m = /\bdefaults?(?:\s+(?:to|is|value(?:\s+is)?))?\s*[:=]?\s*(-?\d+(?:\.\d+)?)\b/i.exec(description);
  return m ? Number(m[1]) : undefined;
}

/**
 * A number for a field, as a model would write it: what a tool output or the prompt says, the
 * documented default, and otherwise a value in the realistic range of the field's kind (counts
 * 1–20, ages 18–90, prices with two decimals, years near the clock's), kept inside the schema's
 * minimum/maximum — never a draft like 5002343538869299.
 */
export function numberHint(field: FieldContext, values: PromptValues, rng: Rng): number | undefined {
  const key = field.name.toLowerCase();
  const fromOutput = values.fields.get(key);
  if (typeof fromOutput === 'number') return fromOutput;
  const integer = field.schema.type === 'integer';
  const kind = numberKind(field.name);
  const range = numberRange(kind, values.year);
  if (PROMPT_NUMBER.test(key)) {
    const mentioned = values.numbers.find((n) => (!integer || Number.isInteger(n)) && plausible(n, kind, range));
    if (mentioned !== undefined) return mentioned;
  }
  const byDefault = documentedDefault(field.schema, field.description);
  if (byDefault !== undefined) return byDefault;
  // A plain integer field counts something.
  const realistic = kind === null && integer ? numberRange('count', values.year) : range;
  return drawWithin(realistic, schemaBounds(field.schema), integer || realistic.decimals === 0, rng);
}

/** A number the prompt states fits a field of this kind when it is in (a generous reach of) its range: "3 books" is no year. */
function plausible(n: number, kind: NumberKind | null, range: NumberRange): boolean {
  if (kind === null || kind === 'count' || kind === 'price' || kind === 'measure') return n >= 0 || kind === null;
  if (kind === 'year') return n >= 1900 && n <= 2200;
  if (kind === 'age') return n >= 0 && n <= 130;
  return n >= range.min && n <= range.max;
}

interface Bounds {
  min: number;
  max: number;
  minExclusive: boolean;
  maxExclusive: boolean;
  multipleOf?: number;
}

/** minimum / maximum / exclusiveMinimum / exclusiveMaximum (draft 6+ numeric form) / multipleOf. */
function schemaBounds(schema: Record<string, unknown>): Bounds {
  const n = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const b: Bounds = { min: -Infinity, max: Infinity, minExclusive: false, maxExclusive: false };
  if (n(schema.minimum) !== undefined) b.min = n(schema.minimum)!;
  if (n(schema.exclusiveMinimum) !== undefined && n(schema.exclusiveMinimum)! >= b.min) Object.assign(b, { min: n(schema.exclusiveMinimum), minExclusive: true });
  if (n(schema.maximum) !== undefined) b.max = n(schema.maximum)!;
  if (n(schema.exclusiveMaximum) !== undefined && n(schema.exclusiveMaximum)! <= b.max) Object.assign(b, { max: n(schema.exclusiveMaximum), maxExclusive: true });
  const m = n(schema.multipleOf);
  if (m !== undefined && m > 0) b.multipleOf = m;
  return b;
}

/**
 * A value from the realistic range where it overlaps the schema's bounds; where they do not
 * overlap, one near the schema's bound (a `count` with `minimum: 1000` gets 1000 and a little).
 * `undefined` when the bounds admit no such value (the draft stays).
 */
function drawWithin(range: NumberRange, bounds: Bounds, integer: boolean, rng: Rng): number | undefined {
  const scale = integer ? 1 : 10 ** range.decimals;
  const tick = 1 / scale;
  const lowest = bounds.min + (bounds.minExclusive ? tick : 0);
  const highest = bounds.max - (bounds.maxExclusive ? tick : 0);
  let lo = Math.max(range.min, lowest);
  let hi = Math.min(range.max, highest);
  if (lo > hi) {
    const width = range.max - range.min;
    [lo, hi] = range.min > highest ? [Math.max(lowest, highest - width), highest] : [lowest, Math.min(highest, lowest + width)];
  }
  const step = bounds.multipleOf ?? range.step;
  if (step !== undefined) {
    const first = Math.ceil(lo / step);
    const last = Math.floor(hi / step);
    if (first > last || !Number.isSafeInteger(first) || !Number.isSafeInteger(last)) return undefined;
    return roundTo(rng.int(0, Math.min(last - first, 1000)) * step + first * step, step);
  }
  const from = Math.ceil(lo * scale);
  const to = Math.floor(hi * scale);
  if (from > to || !Number.isSafeInteger(from) || !Number.isSafeInteger(to)) return undefined;
  return (from + Math.floor(rng.float() * (to - from + 1))) / scale;
}

/** `0.1 * 3` is 0.30000000000000004: round to the step's own decimals. */
function roundTo(value: number, step: number): number {
  const decimals = (String(step).split('.')[1] ?? '').length;
  return Number(value.toFixed(Math.min(decimals, 15)));
}

/**
 * Respects minLength/maxLength: free text is cut or repeated to fit; a value with a fixed shape
 * (a date, an address, a UUID) that does not fit is not offered at all.
 */
function fit(text: string, field: FieldContext, kind: StringKind | null): string | undefined {
  const max = typeof field.schema.maxLength === 'number' ? field.schema.maxLength : Infinity;
  const min = typeof field.schema.minLength === 'number' ? field.schema.minLength : 0;
  const length = [...text].length;
  if (kind !== null && SHAPED_KINDS.has(kind)) return length >= min && length <= max ? text : undefined;
  let out = [...text].slice(0, max).join('');
  while ([...out].length < min) out += out.length > 0 ? ` ${text}` : 'x';
  return [...out].slice(0, max).join('');
}

function toDateTime(date: string): string {
  return /T|\s\d/.test(date) ? date.replace(' ', 'T') : `${date}T00:00:00Z`;
}

function capitalize(s: string): string {
  return s.length === 0 ? s : s[0].toUpperCase() + s.slice(1);
}
