/**
 * Object ids in the real API's formats, drawn from a seeded stream so they are reproducible.
 * Response-scoped ids (`resp_`, `msg_`, `fc_`…) are the prefix plus 50 hex characters, as the live
 * API has sent them since September 2025 (48 before); conversation ids (`conv_`) still have 48, and
 * `call_` ids 24 base62 characters — all as recorded in test/traffic/corpus. An item's prefix is
 * its kind's (src/model/item-kinds/), so it is written once, beside everything else about the kind.
 */
import { givenItemIdPrefix, itemKind } from './model/item-kinds';
import type { Rng } from './random';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Ids of objects that are not output items. `item` is the generic prefix of items of no known kind. */
const OBJECT_ID_PREFIX = {
  response: 'resp_',
  conversation: 'conv_',
  thread: 'thread_',
  item: 'item_',
} as const;

export type ObjectIdKind = keyof typeof OBJECT_ID_PREFIX;
/** An object kind, or an item type (`message`, `web_search_call`…) with a prefix of its own. */
export type IdKind = ObjectIdKind | (string & {});

/** Objects that outlive a response keep the older 48-character form. */
const LONG_LIVED: ReadonlySet<string> = new Set<ObjectIdKind>(['conversation', 'thread']);

export class IdFactory {
  constructor(private readonly rng: Rng) {}

  /** A new id for an object kind or for an item of this type; an unknown name is a programming error (a typo would silently give `item_`). */
  next(kind: IdKind): string {
    const prefix = Object.hasOwn(OBJECT_ID_PREFIX, kind) ? OBJECT_ID_PREFIX[kind as ObjectIdKind] : itemKind(kind)?.idPrefix;
    if (prefix === undefined) throw new Error(`no id prefix for '${kind}'`);
    return this.rng.hex(LONG_LIVED.has(kind) ? 48 : 50, prefix);
  }

  /** The id of an input item (or a fixture's item) that came without one. */
  forGivenItem(type: string): string {
    return this.withPrefix(givenItemIdPrefix(type));
  }

  /** A response-scoped id with a prefix already worked out (givenIdPrefixOf, for a kind in hand). */
  withPrefix(prefix: string): string {
    return this.rng.hex(50, prefix);
  }

  callId(): string {
    return 'call_' + this.rng.chars(24, BASE62);
  }
}

/** `req_` + 32 hex characters, the live API's request-id format. */
export function requestId(rng: Rng): string {
  return rng.hex(32, 'req_');
}
