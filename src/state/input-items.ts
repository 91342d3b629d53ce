/**
 * Turns the client's input items into stored items: item references are resolved to the items
 * they name, every item gets an id (as the API's `input_items` listing shows) and each kind gets the
 * stored form its kind declares (src/model/item-kinds/: string message content becomes a content
 * list, statuses and the nulls of shell items are filled in).
 */
import type { GenericItem } from '../canonical/items';
import { invalidRequest } from '../errors';
import type { IdFactory } from '../ids';
import { givenIdPrefixOf, itemKind } from '../model/item-kinds';

/** Replaces each `item_reference` with the stored item it names (unknown ids are a 400, as in the API). */
export function resolveItemReferences(input: readonly GenericItem[], findItem: (id: string) => GenericItem | undefined): GenericItem[] {
  // Most inputs reference nothing: returned as they are (callers only read them), not copied.
  let references = false;
  for (let i = 0; i < input.length && !references; i++) references = input[i].type === 'item_reference';
  if (!references) return input as GenericItem[];
  return input.map((item, index) => {
    if (item.type !== 'item_reference') return item;
    const found = findItem(String(item.id));
    if (!found) throw invalidRequest(`Item with id '${String(item.id)}' not found.`, `input[${index}].id`, 'item_not_found');
    return found;
  });
}

/**
 * Gives every item an id and the stored form the API lists: `id` and `type` first, then the kind's
 * stored form. Already-stored items keep their id. (Built key by key rather than by spreading: this
 * runs for every input item of every request.)
 */
export function assignInputItemIds(input: readonly GenericItem[], ids: IdFactory): GenericItem[] {
  return input.map((raw) => {
    const kind = itemKind(raw.type);
    const id = typeof raw.id === 'string' && raw.id !== '' ? raw.id : ids.withPrefix(givenIdPrefixOf(kind));
    const item: GenericItem = { id, type: raw.type };
    for (const key of Object.keys(raw)) if (key !== 'id' && key !== 'type') item[key] = raw[key];
    kind?.stored?.(item);
    return item;
  });
}
