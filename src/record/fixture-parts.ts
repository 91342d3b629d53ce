/**
 * The two halves of a fixture made from an exchange, shared by the recorder (which writes them to a
 * file) and the inspector's "copy as fixture" (which turns a journal entry into one): the match keys
 * the request would be matched on again, and the reply that reproduces the answer.
 */
import type { CanonicalRequest } from '../canonical/request';
import type { MatchContext } from '../fixtures/fixture-set';
import type { Fixture, FixtureMatch, RecordedEvent } from '../fixtures/types';
import { redactEcho } from '../redact';

/**
 * The keys a fixture needs to match this request again, as the matcher sees it (`ctx`, from the
 * emulator). Without a parsed request (the body was refused), the body's model and string input.
 * `testId`: the test id header's name and value, when the request carried one.
 */
export function fixtureMatchKeys(request: CanonicalRequest | null, ctx: MatchContext | null, body: unknown, testId: { header: string; value: string } | null): FixtureMatch {
  const headers = testId ? { headers: { [testId.header]: testId.value } } : {};
  if (!request || !ctx) {
    const b = (body ?? {}) as Record<string, unknown>;
    return { ...(typeof b.model === 'string' ? { model: b.model } : {}), ...(typeof b.input === 'string' ? { input: b.input } : {}), ...headers };
  }
  const match: FixtureMatch = { model: request.model, input: ctx.input };
  if (request.instructions) match.instructions = request.instructions;
  if (request.tools.length > 0) match.tools = request.tools.map((t) => String(t.name ?? t.server_label ?? t.type));
  if (request.tool_choice !== 'auto') match.toolChoice = request.tool_choice;
  // Stated even when they are the default, so a first turn's recording never also answers its follow-ups.
  match.endsWithToolOutput = ctx.endsWithToolOutput;
  match.turn = ctx.turn;
  match.stream = request.stream;
  return { ...match, ...headers };
}

export interface ReplySource {
  status: number;
  /** The reply's headers (an error keeps its retry and rate-limit ones). */
  headers: Record<string, string>;
  /** The JSON body (null for a stream). */
  json: unknown;
  /** The stream's events with their times, or null for a JSON reply. */
  events: RecordedEvent[] | null;
}

/** The reply that gives the same answer: the error, the events, or the Response (echoed fields redacted by `redactPaths`). */
export function fixtureReply(exchange: ReplySource, redactPaths: readonly string[]): Fixture['reply'] {
  if (exchange.status >= 400) {
    const kept = Object.fromEntries(Object.entries(exchange.headers).filter(([h]) => /^(retry-after|retry-after-ms|x-should-retry|x-ratelimit-)/.test(h)));
    return { error: { status: exchange.status, body: exchange.json, ...(Object.keys(kept).length > 0 ? { headers: kept } : {}) } };
  }
  // A Response echoes request fields (metadata, instructions…): --redact-fields covers the echo too.
  if (exchange.events) return { events: exchange.events.map((e) => ({ ...e, event: redactEcho(e.event, redactPaths) })) };
  return { response: redactEcho(exchange.json as Record<string, unknown>, redactPaths) };
}
