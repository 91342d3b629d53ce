import { parseCreateResponse } from '../../src/dialects/openai/parse-request';
import { chooseTools } from '../../src/engine/tools/choice';
import { generateFromLark, generateFromRegex, GrammarError } from '../../src/engine/tools/grammar';
import { REASONING_TOKENS, planReasoning } from '../../src/engine/reasoning';
import { logprobsFor } from '../../src/engine/logprobs';
import { imageTokens, IMAGE_DEFAULT_TOKENS, audioTokens } from '../../src/engine/input-tokens';
import { gradientPngBase64, IMAGE_SIDE } from '../../src/engine/png';
import { tokenizerFor } from '../../src/tokenizer';
import { IdFactory } from '../../src/ids';
import { Rng } from '../../src/random';
import { PNG } from 'pngjs';
import { projectSchemas } from '../helpers/project-schemas';

const weather = { type: 'function', name: 'get_current_weather', description: 'Get the current weather in a given location', parameters: { type: 'object', properties: { location: { type: 'string' } } } };
const stock = { type: 'function', name: 'lookup_stock_price', description: 'Look up the latest price of a stock ticker', parameters: { type: 'object', properties: { ticker: { type: 'string' } } } };
const email = { type: 'function', name: 'send_email', description: 'Send an email message to a recipient', parameters: { type: 'object', properties: { to: { type: 'string' } } } };

function chosen(body: Record<string, unknown>, prompt: string, hasPendingResults = false): string[] {
  const request = parseCreateResponse(projectSchemas(), { model: 'gpt-4o', input: prompt, tools: [weather, stock, email], ...body });
  return chooseTools({ request, prompt, hasPendingResults }).map((t) => String(t.name ?? t.type));
}

describe('tool choice policy', () => {
  test('auto: a tool whose name or description the prompt mentions', () => {
    expect(chosen({}, 'What is the weather like in Boston today?')).toEqual(['get_current_weather']);
    expect(chosen({}, 'What is the stock price of ACME?')).toEqual(['lookup_stock_price']);
    expect(chosen({}, 'Please call send_email now')).toEqual(['send_email']);
    expect(chosen({}, 'Tell me a joke')).toEqual([]);
  });

  test('auto: several relevant tools are called in parallel unless parallel_tool_calls is false; max_tool_calls caps', () => {
    // Most relevant first: two name words beat one.
    expect(chosen({}, 'Check the weather and the stock price, then send an email')).toEqual(['lookup_stock_price', 'send_email', 'get_current_weather']);
    expect(chosen({ parallel_tool_calls: false }, 'Check the weather and the stock price')).toHaveLength(1);
    expect(chosen({ max_tool_calls: 2 }, 'Check the weather and the stock price, then send an email')).toHaveLength(2);
  });

  test('auto answers in text once results are back; required calls again', () => {
    expect(chosen({}, 'What is the weather in Paris?', true)).toEqual([]);
    expect(chosen({ tool_choice: 'required' }, 'What is the weather in Paris?', true)).toEqual(['get_current_weather']);
  });

  test('required with no relevant tool takes the first; none never calls; a forced function always wins', () => {
    expect(chosen({ tool_choice: 'required' }, 'Tell me a joke')).toEqual(['get_current_weather']);
    expect(chosen({ tool_choice: 'none' }, 'What is the weather in Paris?')).toEqual([]);
    expect(chosen({ tool_choice: { type: 'function', name: 'send_email' } }, 'What is the weather in Paris?')).toEqual(['send_email']);
  });

  test('allowed_tools restricts the candidates; its mode decides auto or required', () => {
    const allowed = (mode: string) => ({ tool_choice: { type: 'allowed_tools', mode, tools: [{ type: 'function', name: 'send_email' }] } });
    expect(chosen(allowed('auto'), 'What is the weather in Paris?')).toEqual([]);
    expect(chosen(allowed('required'), 'What is the weather in Paris?')).toEqual(['send_email']);
  });

  test('built-in tools by trigger words, or when forced', () => {
    const request = parseCreateResponse(projectSchemas(), { model: 'gpt-4o', input: 'x', tools: [{ type: 'web_search_preview' }, { type: 'code_interpreter', container: { type: 'auto' } }] });
    expect(chooseTools({ request, prompt: 'What is the latest news today?', hasPendingResults: false }).map((t) => t.type)).toEqual(['web_search_preview']);
    expect(chooseTools({ request, prompt: 'Calculate the sum of 3 and 4', hasPendingResults: false }).map((t) => t.type)).toEqual(['code_interpreter']);
    const forced = parseCreateResponse(projectSchemas(), { model: 'gpt-4o', input: 'x', tools: [{ type: 'web_search_preview' }], tool_choice: { type: 'web_search_preview' } });
    expect(chooseTools({ request: forced, prompt: 'hello', hasPendingResults: false }).map((t) => t.type)).toEqual(['web_search_preview']);
  });
});

describe('custom tool grammars', () => {
  const arithmetic = 'start: expr\nexpr: term (("+" | "-") term)*\nterm: NUMBER\n%import common.NUMBER';

  test('lark: every sentence belongs to the grammar', () => {
    for (let seed = 0; seed < 50; seed++) expect(generateFromLark(arithmetic, new Rng(seed))).toMatch(/^\d+(\.\d+)?([+-]\d+(\.\d+)?)*$/);
    const choices = 'start: "yes" | "no" | "maybe"';
    expect(new Set(Array.from({ length: 30 }, (_, s) => generateFromLark(choices, new Rng(s))))).toEqual(new Set(['yes', 'no', 'maybe']));
  });

  test('regex: every string matches', () => {
    for (let seed = 0; seed < 50; seed++) expect(generateFromRegex('^[A-Z]{3}-\\d{4}$', new Rng(seed))).toMatch(/^[A-Z]{3}-\d{4}$/);
  });

  test('broken grammars are errors, not answers', () => {
    expect(() => generateFromLark('start: missing_rule', new Rng(1))).toThrow(GrammarError);
    expect(() => generateFromLark('start: ("a"', new Rng(1))).toThrow(GrammarError);
    expect(() => generateFromRegex('([a-z', new Rng(1))).toThrow(GrammarError);
  });
});

describe('reasoning', () => {
  test('reasoning tokens scale with effort and stay in each level’s range', () => {
    const tokens = (effort: string) =>
      Array.from({ length: 20 }, (_, s) => {
        const request = parseCreateResponse(projectSchemas(), { model: 'o3', input: 'x', reasoning: { effort } });
        return planReasoning(request, 'x', new Rng(s), new IdFactory(new Rng(s)))!.tokens;
      });
    let previousMedian = 0;
    for (const effort of ['minimal', 'low', 'medium', 'high', 'xhigh']) {
      const t = tokens(effort);
      const [min, max] = REASONING_TOKENS[effort];
      for (const n of t) expect(n >= min && n <= max).toBe(true);
      const median = [...t].sort((a, b) => a - b)[10];
      expect(median).toBeGreaterThan(previousMedian);
      previousMedian = median;
    }
  });

  test('effort none, and non-reasoning models without a reasoning parameter, do not reason', () => {
    const none = parseCreateResponse(projectSchemas(), { model: 'o3', input: 'x', reasoning: { effort: 'none' } });
    expect(planReasoning(none, 'x', new Rng(1), new IdFactory(new Rng(1)))).toBeNull();
    const plain = parseCreateResponse(projectSchemas(), { model: 'gpt-4o', input: 'x' });
    expect(planReasoning(plain, 'x', new Rng(1), new IdFactory(new Rng(1)))).toBeNull();
  });
});

describe('logprobs', () => {
  test('one per token, with the requested number of alternatives, chosen token first, deterministic', () => {
    const o200k = tokenizerFor('o200k_base');
    const text = 'The quick brown fox jumps over the lazy dog.';
    const lp = logprobsFor(o200k, text, 3, new Rng(5));
    expect(lp).toHaveLength(o200k.count(text));
    expect(lp.map((l) => l.token).join('')).toBe(text);
    for (const l of lp) {
      expect(l.logprob).toBeLessThanOrEqual(0);
      expect(l.top_logprobs).toHaveLength(3);
      expect(l.top_logprobs[0]).toEqual({ token: l.token, logprob: l.logprob, bytes: l.bytes });
      expect(l.top_logprobs[1].logprob).toBeLessThan(l.logprob);
      expect(l.bytes).toEqual([...Buffer.from(l.token)]);
    }
    expect(logprobsFor(o200k, text, 3, new Rng(5))).toEqual(lp);
  });
});

describe('images and audio in the input', () => {
  /** Just a PNG signature and header chunk: all a size reader needs, at any claimed size. */
  const png = (w: number, h: number): string => {
    const header = Buffer.alloc(33);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(header, 0);
    header.writeUInt32BE(13, 8);
    header.write('IHDR', 12, 'ascii');
    header.writeUInt32BE(w, 16);
    header.writeUInt32BE(h, 20);
    header.writeUInt8(8, 24);
    header.writeUInt8(6, 25);
    return `data:image/png;base64,${header.toString('base64')}`;
  };

  test('the API’s tile rule on the real size of inline images', () => {
    expect(imageTokens({ image_url: png(512, 512) })).toBe(85 + 170 * 1);
    expect(imageTokens({ image_url: png(1024, 1024) })).toBe(85 + 170 * 4);
    expect(imageTokens({ image_url: png(2048, 4096) })).toBe(85 + 170 * 6); // 2048×4096 → 1024×2048 → 768×1536: 2×3 tiles
    expect(imageTokens({ image_url: png(100, 100) })).toBe(85 + 170);
    expect(imageTokens({ image_url: png(4000, 4000), detail: 'low' })).toBe(85);
    expect(imageTokens({ image_url: 'https://example.com/cat.png' })).toBe(IMAGE_DEFAULT_TOKENS);
  });

  test('audio counts 10 tokens a second (WAV header, or 128 kbit/s for MP3)', () => {
    const wav = Buffer.alloc(44 + 32000);
    wav.write('RIFF', 0, 'ascii');
    wav.writeUInt32LE(16000, 28); // byte rate: 1 second = 16000 bytes → 2 seconds
    expect(audioTokens({ input_audio: { data: wav.toString('base64'), format: 'wav' } })).toBe(20);
    expect(audioTokens({ input_audio: { data: Buffer.alloc(48000).toString('base64'), format: 'mp3' } })).toBe(30);
  });

  test('generated images are valid, small and deterministic PNGs', () => {
    const a = gradientPngBase64(new Rng(9));
    expect(a).toBe(gradientPngBase64(new Rng(9)));
    expect(a).not.toBe(gradientPngBase64(new Rng(10)));
    const decoded = PNG.sync.read(Buffer.from(a, 'base64'));
    expect([decoded.width, decoded.height]).toEqual([IMAGE_SIDE, IMAGE_SIDE]);
  });
});
