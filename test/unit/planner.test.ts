import { parseCreateResponse } from '../../src/dialects/openai/parse-request';
import { OutputBudget } from '../../src/engine/output-budget';
import { latestUserText, planResponse } from '../../src/engine/planner';
import { tokenizerFor } from '../../src/tokenizer';
import { IdFactory } from '../../src/ids';
import { Rng } from '../../src/random';
import { projectSchemas } from '../helpers/project-schemas';

const o200k = tokenizerFor('o200k_base');

function plan(body: Record<string, unknown>, seed = 1) {
  const request = parseCreateResponse(projectSchemas(), { model: 'gpt-4o', ...body });
  return planResponse({ request, history: [], input: request.input, rng: new Rng(seed), ids: new IdFactory(new Rng(99)) });
}

describe('planner', () => {
  test('a message whose output_tokens are exactly the tokens of its text', () => {
    const p = plan({ input: 'Explain how photosynthesis works' });
    const part = (p.items[0] as { content: { text: string }[] }).content[0];
    expect(p.status).toBe('completed');
    expect(p.usage.output_tokens).toBe(o200k.count(part.text));
    expect(p.usage.reasoning_tokens).toBe(0);
  });

  test('max_output_tokens cuts the text at that many tokens and marks it incomplete', () => {
    const full = plan({ input: 'Explain how photosynthesis works', text: { verbosity: 'high' } });
    const cut = plan({ input: 'Explain how photosynthesis works', text: { verbosity: 'high' }, max_output_tokens: 16 });
    const fullText = (full.items[0] as { content: { text: string }[] }).content[0].text;
    const cutText = (cut.items[0] as { content: { text: string }[] }).content[0].text;
    expect(full.usage.output_tokens).toBeGreaterThan(16);
    expect(cut).toMatchObject({ status: 'incomplete', incomplete_reason: 'max_output_tokens', usage: { output_tokens: 16 } });
    expect(cut.items[0]).toMatchObject({ status: 'incomplete' });
    expect(cutText).toBe(o200k.decode(o200k.encode(fullText).slice(0, 16)));
    expect(fullText.startsWith(cutText)).toBe(true);
  });

  test('a cut never leaves half a character', () => {
    const text = '😀'.repeat(40);
    for (let max = 16; max < 40; max++) {
      const cut = new OutputBudget(o200k, max).take(text);
      expect(cut.text).not.toContain('\uFFFD');
      expect(text.startsWith(cut.text)).toBe(true);
    }
  });

  test('the prompt is the latest user message, from input or history', () => {
    expect(latestUserText([{ type: 'message', role: 'user', content: 'first' }, { type: 'message', role: 'assistant', content: 'x' }])).toBe('first');
    expect(latestUserText([{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'a' }, { type: 'input_text', text: 'b' }] }])).toBe('a\nb');
    expect(latestUserText([{ type: 'function_call_output', call_id: 'c', output: 'x' }])).toBe('');
  });

  test('the same request and seed give the same plan; the seed changes the text', () => {
    expect(plan({ input: 'Hi there, how are you?' }, 5)).toEqual(plan({ input: 'Hi there, how are you?' }, 5));
    expect(plan({ input: 'Tell me about volcanoes' }, 5).items).not.toEqual(plan({ input: 'Tell me about volcanoes' }, 6).items);
  });
});
