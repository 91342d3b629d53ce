/**
 * A reply's headers as the journal shows them when read at once (kept, then redacted): the reference
 * the tests compare a later reading with.
 */
import { keptReplyHeaders, redactedKeptHeaders, type HeaderSource } from '../../src/redact';

export function redactedReplyHeaders(reply: HeaderSource, extra: readonly string[]): Record<string, string> {
  return redactedKeptHeaders(keptReplyHeaders(reply), extra);
}
