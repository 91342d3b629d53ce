/**
 * The body of an HTTP request read in its two ways (src/transport/request-body.ts): while it is still
 * arriving (raw-body reads the stream), and after it has arrived whole (a request that waited in the
 * arrival queue: the text is taken from the stream's buffer). Both must give the same text or the
 * same error, and leave the connection as usable.
 */
import { Agent, createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import getRawBody from 'raw-body';
import type { ApiError } from '../../src/errors';
import { readBodyText, utf8Text } from '../../src/transport/request-body';

type Outcome = { text: string } | { error: { status: number; code: string | null; message: string } };
type When = 'streaming' | 'arrived';

const LIMIT = 1024;

let server: Server;
let port: number;
/** How each request was read: streamed (raw-body made it flow) or not (taken from its buffer, or not read at all). */
const readers: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const when = req.headers['x-read'] as When;
    const read = (): void =>
      readBodyText(req, req.headers, LIMIT, (error, text) => {
        readers.push(req.readableFlowing === null ? 'buffer' : 'stream');
        const failure = error as ApiError | null;
        const outcome: Outcome = failure ? { error: { status: failure.status, code: failure.code, message: failure.message } } : { text: text! };
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(outcome));
      });
    if (when === 'streaming') return read();
    // As in the arrival queue: read on a later turn, once the whole request is in.
    const waitWhole = (): void => void (req.complete ? read() : setImmediate(waitWhole));
    setImmediate(waitWhole);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  readers.length = 0;
});

/** Sends `chunks` (one write each) with `headers`; the outcome the server answered. */
function send(when: When, chunks: Buffer[], headers: Record<string, string | number> = {}, agent?: Agent): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ port, host: '127.0.0.1', method: 'POST', path: '/', agent, headers: { 'content-type': 'application/json', 'x-read': when, ...headers } }, (res: IncomingMessage) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(parts).toString('utf8')) as Outcome));
    });
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

/** The outcome read both ways, which must agree; the buffer way must have been taken when `fromBuffer`. */
async function bothWays(chunks: Buffer[], headers: Record<string, string | number> = {}, fromBuffer = true): Promise<Outcome> {
  readers.length = 0;
  const streaming = await send('streaming', chunks, headers);
  const arrived = await send('arrived', chunks, headers);
  expect(arrived).toEqual(streaming);
  expect(readers).toEqual(['stream', fromBuffer ? 'buffer' : 'stream']);
  return arrived;
}

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');
const length = (chunks: Buffer[]) => ({ 'content-length': chunks.reduce((n, c) => n + c.length, 0) });

describe('a request body read as it arrives and after it has arrived whole', () => {
  test('a JSON body (one write, Content-Length) gives the same text', async () => {
    const body = [utf8('{"model":"gpt-4o","input":"¿Cómo funcionan las mareas? 🌊"}')];
    expect(await bothWays(body, length(body))).toEqual({ text: '{"model":"gpt-4o","input":"¿Cómo funcionan las mareas? 🌊"}' });
  });

  test('a chunked body in several writes, a character split between them, gives the same text', async () => {
    const bytes = utf8('{"input":"🌊🌊"}');
    expect(await bothWays([bytes.subarray(0, 12), bytes.subarray(12)])).toEqual({ text: '{"input":"🌊🌊"}' });
  });

  test('one leading byte-order mark is dropped as raw-body drops it (a second one stays)', async () => {
    expect(await bothWays([utf8('\ufeff{}')])).toEqual({ text: '{}' });
    expect(await bothWays([utf8('\ufeff\ufeff{}')])).toEqual({ text: '\ufeff{}' });
  });

  test('bytes that are not UTF-8 become the same replacement characters', async () => {
    const body = [Buffer.from([0x7b, 0xe2, 0x82, 0x41, 0xff, 0xc3, 0x7d, 0xf0, 0x9f, 0x98])];
    const outcome = await bothWays(body, length(body));
    expect(outcome).toEqual({ text: '{\ufffdA\ufffd\ufffd}\ufffd' });
  });

  test('an empty chunked body is empty text', async () => {
    expect(await bothWays([], { 'transfer-encoding': 'chunked' })).toEqual({ text: '' });
  });

  test('a body of exactly the limit is read; one byte more is the 413, read by raw-body', async () => {
    const exact = [utf8(`"${'x'.repeat(LIMIT - 2)}"`)];
    expect(await bothWays(exact, length(exact))).toEqual({ text: `"${'x'.repeat(LIMIT - 2)}"` });
    const over = [utf8(`"${'x'.repeat(LIMIT - 1)}"`)];
    const outcome = await bothWays(over, length(over), false);
    expect(outcome).toEqual({ error: expect.objectContaining({ status: 413, code: 'request_too_large' }) });
    // Chunked (no Content-Length to refuse it early), over the limit.
    expect(await bothWays([over[0]!.subarray(0, 100), over[0]!.subarray(100)], {}, false)).toEqual(outcome);
  });

  test('a gzip body, a Latin-1 charset and a bad gzip body take raw-body either way, with the same answers', async () => {
    const gz = [gzipSync(utf8('{"a":1}'))];
    expect(await bothWays(gz, { 'content-encoding': 'gzip' }, false)).toEqual({ text: '{"a":1}' });
    // Refused before any reading.
    readers.length = 0;
    const latin1 = { 'content-type': 'application/json; charset=latin1' };
    expect(await send('streaming', [utf8('{}')], latin1)).toEqual({ error: expect.objectContaining({ status: 415 }) });
    expect(await send('arrived', [utf8('{}')], latin1)).toEqual(await send('streaming', [utf8('{}')], latin1));
    const bad = await bothWays([Buffer.from('not gzip at all')], { 'content-encoding': 'gzip' }, false);
    expect(bad).toEqual({ error: expect.objectContaining({ status: 400 }) });
  });

  test('a body read from the buffer ends its request, and the kept-alive connection answers the next one', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    let ended = 0;
    const count = (_req: IncomingMessage) => void _req.on('end', () => ended++);
    server.on('request', count);
    try {
      for (let i = 0; i < 3; i++) expect(await send('arrived', [utf8(`{"n":${i}}`)], {}, agent)).toEqual({ text: `{"n":${i}}` });
    } finally {
      server.off('request', count);
      agent.destroy();
    }
    expect(readers).toEqual(['buffer', 'buffer', 'buffer']);
    expect(ended).toBe(3);
  });
});

describe('utf8Text decodes as raw-body decodes UTF-8', () => {
  /** A small seeded generator, so that a failure names bytes that can be replayed. */
  function* bytesCases(seed: number, count: number): Generator<{ bytes: Buffer; cuts: number[] }> {
    let s = seed >>> 0;
    const next = (n: number): number => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return (s >>> 8) % n;
    };
    // Bytes around UTF-8's boundaries: ASCII, continuation bytes, lead bytes of 2-4 byte sequences, invalid ones, a BOM's.
    const alphabet = [0x41, 0x7b, 0x80, 0x82, 0x98, 0xbf, 0xc0, 0xc3, 0xe2, 0xed, 0xef, 0xbb, 0xf0, 0xf4, 0xf5, 0xff, 0x9f, 0xa0];
    for (let i = 0; i < count; i++) {
      const random = Array.from({ length: 1 + next(24) }, () => alphabet[next(alphabet.length)]!);
      // A quarter of them start with a byte-order mark.
      const bytes = Buffer.from(next(4) === 0 ? [0xef, 0xbb, 0xbf, ...random] : random);
      const cuts = Array.from({ length: next(4) }, () => next(bytes.length)).sort((a, b) => a - b);
      yield { bytes, cuts };
    }
  }

  test('the same text as raw-body for bytes split into any chunks (replacement characters, byte-order marks)', async () => {
    for (const { bytes, cuts } of bytesCases(19, 2000)) {
      const chunks = [0, ...cuts].map((start, i, all) => bytes.subarray(start, all[i + 1] ?? bytes.length));
      const viaRawBody = await getRawBody(Readable.from(chunks), { encoding: 'utf-8' });
      expect({ bytes: [...bytes], cuts, text: utf8Text(bytes) }).toEqual({ bytes: [...bytes], cuts, text: viaRawBody });
    }
  });
});
