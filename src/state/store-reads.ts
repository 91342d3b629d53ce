/**
 * What one API request can read from the stores, worked out before it runs so that a shared store
 * can load exactly that first (src/state/redis/redis-state.ts): responses with the chain they
 * continue, conversations with their items, and items referenced by id.
 */
export interface StoreReads {
  responses: string[];
  conversations: string[];
  items: string[];
}

export function noReads(): StoreReads {
  return { responses: [], conversations: [], items: [] };
}
