/**
 * How long the shared store keeps what it writes. Every key gets a TTL, so a Redis whose
 * `maxmemory-policy` is `volatile-lru` (or `volatile-ttl`) can always evict, and Redis does not grow
 * without bound (the memory store caps its tables instead).
 *
 * - A response (and its item-reference keys): `--response-ttl`, or KEPT_MS when that is 0 (the
 *   memory store then keeps responses until evicted by count; a shared Redis needs an end).
 * - Everything else (conversations, the age indexes, the shared counters, the replica counter): at
 *   least KEPT_MS and at least the response TTL, refreshed each time it is used — a counter outlives
 *   what it numbered, so its numbers are not drawn again while they are still stored.
 */

/** Seven days. */
export const KEPT_MS = 7 * 24 * 60 * 60 * 1000;

export function retention(responseTtlMs: number): { responseMs: number; keepMs: number } {
  return { responseMs: responseTtlMs > 0 ? responseTtlMs : KEPT_MS, keepMs: Math.max(KEPT_MS, responseTtlMs) };
}
