/**
 * Candidate values for one field of a generated object, from its name, description and format:
 * what the prompt or a tool output says when something fits ("location" ← "Boston"), otherwise a
 * readable stand-in ("city" ← "Lisbon") instead of lorem ipsum. Candidates are only suggestions:
 * the caller keeps one only if the whole value still validates.
 */
import type { Rng } from '../random';
import type { PromptValues } from './prompt-values';
import { shellCommands } from './tools/client-tools';

export interface FieldContext {
  name: string;
  description: string;
  schema: Record<string, unknown>;
  /** Position within an array (0 outside arrays), so list items take successive candidates. */
  index: number;
}

const PLACE = /locat|city|place|town|destination|origin|address|region|country|where|venue|area|state/;
const PERSON = /(^|_)(name|person|user(name)?|customer|author|contact|recipient|who|first_?name|last_?name|full_?name|owner|assignee|participants?|members?|attendees?|people|guests?|speakers?|authors?)$/;
const DATE = /date|day|when|deadline|birthday/;
const QUERY = /query|^q$|search|question|prompt|topic|subject|keyword|term|^text$|message|content|instruction|request|input|command/;
/** A command to run: a real model copies the one the prompt writes (`in backticks`, or after "run"). */
const COMMAND = /^(cmd|command|shell_command|script|command_line)$/;
const TITLE = /title|headline|heading/;
const PROSE = /description|summary|notes?|comment|body|explanation|reason|answer|details|bio|review/;

const STAND_INS: [RegExp, string[]][] = [
  [/city/, ['Lisbon', 'Toronto', 'Kyoto', 'Nairobi', 'Oslo']],
  [/country/, ['Portugal', 'Canada', 'Japan', 'Kenya', 'Norway']],
  [/colou?r/, ['blue', 'green', 'amber', 'violet']],
  [/currency/, ['USD', 'EUR', 'JPY']],
  [/lang/, ['English', 'French', 'Spanish']],
  [/phone|tel/, ['+1-555-0100', '+44 20 7946 0958']],
  [/zip|postal/, ['94105', '10001']],
  [/email/, ['alex@example.com', 'sam@example.org']],
  [/url|link|website|href/, ['https://example.com/', 'https://example.org/docs']],
  [/status|state/, ['active', 'pending', 'done']],
  [/category|type|kind|genre/, ['general', 'reference', 'travel']],
  [PERSON, ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Katherine Johnson']],
  [/unit/, ['metric', 'imperial']],
  [/(^|_)id$|identifier|uuid|key/, []],
];

const WORDS = ['sample', 'overview', 'analysis', 'plan', 'update', 'summary', 'draft', 'report', 'insight', 'result'];

export function stringHint(field: FieldContext, values: PromptValues, rng: Rng): string | undefined {
  const key = field.name.toLowerCase();
  const about = `${key} ${field.description.toLowerCase()}`;
  const format = typeof field.schema.format === 'string' ? field.schema.format : undefined;

  const fromOutput = values.fields.get(key);
  if (fromOutput !== undefined && typeof fromOutput !== 'object') return fit(String(fromOutput), field);

  if (format === 'email') return values.emails[0];
  if (format === 'uri' || format === 'url') return values.urls[0];
  if (format === 'date') return values.dates[0]?.slice(0, 10);
  if (format === 'date-time') return values.dates[0] ? toDateTime(values.dates[0]) : undefined;
  if (format || field.schema.pattern !== undefined) return undefined; // the draft already satisfies these

  const nth = <T>(list: T[]): T => list[field.index % list.length];
  if (PLACE.test(about) && values.places.length > 0) return fit(nth(values.places), field);
  if (PERSON.test(key) && values.names.length > 0) return fit(nth(values.names), field);
  if (DATE.test(key) && values.dates.length > 0) return fit(nth(values.dates), field);
  if (COMMAND.test(key) && values.text) return fit(shellCommands(values.text)[0], field);
  if (TITLE.test(key) && (values.quoted[0] ?? values.topic)) return fit(capitalize(values.quoted[0] ?? values.topic ?? ''), field);
  if (QUERY.test(key) && values.text) return fit(values.quoted[0] ?? values.topic ?? values.text, field);
  if (PROSE.test(key)) return fit(values.topic ? `${capitalize(values.topic)}, as requested.` : 'As requested.', field);
  if (values.quoted.length > 0 && /name|file|path|label/.test(key)) return fit(values.quoted[0], field);

  for (const [pattern, choices] of STAND_INS) {
    if (!pattern.test(key)) continue;
    if (choices.length === 0) return fit(`${key.replace(/[^a-z0-9]+/g, '_') || 'id'}_${rng.hex(8)}`, field);
    return fit(rng.pick(choices), field);
  }
  const pool = values.keywords.length > 0 ? values.keywords : WORDS;
  return fit(rng.pick(pool), field);
}

/** Fields that count or measure something: a model sends them as non-negative integers. */
const COUNTING = /count|number|amount|quantity|limit|^n$|num|days|age|year|size|max|min|top|hours|minutes|seconds|people|guests|(^|_)ms$|millis|timeout|tokens?|length|bytes|lines|retries|attempts|index|offset|page|width|height|depth|port|total|step/;
const PROMPT_NUMBER = /count|number|amount|quantity|limit|^n$|num|days|age|year|price|total|size|max|min|top|hours|minutes|people|guests/;

/** "Defaults to 10000", "default: 5", or the schema's own `default`: what a model sends when it sends the field at all. */
export function documentedDefault(schema: Record<string, unknown>, description: string): number | undefined {
  if (typeof schema.default === 'number') return schema.default;
  const m = /\bdefaults?(?:\s+(?:to|is|value(?:\s+is)?))?\s*[:=]?\s*(-?\d+(?:\.\d+)?)\b/i.exec(description);
  return m ? Number(m[1]) : undefined;
}

/**
 * A number for a field, as a model would write it: what a tool output or the prompt says, the
 * documented default, and otherwise a modest value — a non-negative integer for anything that
 * counts or measures (counts, sizes, limits, `*_ms`, `*_tokens`), never a draft like -40487218.49.
 */
export function numberHint(field: FieldContext, values: PromptValues, rng: Rng): number | undefined {
  const key = field.name.toLowerCase();
  const fromOutput = values.fields.get(key);
  if (typeof fromOutput === 'number') return fromOutput;
  const integer = field.schema.type === 'integer';
  if (PROMPT_NUMBER.test(key)) {
    const mentioned = values.numbers.find((n) => !integer || Number.isInteger(n));
    if (mentioned !== undefined) return mentioned;
  }
  const byDefault = documentedDefault(field.schema, field.description);
  if (byDefault !== undefined) return byDefault;
  if (integer || COUNTING.test(key)) return /(^|_)ms$|millis|timeout/.test(key) ? rng.int(1, 30) * 1000 : rng.int(1, 100);
  return Math.round(rng.float() * 10000) / 100;
}

/** Respects minLength/maxLength by trimming or padding. */
function fit(text: string, field: FieldContext): string {
  const max = typeof field.schema.maxLength === 'number' ? field.schema.maxLength : Infinity;
  const min = typeof field.schema.minLength === 'number' ? field.schema.minLength : 0;
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
