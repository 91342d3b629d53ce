/**
 * When the model refuses, documented in the README ("Refusals"): the latest user message asks for
 * something plainly dangerous (see UNSAFE_REQUESTS), or contains the test marker `[[refuse]]`.
 * `[[content_filter]]` makes the response stop as `incomplete` with reason `content_filter`.
 */
import type { Rng } from '../random';

export const REFUSE_MARKER = '[[refuse]]';
export const CONTENT_FILTER_MARKER = '[[content_filter]]';

export const UNSAFE_REQUESTS: readonly RegExp[] = [
  /\b(make|build|create|assemble|construct)\b[^.?!]{0,40}\b(bomb|explosive|pipe bomb|nerve agent|bioweapon|chemical weapon)s?\b/i,
  /\b(synthesi[sz]e|cook|manufacture|make)\b[^.?!]{0,30}\b(meth|methamphetamine|fentanyl|sarin|ricin)\b/i,
  /\bhow (do i|to|can i)\b[^.?!]{0,30}\b(kill|poison|murder)\b[^.?!]{0,30}\b(someone|a person|my|people)\b/i,
  /\b(hack|break) into\b[^.?!]{0,40}\b(account|bank|email|server)s?\b/i,
];

const REFUSALS = [
  "I'm sorry, but I can't help with that.",
  "I'm sorry, but I can't assist with that request.",
  "I can't help with that. If you have another question, I'm happy to help.",
];

/**
 * Whether the model refuses this prompt. Asked apart from the wording (refusalText), so the seeded
 * stream the wording is drawn from is only made for a refusal (the planner's forks are made on use).
 */
export function refuses(prompt: string): boolean {
  return prompt.includes(REFUSE_MARKER) || UNSAFE_REQUESTS.some((re) => re.test(prompt));
}

/** The refusal's wording, drawn from the refusal stream. */
export function refusalText(rng: Rng): string {
  return rng.pick(REFUSALS);
}

export function isContentFiltered(prompt: string): boolean {
  return prompt.includes(CONTENT_FILTER_MARKER);
}
