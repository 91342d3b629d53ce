/**
 * Stream events as data: what render/events.ts produces, state/generation-playback.ts plays out over time and
 * engine/timing.ts weighs. Here at the bottom so those three need not import each other.
 */
export interface StreamEvent {
  type: string;
  sequence_number: number;
  [key: string]: unknown;
}

/** What an event costs in time: `first` marks the first output (time to first token). */
export interface EventWeight {
  kind: 'none' | 'queue' | 'first' | 'delta' | 'think' | 'tool';
  tokens: number;
}

export interface EventList {
  events: StreamEvent[];
  weights: EventWeight[];
}

/** An event that costs no time of its own. */
export const NO_WEIGHT: EventWeight = { kind: 'none', tokens: 0 };
/** An event that stands for a built-in tool's work (a search, a partial image). */
export const TOOL_WEIGHT: EventWeight = { kind: 'tool', tokens: 0 };
