import {
  countInputTokens,
  IMAGE_DEFAULT_TOKENS,
  IMAGE_LOW_DETAIL_TOKENS,
  MESSAGE_OVERHEAD,
  OPAQUE_FILE_TOKENS,
  REPLY_PRIMING,
} from '../../src/engine/input-tokens';
import { tokenizerFor, tokenizerForModel } from '../../src/tokenizer';
import { encodingForModel } from '../../src/models';
import { parseCreateResponse } from '../../src/dialects/openai/parse-request';
import { fitContextWindow } from '../../src/engine/context-window';
import { projectSchemas } from '../helpers/project-schemas';

const o200k = tokenizerFor('o200k_base');
const user = (content: unknown) => ({ type: 'message', role: 'user', content });

describe('tokenizer selection', () => {
  test.each([
    ['gpt-4o', 'o200k_base'],
    ['gpt-4o-mini', 'o200k_base'],
    ['gpt-4.1', 'o200k_base'],
    ['gpt-5.4', 'o200k_base'],
    ['o3-mini', 'o200k_base'],
    ['gpt-4', 'cl100k_base'],
    ['gpt-4-turbo', 'cl100k_base'],
    ['gpt-3.5-turbo', 'cl100k_base'],
    ['my-custom-model', 'o200k_base'],
  ])('%s → %s', (model, encoding) => expect(encodingForModel(model)).toBe(encoding));

  test('counts are real BPE counts (known values)', () => {
    expect(o200k.count('Hello, world!')).toBe(4);
    expect(tokenizerFor('cl100k_base').count('Hello, world!')).toBe(4);
    expect(o200k.count('Tell me a three sentence bedtime story about a unicorn.')).toBe(11);
    expect(tokenizerForModel('gpt-4').encode('tiktoken is great!')).toEqual([83, 1609, 5963, 374, 2294, 0]);
  });

  test('special-token text in user input counts as ordinary text', () => {
    expect(o200k.count('<|endoftext|>')).toBeGreaterThan(1);
  });

  test('remembered counts are the BPE counts: for repeated, many distinct (past the memory’s size) and very long texts', () => {
    const texts = Array.from({ length: 3000 }, (_, i) => `Question ${i}: ${'how do tides work? '.repeat(1 + (i % 40))}`);
    for (const round of [1, 2]) {
      for (const text of texts) expect([round, o200k.count(text)]).toEqual([round, o200k.encode(text).length]);
    }
    const long = 'lorem ipsum dolor sit amet '.repeat(2000);
    expect(o200k.count(long)).toBe(o200k.encode(long).length);
    expect(o200k.count(long)).toBe(o200k.encode(long).length);
    expect(o200k.count('')).toBe(0);
  });
});

describe('input token accounting', () => {
  const base = { instructions: null, tools: [], format: undefined };

  test('one message: priming + overhead + its text', () => {
    const n = countInputTokens(o200k, { ...base, items: [user('Hello, world!')] });
    expect(n).toBe(REPLY_PRIMING + MESSAGE_OVERHEAD + 4);
  });

  test('instructions count as a message; each item adds its overhead', () => {
    const items = [user('Hello, world!'), { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Hi!' }] }];
    const n = countInputTokens(o200k, { ...base, instructions: 'Be brief.', items });
    expect(n).toBe(REPLY_PRIMING + 3 * MESSAGE_OVERHEAD + o200k.count('Be brief.') + 4 + o200k.count('Hi!'));
  });

  test('tools and json_schema formats count as their JSON', () => {
    const tool = { type: 'function', name: 'get_weather', parameters: { type: 'object' } };
    const schema = { type: 'object', properties: { a: { type: 'string' } } };
    const withTool = countInputTokens(o200k, { ...base, items: [], tools: [tool] });
    const withSchema = countInputTokens(o200k, { ...base, items: [], format: { type: 'json_schema', name: 'x', schema } });
    expect(withTool).toBe(REPLY_PRIMING + o200k.count(JSON.stringify(tool)));
    expect(withSchema).toBe(REPLY_PRIMING + o200k.count(JSON.stringify(schema)));
  });

  test('tool calls and their outputs count their name, arguments and output', () => {
    const call = { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' };
    const output = { type: 'function_call_output', call_id: 'call_1', output: '{"temp":21}' };
    const n = countInputTokens(o200k, { ...base, items: [call, output] });
    expect(n).toBe(REPLY_PRIMING + 2 * MESSAGE_OVERHEAD + o200k.count('get_weather') + o200k.count('{"city":"Paris"}') + o200k.count('{"temp":21}'));
  });

  test('images: 85 tokens at low detail, a 1024×1024 image otherwise', () => {
    const img = (detail?: string) => user([{ type: 'input_image', image_url: 'https://x.test/a.png', ...(detail ? { detail } : {}) }]);
    expect(countInputTokens(o200k, { ...base, items: [img('low')] })).toBe(REPLY_PRIMING + MESSAGE_OVERHEAD + IMAGE_LOW_DETAIL_TOKENS);
    expect(countInputTokens(o200k, { ...base, items: [img()] })).toBe(REPLY_PRIMING + MESSAGE_OVERHEAD + IMAGE_DEFAULT_TOKENS);
  });

  test('files: inline text is tokenized, binary is a token per 4 bytes, references are a flat charge', () => {
    const text = Buffer.from('The quick brown fox jumps over the lazy dog.').toString('base64');
    const binary = Buffer.from([0, 1, 2, 3, 255, 254, 0, 9, 10, 11, 12, 13]).toString('base64');
    const file = (part: object) => user([{ type: 'input_file', ...part }]);
    expect(countInputTokens(o200k, { ...base, items: [file({ file_data: `data:text/plain;base64,${text}` })] })).toBe(
      REPLY_PRIMING + MESSAGE_OVERHEAD + o200k.count('The quick brown fox jumps over the lazy dog.'),
    );
    expect(countInputTokens(o200k, { ...base, items: [file({ file_data: binary })] })).toBe(REPLY_PRIMING + MESSAGE_OVERHEAD + 3);
    expect(countInputTokens(o200k, { ...base, items: [file({ file_id: 'file-1' })] })).toBe(REPLY_PRIMING + MESSAGE_OVERHEAD + OPAQUE_FILE_TOKENS);
  });
});

describe('the context window counts what the model sees once, for the usage too', () => {
  const long = (n: number) => Array.from({ length: n }, (_, i) => `word${i} lorem ipsum dolor`).join(' ');
  const counted = (request: ReturnType<typeof parseCreateResponse>, seen: { history: unknown[]; input: unknown[] }) =>
    countInputTokens(tokenizerForModel(request.model), { instructions: request.instructions, items: [...seen.history, ...seen.input] as never[], tools: request.tools, format: request.text.format });

  test('its count is the count of the items kept: whole, truncated, and none for a model whose window is unknown', () => {
    const items = Array.from({ length: 8 }, (_, i) => user(long(400 + i)));
    const tools = [{ type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } }];
    const fits = parseCreateResponse(projectSchemas(), { model: 'gpt-4o', input: items, instructions: 'Be brief.', tools });
    const whole = fitContextWindow(fits, { history: fits.input.slice(0, 3), input: fits.input.slice(3) });
    expect(whole.inputTokens).toBe(counted(fits, whole));
    const cut = parseCreateResponse(projectSchemas(), { model: 'gpt-4', input: items, instructions: 'Be brief.', tools, truncation: 'auto' });
    const truncated = fitContextWindow(cut, { history: cut.input.slice(0, 3), input: cut.input.slice(3) });
    expect(truncated.history.length + truncated.input.length).toBeLessThan(items.length);
    expect(truncated.inputTokens).toBe(counted(cut, truncated));
    const unknown = parseCreateResponse(projectSchemas(), { model: 'my-own-model', input: items });
    expect(fitContextWindow(unknown, { history: [], input: unknown.input }).inputTokens).toBeNull();
  });
});
