/**
 * "Copy as fixture": a journal entry of a create exchange turned into a fixture that would answer
 * the same request the same way again — matched on the keys the recorder writes (model, the latest
 * user text, instructions, tools, turn, stream, test id; see record/fixture-parts.ts), replying with
 * the recorded Response, stream events or error, or the fault that answered. As YAML, ready to save
 * in a fixtures folder.
 */
import type { ExchangeFixtureServices } from '../core/services';
import { ApiError } from '../errors';
import { terminalResponse } from '../fixtures/replay';
import type { Fixture, RecordedEvent } from '../fixtures/types';
import { fixtureMatchKeys, fixtureReply } from '../fixtures/fixture-parts';
import { sanitizeName } from '../fixtures/fixture-writer';
import { MAX_EVENTS, type JournalEntry } from './journal';

/** Paths whose POST creates a response in the OpenAI dialect (the one the recorder records, too). */
const CREATE_PATH = /^(\/v1)?\/responses\/?$/;

/** Whether an entry can become a fixture: an OpenAI-dialect create, over HTTP or WebSocket. */
export function isCreateExchange(entry: JournalEntry): boolean {
  if (entry.dialect !== 'openai') return false;
  return entry.method === 'WS' || (entry.method === 'POST' && CREATE_PATH.test(entry.path.split('?')[0]));
}

export function fixtureOfExchange(core: ExchangeFixtureServices, entry: JournalEntry): Fixture {
  if (!isCreateExchange(entry)) {
    throw new ApiError(400, 'invalid_request_error', `Exchange '${entry.id}' did not create a response in the OpenAI dialect (POST /v1/responses or a WebSocket response.create): there is no fixture to copy.`, 'id', 'not_a_create_exchange');
  }
  if (entry.open) throw new ApiError(409, 'invalid_request_error', `Exchange '${entry.id}' is still in progress: copy it as a fixture once it has ended.`, 'id', 'exchange_in_progress');
  const record = core.journal.recordOf(entry);
  const header = core.config.testIdHeader;
  const options = { headers: entry.request.headers, dialect: entry.dialect };
  const match = fixtureMatchKeys(record?.request ?? null, record ? core.matchContextOfRecord(record, options) : null, entry.request.body, entry.testId !== null ? { header, value: entry.testId } : null);
  return {
    name: `${sanitizeName(entry.testId ?? 'exchange')}-${entry.id}`,
    match,
    reply: replyOf(core, entry),
    recorded: { source: 'inspector', requestId: entry.id, at: entry.at, answeredBy: entry.answeredBy, ...(entry.fixture ? { fixture: entry.fixture.name } : {}) },
  };
}

function replyOf(core: ExchangeFixtureServices, entry: JournalEntry): Fixture['reply'] {
  // A fault answered (or cut the stream of a generated answer): the fault reproduces it, on the same seed.
  if (entry.fault) return { fault: entry.fault.spec };
  if (entry.status === null || entry.response === null) {
    throw new ApiError(409, 'invalid_request_error', `Exchange '${entry.id}' ended without a reply: there is nothing to reproduce.`, 'id', 'no_reply');
  }
  const events: RecordedEvent[] | null = entry.events.length > 0 ? entry.events.map(({ t, event }) => ({ t: Math.round(t), event: event as Record<string, unknown> })) : null;
  if (events && entry.status < 400 && (entry.events.length >= MAX_EVENTS || terminalResponse(events) === null)) {
    throw new ApiError(409, 'invalid_request_error', `The journal did not keep the whole stream of exchange '${entry.id}' (at most ${MAX_EVENTS} events): record it instead (--record).`, 'id', 'stream_not_kept');
  }
  return fixtureReply({ status: entry.status, headers: entry.response.headers, json: entry.response.body, events }, core.config.redactFields);
}

/** The fixture as a YAML document, with a comment saying where it came from. */
export function fixtureYaml(fixture: Fixture): string {
  // yaml is loaded only when a fixture is copied.
  const { stringify } = require('yaml') as typeof import('yaml');
  return `# Copied from the responses-emulator inspector; save it in your fixtures folder (e.g. fixtures/${fixture.name}.yaml).\n${stringify(fixture, { lineWidth: 0 })}`;
}
