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

export function refusalFor(prompt: string, rng: Rng): string | null {
  if (prompt.includes(REFUSE_MARKER) || UNSAFE_REQUESTS.some((re) => re.test(prompt))) return rng.pick(REFUSALS);
  return null;
}

export function isContentFiltered(prompt: string): boolean {
  return prompt.includes(CONTENT_FILTER_MARKER);
}
