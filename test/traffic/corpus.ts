/**
 * The corpus of real api.openai.com exchanges (test/traffic/corpus/*.json, built by
 * scripts/build-traffic-corpus.ts from recordings client libraries commit as test fixtures), and
 * its replay against the emulator.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseSse } from '../helpers/sse';
import type { StreamEvent } from './structure';

export interface Exchange {
  name: string;
  source: { repository: string; path: string; commit: string; interaction?: number };
  /** The day the response was created (null for errors, which carry no timestamp). */
  recorded: string | null;
  request: { method: string; path: string; body: Record<string, unknown>; derived?: string };
  /** What replaying needs beyond the recorded request: a prompt that makes the emulator pick the same tools, headers. */
  replay?: { prompt?: string; headers?: Record<string, string> };
  response: { status: number; headers: Record<string, string>; body?: unknown; events?: StreamEvent[] };
}

export const CORPUS_DIR = resolve(__dirname, 'corpus');

export function loadCorpus(): Exchange[] {
  return readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ name: f.replace(/\.json$/, ''), ...(JSON.parse(readFileSync(resolve(CORPUS_DIR, f), 'utf8')) as Omit<Exchange, 'name'>) }));
}

/** The recorded request, with the replay prompt in place of the last user message (input is never echoed). */
export function replayBody(exchange: Exchange): Record<string, unknown> {
  const body = structuredClone(exchange.request.body);
  const prompt = exchange.replay?.prompt;
  if (!prompt) return body;
  const input = body.input;
  if (Array.isArray(input)) {
    const last = [...input].reverse().find((i: Record<string, unknown>) => i.role === 'user') as Record<string, unknown> | undefined;
    if (last) last.content = prompt;
    else input.push({ role: 'user', content: prompt });
  } else body.input = prompt;
  return body;
}

export interface Replayed {
  status: number;
  headers: Headers;
  body?: unknown;
  events?: StreamEvent[];
}

export async function replay(fetchFn: (url: string, init: RequestInit) => Promise<Response>, baseURL: string, exchange: Exchange): Promise<Replayed> {
  const res = await fetchFn(`${baseURL}${exchange.request.path.replace(/^\/v1/, '')}`, {
    method: exchange.request.method,
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test', ...exchange.replay?.headers },
    body: JSON.stringify(replayBody(exchange)),
  });
  const text = await res.text();
  const streamed = (res.headers.get('content-type') ?? '').startsWith('text/event-stream');
  if (streamed) return { status: res.status, headers: res.headers, events: parseSse(text).events as StreamEvent[] };
  return { status: res.status, headers: res.headers, body: JSON.parse(text) };
}
