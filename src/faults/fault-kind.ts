/**
 * A fault kind, described: its name (as written in `x-emulator-fault`, a fixture's `reply.fault`,
 * `--chaos`), its place in the lists, a line for the docs, and the action it resolves to (with its
 * error, for the kinds that answer with one). Adding a kind is one file in kinds/ (README "How to add
 * a fault kind"); `npm run build` adds it to kinds/list.generated.ts.
 */
import type { FaultAction } from './fault-action';
import type { FaultParams } from './fault-params';

export interface FaultKindDescriptor<Name extends string = string> {
  readonly name: Name;
  /** Where the kind stands in the docs and in the error message for an unknown kind (ascending; the kinds use steps of 10). */
  readonly order: number;
  readonly summary: string;
  /** What the transport does; `model` is the request's (for messages that name it). */
  action(params: FaultParams, model: string): FaultAction;
}

/** Keeps the kind's name as a literal type, so the registry's names make the FaultKind union. */
export function faultKind<const Name extends string>(descriptor: FaultKindDescriptor<Name>): FaultKindDescriptor<Name> {
  return descriptor;
}
