/**
 * The plan: one dialect-free description of what the "model" answers. JSON bodies, stream events,
 * stored objects and every dialect are renderings of it, so they cannot disagree.
 */
import type { StoredItem } from '../canonical/items';

export interface PlanUsage {
  input_tokens: number;
  cached_tokens: number;
  output_tokens: number;
  reasoning_tokens: number;
  /**
   * Input tokens written to the prompt cache. Unset: this usage does not account for the cache (a
   * fixture or recording pinned usage without cache numbers), so dialects that report cache fields
   * only when known (Aitronos) leave them out.
   */
  cache_write_tokens?: number;
}

export type TerminalStatus = 'completed' | 'incomplete' | 'failed';

export interface Plan {
  /** Output items in their final state. */
  items: StoredItem[];
  status: TerminalStatus;
  incomplete_reason: 'max_output_tokens' | 'content_filter' | null;
  error: { code: string; message: string } | null;
  usage: PlanUsage;
}
