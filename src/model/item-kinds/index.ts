/**
 * Every item kind the emulator knows, one file each (see ../item-kind.ts for what a kind says and why
 * the table sits at the bottom). A new kind is one file in this folder: `npm run build` lists it in
 * list.generated.ts. Item types with no kind here (e.g. `item_reference`, `computer_call_output`)
 * pass through as given: generic `item_` ids, nothing streamed between `output_item.added` and `.done`.
 */
import type { ItemKind } from '../item-kind';
import { ITEM_KIND_FILES } from './list.generated';

export type { ItemAt, ItemKind, ItemStreamer, TextChunk } from '../item-kind';

const kinds: ItemKind[] = [...ITEM_KIND_FILES];
const BY_TYPE = new Map<string, ItemKind>(kinds.map((kind) => [kind.type, kind]));

/**
 * Every item kind: this folder's in file-name order (nothing depends on it: kinds are looked up by
 * type), then those built-in tools bring in their own files.
 */
export const ITEM_KINDS: readonly ItemKind[] = kinds;

/**
 * Kinds a built-in tool declares in its file (`itemKinds` in src/engine/tools/kinds/, above this
 * table): the engine's kinds index adds them as it loads, before any request is answered.
 */
export function addItemKinds(more: readonly ItemKind[]): void {
  for (const kind of more) {
    if (BY_TYPE.has(kind.type)) throw new Error(`item type ${kind.type} has two kinds`);
    kinds.push(kind);
    BY_TYPE.set(kind.type, kind);
  }
}

/** The kind of an item type; undefined for types the emulator passes through as given. */
export function itemKind(type: string): ItemKind | undefined {
  return BY_TYPE.get(type);
}

/** Id prefix for an input item (or a fixture's item) of `type` that came without an id. */
export function givenItemIdPrefix(type: string): string {
  return givenIdPrefixOf(BY_TYPE.get(type));
}

/** As givenItemIdPrefix, for a kind already looked up (input items are stored on every request). */
export function givenIdPrefixOf(kind: ItemKind | undefined): string {
  return kind?.prefixedWhenGiven === false ? 'item_' : (kind?.idPrefix ?? 'item_');
}
