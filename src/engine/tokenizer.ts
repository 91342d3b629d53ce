/**
 * Real BPE token counts (gpt-tokenizer). Each encoding is loaded on first use: loading o200k_base
 * costs ~250 ms, which start-up should not pay before a request needs it (see `warmUpTokenizers`).
 */
import { encodingForModel, type EncodingName } from '../models';

export interface Tokenizer {
  readonly encoding: EncodingName;
  encode(text: string): number[];
  decode(tokens: readonly number[]): string;
  count(text: string): number;
}

interface GptTokenizerModule {
  encode(text: string, options?: { disallowedSpecial?: Set<string> }): number[];
  decode(tokens: Iterable<number>): string;
}

const loaded = new Map<EncodingName, Tokenizer>();

function load(encoding: EncodingName): GptTokenizerModule {
  // Static requires (not a template) so bundlers and the TypeScript build can see both modules.
  return encoding === 'cl100k_base'
    ? (require('gpt-tokenizer/encoding/cl100k_base') as GptTokenizerModule)
    : (require('gpt-tokenizer/encoding/o200k_base') as GptTokenizerModule);
}

/** User text may contain strings such as "<|endoftext|>"; they count as ordinary text, never as special tokens. */
const NO_SPECIAL = { disallowedSpecial: new Set<string>() };

export function tokenizerFor(encoding: EncodingName): Tokenizer {
  let t = loaded.get(encoding);
  if (!t) {
    const mod = load(encoding);
    t = {
      encoding,
      encode: (text) => mod.encode(text, NO_SPECIAL),
      decode: (tokens) => mod.decode(tokens),
      count: (text) => (text === '' ? 0 : mod.encode(text, NO_SPECIAL).length),
    };
    loaded.set(encoding, t);
  }
  return t;
}

export function tokenizerForModel(model: string): Tokenizer {
  return tokenizerFor(encodingForModel(model));
}

/** Loads the default encoding ahead of the first request (called after the server is listening). */
export function warmUpTokenizers(): void {
  tokenizerFor('o200k_base');
}
