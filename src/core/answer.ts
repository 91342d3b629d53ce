/**
 * The answer step: a request's answer is a fixture's reply when one matches, otherwise synthesis, and
 * either way a Plan. A fixture's reply may also be an error (thrown), a fault that shapes delivery
 * (a delay, a stream interruption) or a recording replayed verbatim with fresh ids.
 */
import type { GenericItem } from '../canonical/items';
import type { CanonicalRequest } from '../canonical/request';
import { unixSeconds, type Clock } from '../clock';
import type { MatchContext } from '../fixtures/fixture-set';
import type { FixtureLibrary } from '../fixtures/fixture-library';
import { echoRequest, fixtureError, terminalResponse, verbatimOf } from '../fixtures/replay';
import { planFromReply, replyFromResponse } from '../fixtures/reply-plan';
import { freshenVerbatim, type IdMap, withoutPinnedIds } from '../fixtures/fresh-ids';
import type { FixtureReply, LoadedFixture } from '../fixtures/types';
import { type Fault, faultAction, FaultSignal, parseFault } from '../faults/faults';
import type { StreamInterruption } from '../faults/stream-interruption';
import type { IdFactory } from '../ids';
import type { Logger } from '../log';
import { Rng, seedOf } from '../random';
import type { Verbatim } from '../model/response-record';
import type { Plan } from '../model/plan';
import { planResponse, warmupPlan } from '../engine/planner';
import type { SeenInput } from '../engine/context-window';

export interface AnswerInput {
  request: CanonicalRequest;
  /** The seed in force, the request's content key and how many times that content was seen. */
  seed: string;
  key: string;
  occurrence: number;
  /** What is said is seeded from this: `seedOf(seed, 'content', key)`, hashed with the create's other seeds (ContentSeeds). */
  contentSeed: number;
  /** The response's id factory, and the id it already drew. */
  ids: IdFactory;
  id: string;
  /** Everything the response continues from plus its stored input. */
  context: GenericItem[];
  /** What the model sees of it (the context window applied). */
  seen: SeenInput;
  /** The facts fixtures match on, built only when a fixture could answer. */
  matchContext: () => MatchContext;
  warmup: boolean;
  requireFixture: boolean;
  interruption: StreamInterruption | undefined;
}

export interface AnswerDeps {
  fixtures: FixtureLibrary;
  clock: Clock;
  config: { keepFixtureIds: boolean };
  replayIds: IdMap;
  log: Logger;
}

export interface Answer {
  fixture: LoadedFixture | null;
  /** The fixture's reply as used (pinned ids dropped unless kept). */
  reply: FixtureReply | null;
  verbatim: Verbatim | null;
  plan: Plan;
  /** The response's creation time (a fixture's pinned time with keepIds). */
  nowMs: number;
  /** Milliseconds before the first byte (a fixture's `slow` fault). */
  delayMs: number;
  /** The stream's interruption: the request's, or a fixture's stream fault. */
  interruption: StreamInterruption | undefined;
}

export function answer(input: AnswerInput, deps: AnswerDeps): Answer {
  const { request, seed, key, occurrence, ids, id, context, seen } = input;
  const fixture = input.warmup ? null : deps.fixtures.find(input.matchContext, input.requireFixture);
  // A fixture's ids and times are its own only with keepIds; otherwise each answer gets fresh ones.
  const keepIds = fixture !== null && (fixture.keepIds ?? deps.config.keepFixtureIds);
  const prepared = fixture ? preparedReply(fixture, request.stream, keepIds) : null;
  const reply = prepared?.reply ?? null;
  let delayMs = 0;
  let interruption = input.interruption;
  const fault = prepared?.fault;
  if (fault) {
    // A delay or an interruption shapes this answer; any other action is the transport's to perform.
    const action = faultAction(fault, request.model);
    if (action.kind === 'delay') delayMs = action.ms;
    else if (action.kind === 'interrupt') interruption = action.interruption;
    else throw new FaultSignal(fault, request.model);
  }
  const nowMs = reply?.createdAt !== undefined ? reply.createdAt * 1000 : deps.clock.nowMs();
  const recorded = prepared?.recorded ?? null;
  const echoed = recorded ? echoRequest(recorded, request) : null;
  const verbatim =
    echoed && !keepIds
      ? freshenVerbatim(echoed, {
          responseId: id,
          nowSec: unixSeconds(nowMs),
          previousResponseId: request.previous_response_id,
          conversation: request.conversation,
          rng: new Rng(seedOf(seed, 'replay-ids', key, occurrence)),
          ids: deps.replayIds,
        })
      : echoed;
  // A fixture that names only a fault (`slow`, a stream fault) shapes the delivery, not the content:
  // the answer is the one synthesis gives, as with the same fault in the header.
  const plan = reply && !reply.fault
    ? planFromReply(verbatim ? replyFromResponse(verbatim.response) : reply, { request, context: seen.history.length === 0 ? seen.input : [...seen.history, ...seen.input], ids, inputTokens: seen.inputTokens, rng: new Rng(input.contentSeed), warn: (w) => deps.log.warn(`fixture ${fixture?.label}: ${w}`), recorded: isRecordedFixture(fixture) })
    : input.warmup
      ? warmupPlan(request, context)
      : planResponse({ request, history: seen.history, input: seen.input, inputTokens: seen.inputTokens, rng: new Rng(input.contentSeed), ids, year: utcYear(deps.clock.nowMs()) });
  return { fixture, reply, verbatim, plan, nowMs, delayMs, interruption };
}

/** The UTC year of an instant; the last year asked is kept with its bounds, so a request makes no Date (the year changes once a year). */
let yearKept = { year: 0, fromMs: 0, toMs: -1 };

function utcYear(ms: number): number {
  if (ms >= yearKept.fromMs && ms < yearKept.toMs) return yearKept.year;
  const year = new Date(ms).getUTCFullYear();
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999.
  yearKept = { year, fromMs: new Date(0).setUTCFullYear(year, 0, 1), toMs: new Date(0).setUTCFullYear(year + 1, 0, 1) };
  return year;
}

/** A recorded reply (`response`/`events`): the real API's answer, whichever kind the request asks for. */
function isRecordedFixture(fixture: LoadedFixture | null): boolean {
  return fixture !== null && (fixture.reply.response !== undefined || fixture.reply.events !== undefined);
}

/**
 * What answering with a fixture takes from the fixture alone, for one kind of request (streamed or
 * not, pinned ids kept or not): worked out on the fixture's first answer of that kind and kept with
 * it (a reloaded fixture is a new object), so a hit does not redo it. Read-only once made: the
 * plan copies the items it takes from it.
 */
interface PreparedReply {
  /** The reply as used: a recording of the other kind converted, pinned ids dropped unless kept. */
  reply: FixtureReply;
  fault: Fault | null;
  /** The recording replayed verbatim, if the reply is one of the kind the request asks for. */
  recorded: Verbatim | null;
}

const preparedReplies = new WeakMap<LoadedFixture, (PreparedReply | undefined)[]>();

/** The fixture's reply prepared for this kind of request; an error reply is thrown (a fresh error each time). */
function preparedReply(fixture: LoadedFixture, stream: boolean, keepIds: boolean): PreparedReply {
  if (fixture.reply.error) throw fixtureError(fixture.reply.error);
  let variants = preparedReplies.get(fixture);
  if (!variants) preparedReplies.set(fixture, (variants = []));
  return (variants[(stream ? 1 : 0) + (keepIds ? 2 : 0)] ??= prepareReply(fixture, stream, keepIds));
}

function prepareReply(fixture: LoadedFixture, stream: boolean, keepIds: boolean): PreparedReply {
  const effective = effectiveReply(fixture, stream);
  const reply = keepIds ? effective : withoutPinnedIds(effective);
  return { reply, fault: reply.fault ? parseFault(reply.fault) : null, recorded: verbatimOf(reply, stream) };
}

/**
 * A recording of the other kind than the request asks for (a JSON Response for a stream, a stream
 * for JSON) becomes its output and usage, to be re-rendered.
 */
function effectiveReply(fixture: LoadedFixture, stream: boolean): FixtureReply {
  const reply = fixture.reply;
  if (stream && reply.response && !reply.events) return replyFromResponse(reply.response);
  if (!stream && reply.events && !reply.response) {
    const response = terminalResponse(reply.events);
    if (response) return replyFromResponse(response);
  }
  return reply;
}
