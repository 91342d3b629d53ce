/**
 * The official SDK's stream helper (client.responses.stream → finalResponse) accepts every event
 * sequence the emulator can render, item kind by item kind. Events are served by a stub server, so
 * kinds that synthesis does not produce on its own are covered too.
 */
// Tools are echoed as the server echoes them (the engine's kinds hand their echoes to render when they load).
import '../../src/engine/tools/kinds';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { plannedEvents, type StreamEvent } from '../../src/render/events';
import { renderResponse } from '../../src/render/response';
import { EVERY_ITEM_KIND, recordWithItems } from '../helpers/records';

let events: StreamEvent[] = [];
let server: Server;
let client: OpenAI;

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    for (const e of events) res.write(`event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  client = new OpenAI({ apiKey: 'k', baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, maxRetries: 0 });
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

/** Removes the fields the SDK's parsing helper adds, to compare with what was sent. */
function withoutSdkFields(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, v) => (key === 'parsed' || key === 'parsed_arguments' || key === 'output_parsed' ? undefined : v)));
}

describe('official SDK stream helper', () => {
  test.each([...EVERY_ITEM_KIND.map((item) => [String(item.id), [item]] as const), ['all kinds at once', EVERY_ITEM_KIND] as const])(
    '%s',
    async (_label, items) => {
      const record = recordWithItems([...items], { tools: [{ type: 'image_generation', partial_images: 2 }] });
      events = plannedEvents(record, { obfuscation: true, chunkTokens: 3 }).events;
      const stream = client.responses.stream({ model: 'gpt-4o', input: 'x' });
      const seen: string[] = [];
      stream.on('event', (e) => seen.push(e.type));
      const final = await stream.finalResponse();
      expect(seen).toEqual(events.map((e) => e.type));
      const expected = renderResponse(record);
      expect(withoutSdkFields(final.output)).toEqual(expected.output);
      expect(final.id).toBe(expected.id);
      expect(final.status).toBe('completed');
    },
  );

  test('the SDK re-emits text deltas with the accumulated snapshot', async () => {
    const record = recordWithItems([EVERY_ITEM_KIND[4]]);
    events = plannedEvents(record, { obfuscation: true, chunkTokens: 2 }).events;
    const snapshots: string[] = [];
    const stream = client.responses.stream({ model: 'gpt-4o', input: 'x' });
    stream.on('response.output_text.delta', (e) => snapshots.push(e.snapshot));
    const final = await stream.finalResponse();
    expect(snapshots[snapshots.length - 1]).toBe(final.output_text);
  });
});
