/**
 * Faults: every failure a client of the real API can meet, on demand. A fault is written
 * `<kind>[;key=value…]` — in the `x-emulator-fault` header, a fixture's `reply.fault`, or (kinds
 * with probabilities) `--chaos`. An unknown kind or parameter is an error, never ignored.
 *
 * The kinds are described one per file in kinds/ (their names, docs and the action each resolves
 * to); the parameters in fault-params.ts; the actions, which each transport performs, in
 * fault-action.ts.
 *
 * Parameters: retry_after (s) and retry_after_ms (429s), should_retry (sends x-should-retry),
 * after (events), delay (ms), message (the error message), count (only the first N requests
 * carrying this exact fault get it; later ones are answered normally).
 */
import { invalidRequest, type ApiError } from '../errors';
import type { FaultAction } from './fault-action';
import { FAULT_PARAMS, type FaultParams } from './fault-params';
import type { FaultKindDescriptor } from './fault-kind';
import { FAULT_KIND_DESCRIPTORS, type FaultKind } from './kinds/index';

export type { FaultKind } from './kinds/index';
export { DEFAULT_SLOW_MS } from './kinds/slow';

export const FAULT_KINDS: readonly FaultKind[] = FAULT_KIND_DESCRIPTORS.map((d) => d.name);

const DESCRIPTORS: ReadonlyMap<string, FaultKindDescriptor> = new Map(FAULT_KIND_DESCRIPTORS.map((d) => [d.name, d]));

export interface Fault extends FaultParams {
  kind: FaultKind;
  /** The fault as written, e.g. `rate_limit;retry_after=0` (counts are kept per spec). */
  spec: string;
}

export class FaultSpecError extends Error {}

/**
 * Thrown by the core when a fixture's reply is a fault the transport must perform (an HTTP error,
 * a hang, a reset connection). Stream faults and `slow` never throw: they shape the response.
 */
export class FaultSignal extends Error {
  constructor(
    readonly fault: Fault,
    readonly model?: string,
  ) {
    super(`fault ${fault.kind}`);
    this.name = 'FaultSignal';
  }
}

/** Parses `<kind>[;key=value…]`; throws FaultSpecError saying what is wrong. */
export function parseFault(spec: string): Fault {
  const [kindPart, ...params] = spec.split(';').map((p) => p.trim());
  if (!DESCRIPTORS.has(kindPart)) {
    throw new FaultSpecError(`unknown fault '${kindPart}'. Supported faults are: ${FAULT_KINDS.join(', ')}`);
  }
  const fault: Fault = { kind: kindPart as FaultKind, spec: spec.trim() };
  for (const param of params) {
    if (param === '') continue;
    const eq = param.indexOf('=');
    const key = eq < 0 ? param : param.slice(0, eq).trim();
    const setter = FAULT_PARAMS[key];
    if (!setter || eq < 0 || !setter(fault, param.slice(eq + 1).trim())) {
      throw new FaultSpecError(`bad parameter '${param}' (expected ${Object.keys(FAULT_PARAMS).join(', ')}, with a valid value)`);
    }
  }
  return fault;
}

/** The header's fault, as a 400 naming the header when it is malformed. */
export function parseFaultHeader(value: string, header: string): Fault {
  try {
    return parseFault(value);
  } catch (err) {
    if (!(err instanceof FaultSpecError)) throw err;
    throw invalidRequest(`Invalid '${header}' header: ${err.message}.`, header, 'invalid_value');
  }
}

/** What the fault makes the transport do; `model` names the request's model in messages that show it. */
export function faultAction(fault: Fault, model = 'gpt-4o'): FaultAction {
  return DESCRIPTORS.get(fault.kind)!.action(fault, model);
}

export function isStreamFault(fault: Fault): boolean {
  return faultAction(fault).kind === 'interrupt';
}

/** The API's error for a fault that answers with an HTTP error (null for timeout, disconnect, slow and stream faults). */
export function faultError(fault: Fault, model = 'gpt-4o'): ApiError | null {
  const action = faultAction(fault, model);
  return action.kind === 'error' ? action.error : null;
}
