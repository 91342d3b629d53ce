/**
 * Readable stand-ins for a field the prompt says nothing about, one per kind (./field-kinds), drawn
 * from the seeded Rng: a `date` gets an ISO date in the clock's year, an `email` an address at a
 * reserved example domain, an `ipv4` an address from a documentation range (RFC 5737), a `count` a
 * small integer, an `age` 18–90, a `price` two decimals. Small fixed lists rather than a faker
 * library: a few dozen words cover every kind, cost nothing at start-up, and never change under a
 * dependency update (which would change every seeded answer).
 */
import type { Rng } from '../random';
import type { NumberKind, StringKind } from './field-kinds';

export const FIRST_NAMES = ['Ada', 'Grace', 'Alan', 'Katherine', 'Linus', 'Margaret', 'Tim', 'Radia', 'Dennis', 'Barbara', 'Ken', 'Frances'];
export const LAST_NAMES = ['Lovelace', 'Hopper', 'Turing', 'Johnson', 'Torvalds', 'Hamilton', 'Berners-Lee', 'Perlman', 'Ritchie', 'Liskov', 'Thompson', 'Allen'];
const CITIES = ['Lisbon', 'Toronto', 'Kyoto', 'Nairobi', 'Oslo', 'Melbourne', 'Montevideo', 'Edinburgh'];
const COUNTRIES = ['Portugal', 'Canada', 'Japan', 'Kenya', 'Norway', 'Australia', 'Uruguay', 'Scotland'];
const COUNTRY_CODES = ['PT', 'CA', 'JP', 'KE', 'NO', 'AU', 'UY', 'GB'];
const STREETS = ['12 Harbour Street', '221B Baker Street', '742 Evergreen Terrace', '31 Rua Augusta', '5 Market Square'];
const COMPANIES = ['Acme Corporation', 'Globex', 'Initech', 'Northwind Traders', 'Contoso', 'Umbrella Labs'];
const PRODUCTS = ['Wireless Mouse', 'Desk Lamp', 'Notebook', 'Coffee Grinder', 'Travel Mug', 'USB-C Cable'];
const FILES = ['report.pdf', 'notes.txt', 'budget.xlsx', 'photo.jpg', 'README.md'];
const TITLES = ['Quarterly Review', 'Project Kickoff', 'Launch Plan', 'Weekly Update', 'Design Notes'];
const CURRENCIES = ['USD', 'EUR', 'JPY', 'GBP'];
const LANGUAGES = ['English', 'French', 'Spanish', 'Japanese'];
const COLORS = ['blue', 'green', 'amber', 'violet'];
const STATUSES = ['active', 'pending', 'done'];
const CATEGORIES = ['general', 'reference', 'travel', 'work'];
const UNITS = ['metric', 'imperial'];
const DOMAINS = ['example.com', 'example.org', 'example.net'];

export interface StandInContext {
  /** The clock's year: dates and years are near it. */
  year: number;
  /** Position within an array, so list items differ. */
  index: number;
  /** The field's normalised name (ids are prefixed with it). */
  key: string;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** The item at `index`, counting round the list (undefined for an empty one). */
export function cycled<T>(list: readonly T[], index: number): T | undefined {
  return list.length > 0 ? list[index % list.length] : undefined;
}

/** A list item: the seeded start plus the item's position, so `["Ada …", "Grace …"]` rather than one name twice. */
export function nth<T>(list: readonly T[], rng: Rng, index: number): T {
  return cycled(list, rng.int(0, list.length - 1) + index) as T;
}

function dateIn(year: number, rng: Rng): string {
  return `${year}-${pad(rng.int(1, 12))}-${pad(rng.int(1, 28))}`;
}

function clockTime(rng: Rng): string {
  return `${pad(rng.int(8, 18))}:${pad(rng.pick([0, 15, 30, 45]))}`;
}

/** `rng` should be the same for every item of one list (so `index` walks the list from one seeded start). */
export function stringStandIn(kind: StringKind, rng: Rng, ctx: StandInContext): string {
  const first = (): string => nth(FIRST_NAMES, rng.fork('first'), ctx.index);
  const last = (): string => nth(LAST_NAMES, rng.fork('last'), ctx.index);
  switch (kind) {
    case 'date': return dateIn(ctx.year, rng.fork(`date-${ctx.index}`));
    case 'date-time': return `${dateIn(ctx.year, rng.fork(`date-${ctx.index}`))}T${clockTime(rng.fork(`time-${ctx.index}`))}:00Z`;
    // RFC 3339 `full-time` for `format: time` (ajv-formats wants the offset); as people write it for a field named `start_time`.
    case 'time': return `${clockTime(rng.fork(`time-${ctx.index}`))}:00Z`;
    case 'clock-time': return clockTime(rng.fork(`time-${ctx.index}`));
    case 'birth-date': return dateIn(ctx.year - rng.fork(`age-${ctx.index}`).int(18, 90), rng.fork(`date-${ctx.index}`));
    case 'duration': return `PT${rng.fork(`duration-${ctx.index}`).int(1, 90)}M`;
    case 'email': return `${first().toLowerCase()}.${last().toLowerCase().replace(/[^a-z]/g, '')}@${nth(DOMAINS, rng.fork('domain'), ctx.index)}`;
    case 'url': return `https://${nth(DOMAINS, rng.fork('domain'), ctx.index)}/${nth(['docs', 'about', 'blog', 'pricing', 'help'], rng.fork('page'), ctx.index)}`;
    case 'hostname': return `${nth(['api', 'www', 'mail', 'app'], rng.fork('host'), ctx.index)}.${nth(DOMAINS, rng.fork('domain'), ctx.index)}`;
    case 'uuid': return uuid(rng.fork(`uuid-${ctx.index}`));
    // Documentation ranges (RFC 5737, RFC 3849): plausible, and never someone's real host.
    case 'ipv4': return `192.0.2.${rng.fork(`ip-${ctx.index}`).int(1, 254)}`;
    case 'ipv6': return `2001:db8::${rng.fork(`ip-${ctx.index}`).int(1, 0xffff).toString(16)}`;
    case 'id': return `${idPrefix(ctx.key)}${rng.fork(`id-${ctx.index}`).hex(8)}`;
    // Reserved fictional numbers (+1 555-01xx).
    case 'phone': return `+1-555-01${pad(rng.fork(`phone-${ctx.index}`).int(0, 99))}`;
    case 'postal-code': return String(rng.fork(`zip-${ctx.index}`).int(10000, 99999));
    case 'first-name': return first();
    case 'last-name': return last();
    case 'person': return `${first()} ${last()}`;
    case 'username': return `${first().toLowerCase()}${rng.fork(`user-${ctx.index}`).int(1, 99)}`;
    case 'city': return nth(CITIES, rng, ctx.index);
    case 'country': return nth(COUNTRIES, rng, ctx.index);
    case 'country-code': return nth(COUNTRY_CODES, rng, ctx.index);
    case 'street': return nth(STREETS, rng, ctx.index);
    case 'company': return nth(COMPANIES, rng, ctx.index);
    case 'product': return nth(PRODUCTS, rng, ctx.index);
    case 'file-name': return nth(FILES, rng, ctx.index);
    case 'title': return nth(TITLES, rng, ctx.index);
    case 'currency': return nth(CURRENCIES, rng, ctx.index);
    case 'language': return nth(LANGUAGES, rng, ctx.index);
    case 'color': return nth(COLORS, rng, ctx.index);
    case 'status': return nth(STATUSES, rng, ctx.index);
    case 'category': return nth(CATEGORIES, rng, ctx.index);
    case 'unit': return nth(UNITS, rng, ctx.index);
    case 'prose': return 'As requested.';
  }
}

/** `user_id` → `user_`, `orderId` (normalised `order_id`) → `order_`; a bare `id` gets no prefix. */
function idPrefix(key: string): string {
  const stem = key.replace(/_?(id|identifier|key|ref|reference|code)$/, '');
  return stem ? `${stem}_` : '';
}

/** A version-4 UUID from the seeded source. */
function uuid(rng: Rng): string {
  const hex = rng.hex(32).split('');
  hex[12] = '4';
  hex[16] = '89ab'[rng.int(0, 3)];
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** A realistic range for a number kind, and how many decimals it is written with. */
export interface NumberRange {
  min: number;
  max: number;
  decimals: number;
  /** Values are multiples of this (timeouts in whole seconds of milliseconds). */
  step?: number;
}

export function numberRange(kind: NumberKind | null, year: number): NumberRange {
  switch (kind) {
    case 'count': return { min: 1, max: 20, decimals: 0 };
    case 'age': return { min: 18, max: 90, decimals: 0 };
    case 'price': return { min: 5, max: 500, decimals: 2 };
    case 'year': return { min: year - 5, max: year + 1, decimals: 0 };
    case 'month': return { min: 1, max: 12, decimals: 0 };
    case 'day': return { min: 1, max: 28, decimals: 0 };
    case 'hour': return { min: 0, max: 23, decimals: 0 };
    case 'minute': return { min: 0, max: 59, decimals: 0 };
    case 'rating': return { min: 1, max: 5, decimals: 0 };
    case 'percent': return { min: 0, max: 100, decimals: 0 };
    case 'fraction': return { min: 0, max: 1, decimals: 2 };
    case 'latitude': return { min: -60, max: 70, decimals: 4 };
    case 'longitude': return { min: -180, max: 180, decimals: 4 };
    case 'temperature': return { min: -10, max: 35, decimals: 1 };
    case 'millis': return { min: 1000, max: 30000, decimals: 0, step: 1000 };
    case 'seconds': return { min: 1, max: 300, decimals: 0 };
    case 'measure': return { min: 1, max: 100, decimals: 0 };
    case null: return { min: 0, max: 100, decimals: 2 };
  }
}
