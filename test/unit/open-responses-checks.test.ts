/** The compliance checks themselves must be able to fail: each rejects what the suite rejects. */
import { describeWithOpenResponsesSpec, openResponsesOracle } from '../helpers/oracle';
import { orderViolations, schemaErrorsOfEvents, streamingEventSchemas } from '../helpers/open-responses-compliance';

describeWithOpenResponsesSpec('Open Responses compliance checks', () => {
  test('the specification lists 24 streaming events, with its own reasoning names', () => {
    const events = streamingEventSchemas();
    expect(events.size).toBe(24);
    expect(events.get('response.reasoning.delta')).toBe('ResponseReasoningDeltaStreamingEvent');
    expect(events.has('response.reasoning_text.delta')).toBe(false);
  });

  test('a ResponseResource missing required fields is rejected', () => {
    expect(openResponsesOracle.errors('ResponseResource', { id: 'resp_1', object: 'response' }).join('\n')).toMatch(/must have required property 'created_at'/);
  });

  test('unknown event types, OpenAI-only names and incomplete events are rejected', () => {
    const errors = schemaErrorsOfEvents([
      { type: 'response.reasoning_text.delta', sequence_number: 1, item_id: 'rs_1', output_index: 0, content_index: 0, delta: 'x' },
      { type: 'response.output_text.delta', sequence_number: 2, item_id: 'msg_1' },
      { type: 'error', sequence_number: 3, code: 'server_error', message: 'flat, as the OpenAI spec describes it', param: null },
    ]);
    expect(errors).toHaveLength(3 + 2);
    expect(errors[0]).toMatch(/response.reasoning_text.delta: not a streaming event/);
  });

  test('the order state machine catches what the suite catches', () => {
    const r = { response: {} };
    expect(orderViolations([{ type: 'response.created', sequence_number: 0, ...r }, { type: 'response.completed', sequence_number: 1, ...r }])).toEqual([
      "[INVALID_RESPONSE_TRANSITION] (state: 'response.created', event: 'response.completed')",
    ]);
    expect(orderViolations([{ type: 'response.created', sequence_number: 1, ...r }, { type: 'response.in_progress', sequence_number: 1, ...r }]).join()).toMatch(/NON_MONOTONIC_SEQUENCE.*RESPONSE_NOT_TERMINATED/);
    const dangling = orderViolations([
      { type: 'response.created', sequence_number: 0, ...r },
      { type: 'response.in_progress', sequence_number: 1, ...r },
      { type: 'response.output_item.added', sequence_number: 2, output_index: 0, item: { id: 'msg_1', type: 'message' } },
      { type: 'response.output_text.delta', sequence_number: 3, item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'x' },
      { type: 'response.completed', sequence_number: 4, ...r },
    ]);
    expect(dangling).toEqual(['[PART_NOT_OPEN] msg_1:0 (event: \'response.output_text.delta\')', '[ITEM_NOT_TERMINATED] msg_1']);
  });
});
