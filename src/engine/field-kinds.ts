/**
 * What a field of a generated object holds, read from its JSON Schema `format` first and its name
 * second: `{"format": "date"}` or a field called `birthday` holds a date, `count` a small count,
 * `email` an address. Tool arguments and structured outputs both read it (through ./value-hints), so
 * a field means the same thing wherever it appears. A declared format always wins over the name: a
 * field called `email` with `"format": "date"` holds a date.
 */

export type StringKind =
  | 'date' | 'date-time' | 'time' | 'clock-time' | 'birth-date' | 'duration'
  | 'email' | 'url' | 'uuid' | 'hostname' | 'ipv4' | 'ipv6'
  | 'id' | 'phone' | 'postal-code'
  | 'first-name' | 'last-name' | 'person' | 'username'
  | 'city' | 'country' | 'country-code' | 'street' | 'company' | 'product' | 'file-name'
  | 'currency' | 'language' | 'color' | 'status' | 'category' | 'unit'
  | 'title' | 'prose';

export type NumberKind =
  | 'count' | 'age' | 'price' | 'year' | 'month' | 'day' | 'hour' | 'minute'
  | 'rating' | 'percent' | 'fraction' | 'latitude' | 'longitude' | 'temperature' | 'millis' | 'seconds' | 'measure';

/** JSON Schema formats (and OpenAI's structured-output formats) → the kind of string they hold. */
const FORMATS: Record<string, StringKind> = {
  date: 'date',
  'date-time': 'date-time',
  time: 'time',
  duration: 'duration',
  email: 'email',
  'idn-email': 'email',
  uri: 'url',
  url: 'url',
  iri: 'url',
  'uri-reference': 'url',
  'iri-reference': 'url',
  uuid: 'uuid',
  hostname: 'hostname',
  'idn-hostname': 'hostname',
  ipv4: 'ipv4',
  ipv6: 'ipv6',
};

/**
 * Field names → string kinds, first match wins. Names are lower-cased and camelCase is split with
 * `_` first ("createdAt" → "created_at"), so `(^|_)` anchors a word of the name.
 */
const STRING_NAMES: [RegExp, StringKind][] = [
  [/birth|(^|_)dob$/, 'birth-date'],
  [/(^|_)(created|updated|modified|deleted|published|started|ended|completed|expires|sent|received|scheduled|last_login|last_seen)(_at)?$|_at$|timestamp|datetime/, 'date-time'],
  [/(^|_)time(_of_day)?$|_time$|^(start|end|opens?|closes?)_?(hour)?$/, 'clock-time'],
  [/(^|_)dates?(_|$)|(^|_)(deadline|due|when)$|_on$|^(check_?in|check_?out)$/, 'date'],
  [/e_?mail/, 'email'],
  [/url|uri$|link|website|homepage|href|(^|_)site$/, 'url'],
  [/uuid|guid/, 'uuid'],
  [/host(name)?$|domain/, 'hostname'],
  [/(^|_)ip(_?v4)?(_address)?$/, 'ipv4'],
  [/(^|_)ipv6/, 'ipv6'],
  [/phone|mobile|(^|_)tel$|telephone|fax/, 'phone'],
  [/zip|postal|postcode/, 'postal-code'],
  [/country_?code/, 'country-code'],
  [/currency/, 'currency'],
  [/(^|_)lang(uage)?(_code)?$|locale/, 'language'],
  [/(^|_)(id|identifier|key|ref|reference|sku|code)$/, 'id'],
  [/first_?name|given_?name|forename/, 'first-name'],
  [/last_?name|surname|family_?name/, 'last-name'],
  [/user_?name|handle|login|screen_?name/, 'username'],
  [/company|organi[sz]ation|employer|business|(^|_)org$|vendor|supplier|brand|publisher/, 'company'],
  [/country|nation/, 'country'],
  [/city|town|locality|destination|origin/, 'city'],
  [/street|address/, 'street'],
  [/product|(^|_)item(_name)?$/, 'product'],
  [/file_?name|filename|(^|_)file$|(^|_)path$/, 'file-name'],
  [/colou?r/, 'color'],
  [/status$/, 'status'],
  [/category|(^|_)type$|kind|genre/, 'category'],
  [/(^|_)units?$/, 'unit'],
  [/title|headline|heading|subject/, 'title'],
  [/description|summary|notes?$|comment|body|explanation|reason|answer|details|bio|review|(^|_)text$|message|content/, 'prose'],
  [/(^|_)(name|full_?name|person|customer|author|owner|assignee|contact|recipient|sender|attendees?|participants?|members?|guests?|speakers?|authors?|people|who|user)$/, 'person'],
];

const NUMBER_NAMES: [RegExp, NumberKind][] = [
  [/(^|_)age$|_age$|age_years/, 'age'],
  [/price|amount|cost|fee|salary|budget|total_?(price|cost)|subtotal|balance|revenue|payment|tax/, 'price'],
  [/(^|_)year$/, 'year'],
  [/(^|_)month$/, 'month'],
  [/(^|_)(day|day_of_month)$/, 'day'],
  [/(^|_)hours?$/, 'hour'],
  [/(^|_)minutes?$/, 'minute'],
  [/rating|stars|score/, 'rating'],
  [/percent|pct/, 'percent'],
  [/ratio|probability|confidence|(^|_)share$/, 'fraction'],
  [/(^|_)lat(itude)?$/, 'latitude'],
  [/(^|_)(lng|lon|long|longitude)$/, 'longitude'],
  [/(^|_)temp(erature)?(_|$)/, 'temperature'],
  [/(^|_)ms$|millis|timeout/, 'millis'],
  [/seconds?$|(^|_)secs?$|duration/, 'seconds'],
  [/count|quantity|(^|_)qty$|^n$|^n_|(^|_)num|number|total|limit|(^|_)max|(^|_)min|top_?k|^k$|days|weeks|guests|people|attendees|participants|items|retries|attempts|steps|page|size|tokens?|lines|index|offset/, 'count'],
  [/width|height|depth|length|weight|distance|bytes|port/, 'measure'],
];

/** `createdAt` → `created_at`, `User-Name` → `user_name`. */
export function normalizeName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** The kind of a string field: its format (when the emulator knows it) or else its name; null when neither says. */
export function stringKind(name: string, format: unknown): StringKind | null {
  if (typeof format === 'string') return FORMATS[format] ?? null;
  const key = normalizeName(name);
  return STRING_NAMES.find(([pattern]) => pattern.test(key))?.[1] ?? null;
}

/** The kind of a number field, by name; null for a plain number. */
export function numberKind(name: string): NumberKind | null {
  const key = normalizeName(name);
  return NUMBER_NAMES.find(([pattern]) => pattern.test(key))?.[1] ?? null;
}

/** Kinds with a fixed syntax: cut or padded they would stop being what they are, so they are never fitted to a length. */
export const SHAPED_KINDS: ReadonlySet<StringKind> = new Set<StringKind>([
  'date', 'date-time', 'time', 'clock-time', 'birth-date', 'duration', 'email', 'url', 'uuid', 'hostname', 'ipv4', 'ipv6', 'phone', 'postal-code', 'country-code', 'currency',
]);

/** The field names of an object's parent that make a `name` field name something other than a person. */
const NAMED_THINGS: [RegExp, StringKind][] = [
  [/company|organi[sz]ation|employer|business|vendor|supplier|brand|publisher/, 'company'],
  [/city|town|destination|location|place/, 'city'],
  [/country/, 'country'],
  [/product|item|article|sku/, 'product'],
  [/file|attachment|document/, 'file-name'],
  [/project|repo|team|event|book|movie|film|song|album|recipe|course|task|playlist/, 'title'],
];

/** `products[].name` names a product and `company.name` a company; a bare `name` is a person's. */
export function nameOf(parent: string): StringKind | null {
  const key = normalizeName(parent);
  return NAMED_THINGS.find(([pattern]) => pattern.test(key))?.[1] ?? null;
}
