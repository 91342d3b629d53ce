/**
 * Build step (`npm run build`): writes the compact BPE rank tables the tokenizer loads at run time
 * (src/tokenizer-table.ts describes the format and why) into dist/tokenizer/, one per encoding the
 * emulator counts with, each stamped with the gpt-tokenizer version it was read from.
 *
 *   tsx scripts/build-tokenizer-tables.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EncodingName } from '../src/models';
import { expectedTableHeader } from '../src/tokenizer';
import { buildRankTable, TABLES_DIR } from '../src/tokenizer-table';

const ENCODINGS: Record<EncodingName, () => ReadonlyArray<string | readonly number[]>> = {
  o200k_base: () => (require('gpt-tokenizer/bpeRanks/o200k_base') as { default: string[] }).default,
  cl100k_base: () => (require('gpt-tokenizer/bpeRanks/cl100k_base') as { default: string[] }).default,
};

mkdirSync(TABLES_DIR, { recursive: true });
for (const [encoding, ranks] of Object.entries(ENCODINGS) as Array<[EncodingName, () => ReadonlyArray<string | readonly number[]>]>) {
  const file = join(TABLES_DIR, `${encoding}.bin`);
  const bytes = buildRankTable(ranks(), expectedTableHeader(encoding));
  writeFileSync(file, bytes);
  process.stdout.write(`${file}: ${(bytes.length / 2 ** 20).toFixed(1)} MiB\n`);
}
