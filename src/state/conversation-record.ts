/** A conversation as the stores keep it (its own file, so the stores and their change listeners share it without an import cycle). */
import type { GenericItem } from '../canonical/items';

export interface ConversationRecord {
  id: string;
  created_at: number;
  metadata: Record<string, string>;
  items: GenericItem[];
  /** An Aitronos thread (listed by GET /v1/threads); otherwise an OpenAI conversation. */
  thread?: boolean;
}
