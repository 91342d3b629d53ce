/**
 * A JSON reply leaves as bytes (src/pipeline/reply.ts): its `content-length` is the UTF-8 length of
 * the text, not its JavaScript length, whatever the characters; the bytes decode to the very text
 * the journal keeps; and a keep-alive connection carries the next exchange intact after it.
 */
import http from 'node:http';
import { startEmulator, type RunningEmulator } from '../../src/index';

/** Two-byte, three-byte and four-byte (surrogate pair) UTF-8, a quote and a backslash to escape, and plain ASCII. */
const TEXT = 'Grüße — 東京 🚀 "quoted" \\ back, then plain ASCII.';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: 'json-reply-bytes', logLevel: 'silent' });
  emulator.addFixtures([
    { name: 'wide', match: { input: 'wide characters please' }, reply: { text: TEXT } },
    { name: 'ascii', match: { input: 'ascii please' }, reply: { text: 'Plain.' } },
  ]);
});
afterAll(() => emulator.close());

/** POSTs each body in turn over one keep-alive socket; each reply's status, headers and raw bytes. */
async function postAll(bodies: string[]): Promise<{ status: number; headers: http.IncomingHttpHeaders; bytes: Buffer }[]> {
  const { port } = new URL(emulator.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const sockets = new Set<unknown>();
  const out: { status: number; headers: http.IncomingHttpHeaders; bytes: Buffer }[] = [];
  try {
    for (const body of bodies) {
      out.push(
        await new Promise((resolve, reject) => {
          const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/v1/responses', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
            sockets.add(res.socket);
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, bytes: Buffer.concat(chunks) }));
          });
          req.on('error', reject);
          req.end(body);
        }),
      );
    }
  } finally {
    agent.destroy();
  }
  expect(sockets.size).toBe(1);
  return out;
}

test('content-length counts UTF-8 bytes; the bytes are the journaled text; the connection goes on', async () => {
  const replies = await postAll([
    JSON.stringify({ model: 'gpt-4o', input: 'wide characters please' }),
    JSON.stringify({ model: 'gpt-4o', input: 'ascii please' }),
    JSON.stringify({ model: 'gpt-4o', input: 'wide characters please' }),
  ]);
  for (const reply of replies) {
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/json');
    expect(Number(reply.headers['content-length'])).toBe(reply.bytes.length);
  }
  const wide = replies[0];
  const text = wide.bytes.toString('utf8');
  // More bytes than characters: the length was not taken from the string.
  expect(wide.bytes.length).toBeGreaterThan(text.length);
  expect(JSON.parse(text).output[0].content[0].text).toBe(TEXT);
  expect(JSON.parse(replies[1].bytes.toString('utf8')).output[0].content[0].text).toBe('Plain.');
  // What the journal shows is what went over the wire.
  const journaled = emulator.requests().find((e) => e.responseId === JSON.parse(text).id)!;
  expect(journaled.response!.body).toEqual(JSON.parse(text));
});
