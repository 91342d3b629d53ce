/** The dialect layer's pieces: who answers a path, and each dialect's renderings of usage and errors. */
import { dialectOfPath } from '../../src/dialects/registry';
import { renderAitronosError, renderAitronosUsage, systemFingerprint } from '../../src/dialects/aitronos/render';
import { renderOpenResponsesError } from '../../src/dialects/open-responses/render';
import { ApiError, invalidRequest, JsonParseError, PARSE_FAILED_MESSAGE } from '../../src/errors';
import { OutputBudget } from '../../src/engine/output-budget';
import { checkToolOutputs } from '../../src/engine/request-checks';
import { tokenizerForModel } from '../../src/tokenizer';

const context = { requestId: 'req_1', nowMs: Date.UTC(2025, 0, 2, 3, 4, 5) };

describe('dialect by path', () => {
  test.each([
    ['/v1/responses', 'openai', 'openai'],
    ['/responses/compact', 'openai', 'openai'],
    ['/v1/responses', 'open-responses', 'open-responses'],
    ['/responses/compact', 'open-responses', 'open-responses'],
    ['/v1/responses/resp_1', 'open-responses', 'openai'],
    ['/v1/conversations', 'open-responses', 'openai'],
    ['/open-responses/v1/responses', 'openai', 'open-responses'],
    ['/open-responses/anything', 'openai', 'open-responses'],
    ['/open-responsesX', 'openai', 'openai'],
    ['/v1/model/response', 'openai', 'aitronos'],
    ['/v1/model/response/stream', 'open-responses', 'aitronos'],
    ['/v1/threads/thread_1', 'openai', 'aitronos'],
    ['/v1/threadsX', 'openai', 'openai'],
  ] as const)('%s with --dialect %s → %s', (path, dialect, expected) => {
    expect(dialectOfPath(path, { dialect })).toBe(expected);
  });
});

describe('Aitronos renderings', () => {
  test('usage: synapses out exclude reasoning, the total adds everything, cache fields only when accounted', () => {
    expect(renderAitronosUsage({ input_tokens: 10, output_tokens: 30, reasoning_tokens: 20, cached_tokens: 4, cache_write_tokens: 2 }, 'o3')).toEqual({
      inputNeurons: 10,
      outputSynapses: 10,
      reasoningSynapses: 20,
      totalSynapses: 40,
      cacheReadNeurons: 4,
      cacheCreationNeurons: 2,
    });
    expect(renderAitronosUsage({ input_tokens: 10, output_tokens: 5, reasoning_tokens: 0, cached_tokens: 0 }, 'gpt-4o')).toEqual({ inputNeurons: 10, outputSynapses: 5, totalSynapses: 15 });
    // A reasoning model reports its (zero) reasoning.
    expect(renderAitronosUsage({ input_tokens: 1, output_tokens: 1, reasoning_tokens: 0, cached_tokens: 0 }, 'o4-mini')).toHaveProperty('reasoningSynapses', 0);
  });

  test('system fingerprints by model family', () => {
    expect(systemFingerprint('gpt-4o')).toBe('fp_2024_10_04');
    expect(systemFingerprint('o3-preview')).toBe('fp_o3_2024_10_04');
    expect(systemFingerprint('o4-mini')).toBe('fp_o4_2024_10_04');
  });

  test.each([
    [invalidRequest("Invalid value: 'x'.", 'inputs[0].role', 'invalid_value'), 422, 'VALIDATION_ERROR', { field: 'inputs[0].role', reason: 'invalid_value' }],
    [new JsonParseError(), 400, 'INVALID_JSON', {}],
    // Recognised by its type: the same words in another error are just a bad request.
    [invalidRequest(PARSE_FAILED_MESSAGE), 400, 'BAD_REQUEST', {}],
    [invalidRequest('Only background responses can be cancelled.'), 400, 'BAD_REQUEST', {}],
    [new ApiError(401, 'invalid_request_error', 'no key'), 401, 'AUTHENTICATION_REQUIRED', {}],
    [new ApiError(401, 'invalid_request_error', 'bad key', null, 'invalid_api_key'), 401, 'INVALID_API_KEY', { reason: 'invalid_api_key' }],
    [new ApiError(403, 'permission_error', 'no'), 403, 'INSUFFICIENT_PERMISSIONS', {}],
    [new ApiError(429, 'insufficient_quota', 'quota', null, 'insufficient_quota'), 429, 'QUOTA_EXCEEDED', { reason: 'insufficient_quota' }],
    [new ApiError(503, 'server_error', 'busy'), 503, 'SERVICE_UNAVAILABLE', {}],
    [new ApiError(502, 'server_error', 'bad gateway'), 502, 'INTERNAL_ERROR', {}],
  ])('error %#: %s → %i %s', (error, status, code, details) => {
    const { status: s, body, headers } = renderAitronosError(error, context);
    expect(s).toBe(status);
    expect(body).toEqual({
      success: false,
      error: { code, message: expect.any(String), system_message: error.message, type: expect.any(String), status, details, trace_id: 'req_1', timestamp: '2025-01-02T03:04:05.000Z' },
    });
    expect(headers).toEqual({});
  });

  test('error headers (retry-after) are kept', () => {
    const error = new ApiError(429, 'rate_limit_error', 'slow', null, 'rate_limit_exceeded', { 'retry-after': '2' });
    expect(renderAitronosError(error, context).headers).toEqual({ 'retry-after': '2' });
  });
});

describe('Open Responses error types', () => {
  test.each([
    [400, 'invalid_request_error', 'invalid_request'],
    [401, 'invalid_request_error', 'invalid_request'],
    [404, 'invalid_request_error', 'not_found'],
    [429, 'rate_limit_error', 'too_many_requests'],
    [500, 'server_error', 'server_error'],
    [500, 'model_error', 'model_error'],
    [503, 'server_error', 'server_error'],
  ])('%i %s → %s', (status, type, expected) => {
    const { body } = renderOpenResponsesError(new ApiError(status, type, 'm', 'p', 'c'), context);
    expect(body).toEqual({ error: { message: 'm', type: expected, param: 'p', code: 'c' } });
  });
});

describe('output budgets', () => {
  const tokenizer = tokenizerForModel('gpt-4o');
  test('by default reasoning counts against the limit', () => {
    const budget = new OutputBudget(tokenizer, 10);
    budget.spendHidden(8);
    expect(budget.take('one two three four five').cut).toBe(true);
    expect(budget.used).toBe(10);
  });
  test('a visible-only limit (Aitronos) counts reasoning apart', () => {
    const budget = new OutputBudget(tokenizer, 10, false);
    budget.spendHidden(100);
    expect(budget.take('one two three four five')).toEqual({ text: 'one two three four five', cut: false });
    expect([budget.used, budget.reasoning, budget.exhausted]).toEqual([105, 100, false]);
  });
});

describe('tool outputs answer calls', () => {
  test('an output without an earlier call is the API 400; a call before it is fine', () => {
    expect(() => checkToolOutputs([{ type: 'function_call_output', call_id: 'c1', output: '' }])).toThrow('No tool call found for function call output with call_id c1.');
    expect(() => checkToolOutputs([{ type: 'custom_tool_call_output', call_id: 'c2', output: '' }])).toThrow('No tool call found for custom tool call output with call_id c2.');
    expect(() => checkToolOutputs([{ type: 'function_call', call_id: 'c1', name: 'f', arguments: '{}' }, { type: 'function_call_output', call_id: 'c1', output: '' }])).not.toThrow();
    // The call must come first.
    expect(() => checkToolOutputs([{ type: 'function_call_output', call_id: 'c1', output: '' }, { type: 'function_call', call_id: 'c1', name: 'f', arguments: '{}' }])).toThrow();
  });
});
