/**
 * `max_output_tokens` covers everything the model generates: hidden reasoning first, then tool-call
 * arguments and answer text in output order. Text past the budget is cut at a token boundary (never
 * inside a character) and the response ends `incomplete`. A dialect whose limit is on the visible
 * output only (Aitronos' `max_output_synapses`) leaves reasoning outside the budget.
 */
import type { Tokenizer } from '../tokenizer';

export class OutputBudget {
  used = 0;
  reasoning = 0;
  exhausted = false;

  constructor(
    private readonly tokenizer: Tokenizer,
    private readonly max: number | null,
    private readonly reasoningCounts = true,
  ) {}

  /** What the limit has left. */
  private get remaining(): number {
    if (this.max === null) return Infinity;
    return this.max - (this.reasoningCounts ? this.used : this.used - this.reasoning);
  }

  /** Reasoning tokens: spent, but nothing visible to cut. */
  spendHidden(tokens: number): void {
    const granted = this.reasoningCounts ? Math.min(tokens, this.remaining) : tokens;
    this.used += granted;
    this.reasoning += granted;
    if (granted < tokens) this.exhausted = true;
  }

  /** The part of `text` the budget allows (all of it, or a prefix when the budget runs out). */
  take(text: string): { text: string; cut: boolean } {
    if (this.exhausted) return { text: '', cut: text !== '' };
    const remaining = this.remaining;
    // Most answers fit: counting is enough, the tokens themselves are only needed to cut.
    const count = this.tokenizer.count(text);
    if (count <= remaining) {
      this.used += count;
      return { text, cut: false };
    }
    const tokens = this.tokenizer.encode(text);
    this.used += remaining;
    this.exhausted = true;
    return { text: this.tokenizer.decodePrefix(tokens.slice(0, remaining)).replace(/\uFFFD+$/, ''), cut: true };
  }
}
