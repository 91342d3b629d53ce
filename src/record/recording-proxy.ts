/**
 * Record mode: requests are forwarded to the upstream (any Responses-compatible base URL) and the
 * answer is relayed to the client unchanged and as it arrives — stream chunks are written the moment
 * they come in. Each `POST /responses` exchange becomes a fixture file: the match keys the request
 * would be matched on, the reply (the Response, the events with their times, or the error), and what
 * was recorded (upstream, redacted request and response headers, duration, ids, usage).
 */
import { createParser } from 'eventsource-parser';
import type { CanonicalRequest } from '../canonical/request';
import { DEFAULT_FIXTURES_DIR } from '../config';
import type { RecordingServices } from '../core/services';
import type { RequestOptions } from '../emulator-types';
import { ApiError } from '../errors';
import { terminalResponse } from '../fixtures/replay';
import type { Fixture, FixtureMatch, RecordedEvent } from '../fixtures/types';
import type { ArrivingRequest, ReplyChannel } from '../pipeline/context';
import { flatHeaders, noteAnswer, noteEvent, noteJsonBody } from '../pipeline/journal-notes';
import { fixtureMatchKeys, fixtureReply } from '../fixtures/fixture-parts';
import { FixtureWriter } from '../fixtures/fixture-writer';
import { redactFields, redactHeaders, redactQuery } from '../redact';

/**
 * Headers of one connection, not of the request: never forwarded. `expect: 100-continue` would make
 * the outgoing request wait for an interim answer (undici refuses it outright), and the body is
 * already here anyway.
 */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer', 'host', 'content-length', 'expect']);

interface Exchange {
  status: number;
  headers: Record<string, string>;
  json: unknown;
  events: RecordedEvent[] | null;
  durationMs: number;
}

export class RecordingProxy {
  private readonly writer: FixtureWriter;
  /** Recordings of this session by match keys, to number repeats (`nth`). */
  private readonly recorded = new Map<string, { file: string; fixture: Fixture; count: number }>();

  constructor(
    private readonly core: RecordingServices,
    private readonly upstream: string,
  ) {
    this.writer = new FixtureWriter(core.config.fixturesDir ?? DEFAULT_FIXTURES_DIR);
  }

  /** Forwards any request and relays the answer; nothing is recorded. */
  async relay(req: ArrivingRequest, res: ReplyChannel): Promise<void> {
    await this.forward(req, res);
  }

  /** Forwards a POST /responses, relays the answer, and writes it as a fixture. */
  async record(req: ArrivingRequest, res: ReplyChannel, request: CanonicalRequest | null, options: RequestOptions): Promise<void> {
    const exchange = await this.forward(req, res);
    if (!exchange) return; // the client left, or the upstream failed: nothing worth replaying
    const config = this.core.config;
    const match = this.matchKeys(request, req.body, options);
    const key = JSON.stringify(match);
    const testId = options.headers?.[config.testIdHeader];
    const fixture: Fixture = {
      name: '',
      match,
      reply: this.reply(exchange),
      recorded: {
        upstream: this.upstream,
        at: new Date().toISOString(),
        durationMs: Math.round(exchange.durationMs),
        request: {
          method: req.method,
          path: redactQuery(req.originalUrl),
          headers: redactHeaders(flatHeaders(req.headers), config.redactHeaders),
          body: redactFields(req.body, config.redactFields),
        },
        response: { status: exchange.status, headers: redactHeaders(exchange.headers, config.redactHeaders) },
        ...responseFacts(exchange),
      },
    };
    const earlier = this.recorded.get(key);
    if (earlier) {
      // The same request again: recordings are numbered so a replay answers them in order.
      earlier.count += 1;
      if (earlier.count === 2) this.writer.rewrite(earlier.file, { ...earlier.fixture, match: { ...earlier.fixture.match, nth: 1 } });
      fixture.match = { ...match, nth: earlier.count };
    }
    const file = this.writer.create(testId ?? 'recording', (name) => {
      fixture.name = name;
      return fixture;
    });
    if (!earlier) this.recorded.set(key, { file, fixture, count: 1 });
    if (config.recordMode === 'missing') this.core.addFixtures(fixture, file);
    if (request && exchange.status < 400) this.storeLocally(request, exchange);
  }

  private storeLocally(request: CanonicalRequest, exchange: Exchange): void {
    const response = responseOf(exchange);
    if (response) this.core.storeRecorded(request, response, exchange.events ?? undefined);
  }

  private reply(exchange: Exchange): Fixture['reply'] {
    return fixtureReply(exchange, this.core.config.redactFields);
  }

  /** The keys a fixture needs to match this request again, as the matcher will see it. */
  private matchKeys(request: CanonicalRequest | null, body: unknown, options: RequestOptions): FixtureMatch {
    const header = this.core.config.testIdHeader;
    const value = options.headers?.[header];
    return fixtureMatchKeys(request, request && this.core.matchContextFor(request, options), body, value !== undefined ? { header, value } : null);
  }

  /** Sends the request upstream and relays the answer as it arrives. Null when there is nothing to record. */
  private async forward(req: ArrivingRequest, res: ReplyChannel): Promise<Exchange | null> {
    const target = this.upstream + req.originalUrl.replace(/^\/v1(?=\/|$)/, '');
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(flatHeaders(req.headers))) {
      if (!HOP_BY_HOP.has(name) && !name.startsWith('x-emulator-') && name !== 'accept-encoding') headers[name] = value;
    }
    const aborter = new AbortController();
    let clientGone = false;
    let ended = false;
    res.once('close', () => {
      if (!ended) {
        clientGone = true;
        aborter.abort();
      }
    });
    const started = performance.now();
    noteAnswer(res, 'recording');
    let upstream: globalThis.Response;
    try {
      upstream = await fetch(target, {
        method: req.method,
        headers,
        body: req.body === undefined || req.method === 'GET' || req.method === 'HEAD' ? undefined : JSON.stringify(req.body),
        signal: aborter.signal,
      });
    } catch (err) {
      if (clientGone) return null;
      throw new ApiError(502, 'server_error', `Could not reach the upstream ${this.upstream}: ${(err as Error).message}.`, null, 'upstream_unreachable');
    }
    const upstreamHeaders: Record<string, string> = {};
    upstream.headers.forEach((value, name) => {
      upstreamHeaders[name] = value;
      if (!HOP_BY_HOP.has(name) && name !== 'content-encoding') res.setHeader(name, value);
    });
    res.statusCode = upstream.status;
    const isStream = (upstream.headers.get('content-type') ?? '').includes('text/event-stream');
    if (!isStream) {
      const body = Buffer.from(await upstream.arrayBuffer());
      ended = true;
      res.end(body);
      noteJsonBody(res, parseJson(body.toString('utf8')));
      return { status: upstream.status, headers: upstreamHeaders, json: parseJson(body.toString('utf8')), events: null, durationMs: performance.now() - started };
    }
    const events: RecordedEvent[] = [];
    const parser = createParser({
      onEvent: (e) => {
        if (e.data === '[DONE]') return;
        const event = parseJson(e.data);
        if (event && typeof event === 'object') {
          events.push({ t: Math.round(performance.now() - started), event: event as Record<string, unknown> });
          noteEvent(res, event);
        }
      },
    });
    res.flushHeaders();
    const decoder = new TextDecoder();
    try {
      const reader = upstream.body!.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        res.write(value);
        parser.feed(decoder.decode(value, { stream: true }));
      }
    } catch {
      if (!ended) {
        ended = true;
        res.end();
      }
      return null; // cut short: not a complete exchange
    }
    ended = true;
    res.end();
    return clientGone ? null : { status: upstream.status, headers: upstreamHeaders, json: null, events, durationMs: performance.now() - started };
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The Response an exchange produced: the JSON body, or the one a stream ended with. */
function responseOf(exchange: Exchange): Record<string, unknown> | null {
  const response = exchange.events ? terminalResponse(exchange.events) : exchange.json;
  return response && typeof response === 'object' && 'id' in response ? (response as Record<string, unknown>) : null;
}

/** The upstream's ids and usage, for a reader of the fixture. */
function responseFacts(exchange: Exchange): Record<string, unknown> {
  const response = responseOf(exchange);
  return response ? { responseId: response.id, usage: response.usage ?? null } : {};
}
