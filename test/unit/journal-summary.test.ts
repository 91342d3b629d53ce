/**
 * What the inspector's list and detail read from a journal entry: the model and input preview of a
 * request body (any dialect, any input shape), and an exchange's output assembled as text per item.
 */
import { assembleOutput } from '../../src/journal/assembled-output';
import { MAX_STRING } from '../../src/journal/journal';
import { inputPreview, MAX_PREVIEW, modelOf } from '../../src/journal/request-summary';

describe('input preview', () => {
  test('the latest user text, from a string or typed or untyped items, whitespace collapsed', () => {
    expect(inputPreview({ input: '  Hello\n\n  there  ' })).toBe('Hello there');
    expect(inputPreview({ input: [{ role: 'user', content: 'first' }, { role: 'assistant', content: 'reply' }, { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'second' }, { type: 'input_image', image_url: 'x' }, { type: 'input_text', text: 'part' }] }] })).toBe('second part');
    // A WebSocket frame and an Aitronos body (`inputs`, text blocks) read the same way.
    expect(inputPreview({ type: 'response.create', model: 'gpt-4o', input: 'over ws' })).toBe('over ws');
    expect(inputPreview({ inputs: [{ role: 'user', content: [{ type: 'text', text: 'aitronos' }] }] })).toBe('aitronos');
  });

  test('a turn with only tool outputs still says something: the latest user text before them, else the last item', () => {
    expect(inputPreview({ input: [{ role: 'user', content: 'Weather?' }, { type: 'function_call', call_id: 'c', name: 'f', arguments: '{}' }, { type: 'function_call_output', call_id: 'c', output: '4' }] })).toBe('Weather?');
    expect(inputPreview({ previous_response_id: 'resp_1', input: [{ type: 'function_call_output', call_id: 'c', output: '4' }] })).toBe('[function_call_output]');
    expect(inputPreview({ input: [] })).toBeNull();
    expect(inputPreview(null)).toBeNull();
    expect(inputPreview({ input: 42 })).toBeNull();
  });

  test('cut to MAX_PREVIEW characters with an ellipsis, never splitting a character; the model too', () => {
    const long = `${'🌊'.repeat(200)}`;
    const preview = inputPreview({ input: long })!;
    expect([...preview]).toHaveLength(MAX_PREVIEW);
    expect(preview.endsWith('🌊…')).toBe(true);
    expect(inputPreview({ input: 'x'.repeat(MAX_PREVIEW) })).toBe('x'.repeat(MAX_PREVIEW));
    expect(modelOf({ model: 'gpt-4o' })).toBe('gpt-4o');
    expect(modelOf({ model: 5 })).toBeNull();
    expect([...modelOf({ model: 'm'.repeat(1000) })!]).toHaveLength(MAX_PREVIEW);
  });
});

describe('assembled output', () => {
  const events = [
    { type: 'response.created' },
    { type: 'response.output_item.added', output_index: 0, item: { type: 'reasoning' } },
    { type: 'response.reasoning_summary_text.delta', output_index: 0, summary_index: 0, delta: 'Think' },
    { type: 'response.reasoning_summary_text.delta', output_index: 0, summary_index: 0, delta: 'ing.' },
    { type: 'response.reasoning_summary_text.delta', output_index: 0, summary_index: 1, delta: 'More.' },
    { type: 'response.output_item.added', output_index: 1, item: { type: 'message' } },
    { type: 'response.output_text.delta', output_index: 1, content_index: 0, delta: 'Hel' },
    { type: 'response.output_item.added', output_index: 2, item: { type: 'function_call', name: 'get_weather' } },
    { type: 'response.function_call_arguments.delta', output_index: 2, delta: '{"city":' },
    { type: 'response.output_text.delta', output_index: 1, content_index: 0, delta: 'lo' },
    { type: 'response.function_call_arguments.delta', output_index: 2, delta: '"Oslo"}' },
    { type: 'response.output_text.done', output_index: 1, content_index: 0, text: 'Hello' },
  ].map((event, t) => ({ t, event }));

  test('a stream: each item’s deltas joined in order (interleaved items kept apart, parts by a blank line)', () => {
    expect(assembleOutput(events, null)).toEqual([
      { outputIndex: 0, type: 'reasoning', text: 'Thinking.\n\nMore.' },
      { outputIndex: 1, type: 'message', text: 'Hello' },
      { outputIndex: 2, type: 'function_call', name: 'get_weather', text: '{"city":"Oslo"}' },
    ]);
    // So far: what has arrived.
    expect(assembleOutput(events.slice(0, 7), null)).toEqual([
      { outputIndex: 0, type: 'reasoning', text: 'Thinking.\n\nMore.' },
      { outputIndex: 1, type: 'message', text: 'Hel' },
    ]);
  });

  test('a JSON reply: the same read from the Response’s output; nothing for bodies without one', () => {
    const response = {
      output: [
        { type: 'reasoning', summary: [{ type: 'summary_text', text: 'Thinking.' }] },
        { type: 'message', content: [{ type: 'output_text', text: 'Hello' }, { type: 'refusal', refusal: 'No.' }] },
        { type: 'function_call', name: 'get_weather', arguments: '{}' },
        { type: 'web_search_call' },
      ],
    };
    expect(assembleOutput([], response)).toEqual([
      { outputIndex: 0, type: 'reasoning', text: 'Thinking.' },
      { outputIndex: 1, type: 'message', text: 'Hello\n\nNo.' },
      { outputIndex: 2, type: 'function_call', name: 'get_weather', text: '{}' },
    ]);
    expect(assembleOutput([], { error: { message: 'x' } })).toEqual([]);
    expect(assembleOutput([], null)).toEqual([]);
  });

  test('bounded: a huge stream’s text is cut, with a note of its length', () => {
    const chunk = 'x'.repeat(1000);
    const many = Array.from({ length: 50 }, (_, t) => ({ t, event: { type: 'response.output_text.delta', output_index: 0, content_index: 0, delta: chunk } }));
    const [item] = assembleOutput(many, null);
    expect(item.text.length).toBeLessThan(MAX_STRING + 100);
    expect(item.text).toMatch(/… \(\d+ characters\)$/);
  });
});
