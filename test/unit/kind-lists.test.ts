/**
 * Adding a fault kind, a tool kind, an item kind or a dialect is adding its file (README "Recipes"):
 * the lists are generated from the folders by scripts/generate-kind-lists.ts (`npm run build`). These
 * tests check that every file in each folder is in its list, the list has nothing else, the order is
 * the stated one, and the generated files are what the generator writes today.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { generatedLists, LIST_FILE } from '../../scripts/generate-kind-lists';
import { DIALECT_CHOICES } from '../../src/config/dialect-choices.generated';
import { resolveConfig } from '../../src/config';
import { DIALECT_LIST, DIALECTS, FALLBACK_DIALECT } from '../../src/dialects/registry';
import { TOOL_KINDS } from '../../src/engine/tools/kinds';
import { echoTool } from '../../src/render/echo-defaults';
import { FAULT_KINDS } from '../../src/faults/faults';
import { FAULT_KIND_DESCRIPTORS } from '../../src/faults/kinds/index';
import { ITEM_KINDS } from '../../src/model/item-kinds';

const SRC = join(__dirname, '../../src');

/** The kind files of a folder, in file-name order (index.ts and the generated list are not kinds). */
function kindFiles(dir: string): string[] {
  return readdirSync(join(SRC, dir))
    .filter((file) => file.endsWith('.ts') && file !== 'index.ts' && file !== LIST_FILE)
    .sort();
}

/** The descriptor each file exports, found among the list's entries (exactly one per file). */
function listedFrom(dir: string, list: readonly unknown[]): unknown[] {
  return kindFiles(dir).map((file) => {
    const exported = Object.values(require(join(SRC, dir, file)) as Record<string, unknown>).filter((value) => list.includes(value));
    expect({ file, listed: exported.length }).toEqual({ file, listed: 1 });
    return exported[0];
  });
}

describe('kind lists (one file per kind)', () => {
  /** The item kinds of the folder: the table less those the tool kinds bring. */
  const carried = TOOL_KINDS.flatMap((kind) => kind.itemKinds ?? []);
  const folderItemKinds = ITEM_KINDS.filter((kind) => !carried.includes(kind));

  it.each([
    ['faults/kinds', FAULT_KIND_DESCRIPTORS as readonly unknown[]],
    ['engine/tools/kinds', TOOL_KINDS],
    ['model/item-kinds', folderItemKinds],
  ])('%s: every file is in the list, once, and the list has nothing else', (dir, list) => {
    const listed = listedFrom(dir, list);
    expect(new Set(listed).size).toBe(listed.length);
    expect(list.length).toBe(listed.length);
  });

  it('tool and item kinds are listed in file-name order', () => {
    expect(TOOL_KINDS).toEqual(listedFrom('engine/tools/kinds', TOOL_KINDS));
    expect(ITEM_KINDS).toEqual([...listedFrom('model/item-kinds', ITEM_KINDS), ...carried]);
  });

  it('fault kinds are listed by their order, which no two share (the docs and the unknown-kind message keep theirs)', () => {
    const orders = FAULT_KIND_DESCRIPTORS.map((d) => d.order);
    expect(new Set(orders).size).toBe(orders.length);
    expect(orders).toEqual([...orders].sort((a, b) => a - b));
    expect(FAULT_KINDS).toEqual(['rate_limit', 'insufficient_quota', 'server_error', 'overloaded', 'unauthorized', 'forbidden', 'timeout', 'disconnect', 'slow', 'stream_cut', 'stream_error', 'stream_failed']);
  });

  it('every folder under src/dialects/ with a dialect.ts is a dialect under its folder name, the fallback first, then by name', () => {
    const folders = readdirSync(join(SRC, 'dialects'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(SRC, 'dialects', entry.name, 'dialect.ts')))
      .map((entry) => entry.name)
      .sort();
    expect(Object.keys(DIALECTS).sort()).toEqual(folders);
    for (const [name, dialect] of Object.entries(DIALECTS)) expect(dialect.name).toBe(name);
    expect(DIALECT_LIST[0]).toBe(FALLBACK_DIALECT);
    expect(DIALECT_LIST.slice(1).map((d) => d.name)).toEqual(folders.filter((f) => f !== FALLBACK_DIALECT.name));
  });

  it('the --dialect choices are the dialects that can answer the default paths, in registry order, and each is accepted', () => {
    expect([...DIALECT_CHOICES]).toEqual(DIALECT_LIST.filter((d) => d.paths.asDefault !== null).map((d) => d.name));
    for (const dialect of DIALECT_CHOICES) expect(resolveConfig({ dialect }).dialect).toBe(dialect);
  });

  it('a tool kind hands its echo down to render, for each of its types; other tools are echoed as given', () => {
    for (const kind of TOOL_KINDS) {
      for (const type of kind.types) {
        const tool = { type, name: 'x', server_label: 'x', vector_store_ids: [] };
        expect(echoTool(tool)).toEqual(kind.echo ? kind.echo(tool) : tool);
      }
    }
    const unknown = { type: 'tool_search' };
    expect(echoTool(unknown)).toBe(unknown);
  });

  it('item kinds a tool brings in its own file join the table; an item type with two kinds is refused', () => {
    jest.isolateModules(() => {
      const table = require('../../src/model/item-kinds') as typeof import('../../src/model/item-kinds');
      const brought = { type: 'probe_call', idPrefix: 'probe_' };
      table.addItemKinds([brought]);
      expect(table.itemKind('probe_call')).toBe(brought);
      expect(table.ITEM_KINDS).toContain(brought);
      expect(() => table.addItemKinds([{ type: 'message' }])).toThrow('item type message has two kinds');
    });
  });

  it('the generated lists are up to date (run `npm run build` after adding a file) and the same on every run', () => {
    const first = generatedLists();
    expect([...generatedLists()]).toEqual([...first]);
    for (const [file, text] of first) expect({ file, text: readFileSync(file, 'utf8') }).toEqual({ file, text });
  });
});
