/**
 * The core's side of a shared store (`--store redis://…`): the RedisState over the core's local
 * stores (src/state/redis/redis-state.ts), built when the emulator has a Redis link.
 */
import type { ResolvedConfig } from '../config';
import type { Logger } from '../log';
import type { ConversationStore } from '../state/conversation-store';
import type { RedisLink } from '../state/redis/link';
import { RedisState } from '../state/redis/redis-state';
import type { ResponseStore } from '../state/response-store';

export function sharedStore(
  redis: RedisLink | null,
  parts: { store: ResponseStore; conversations: ConversationStore; config: ResolvedConfig; log: Logger; isLive(id: string): boolean },
): RedisState | null {
  return redis ? new RedisState(redis, parts) : null;
}
