/**
 * NodeReply (src/transport/node-reply.ts) gathers a reply's headers and hands them to Node in one
 * `writeHead`. Whatever a reply does — headers set, set again in another spelling, a JSON end with
 * its length, an end without one, a stream — the bytes on the wire must be exactly those Node's own
 * `setHeader` path writes, `Date` aside; it refuses what Node refuses, when Node refuses it; and the
 * journal's list of the headers sent is the list written.
 */
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { NodeReply } from '../../src/transport/node-reply';
import { keptReplyHeaders, redactedKeptHeaders } from '../../src/redact';
import { redactedReplyHeaders } from '../helpers/reply-headers';

/** What a reply channel offers the scenarios: the members both Node's response and NodeReply have. */
interface Channel {
  statusCode: number;
  setHeader(name: string, value: string | number | readonly string[]): unknown;
  getHeader(name: string): unknown;
  getHeaderNames(): string[];
  flushHeaders(): void;
  write(chunk: string | Uint8Array): unknown;
  end(chunk?: string | Uint8Array): unknown;
}

const SCENARIOS: Record<string, (res: Channel) => void> = {
  'JSON with its length': (res) => {
    res.setHeader('x-request-id', 'req_1');
    res.setHeader('openai-version', '2020-10-01');
    res.setHeader('x-ratelimit-remaining-requests', 9999);
    res.statusCode = 201;
    res.setHeader('content-type', 'application/json');
    const bytes = Buffer.from('{"text":"Grüße 東京 🚀"}');
    res.setHeader('content-length', bytes.length);
    res.end(bytes);
  },
  'a name set again, in another spelling: its first place, the new spelling and value': (res) => {
    res.setHeader('x-first', 'a');
    res.setHeader('Vary', 'Origin');
    res.setHeader('x-last', 'z');
    res.setHeader('VARY', ['Origin', 'Accept']);
    res.setHeader('content-length', 2);
    res.end('{}');
  },
  'an end without a length: Node adds it, where it always has': (res) => {
    res.setHeader('Allow', 'GET, HEAD');
    res.setHeader('Content-Type', 'text/plain');
    res.end('GET, HEAD');
  },
  'an empty end': (res) => {
    res.statusCode = 202;
    res.setHeader('x-a', '1');
    res.end();
  },
  'no content (204)': (res) => {
    res.statusCode = 204;
    res.setHeader('access-control-max-age', '600');
    res.end();
  },
  'a stream: headers flushed, then chunks': (res) => {
    res.setHeader('content-type', 'text/event-stream; charset=utf-8');
    res.setHeader('cache-control', 'no-cache');
    res.flushHeaders();
    res.write('event: a\ndata: {}\n\n');
    res.write(Buffer.from('event: b\ndata: {}\n\n'));
    res.end();
  },
  'a first write without a flush': (res) => {
    res.setHeader('x-a', '1');
    res.write('part one, ');
    res.end('part two');
  },
};

/** Runs `which` of a scenario on each request (`/node/<name>` on Node's response, `/reply/<name>` on a NodeReply). */
let server: http.Server;
let port: number;
const replies: NodeReply[] = [];
beforeAll(async () => {
  server = http.createServer((req, res) => {
    const [, kind, name] = decodeURIComponent(req.url!).split('/');
    if (kind === 'reply') {
      const reply = new NodeReply(res);
      replies.push(reply);
      SCENARIOS[name](reply);
    } else SCENARIOS[name](res as unknown as Channel);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** The raw reply to `GET path` (HEAD with `method`), `Date` masked. */
function raw(path: string, method = 'GET'): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
    socket.on('end', () => resolve(text.replace(/^Date: .*$/m, 'Date: (masked)')));
    socket.on('error', reject);
    socket.end(`${method} ${encodeURI(path)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
  });
}

describe('the wire, against Node’s own setHeader path', () => {
  for (const name of Object.keys(SCENARIOS)) {
    test(name, async () => {
      const expected = await raw(`/node/${name}`);
      expect(await raw(`/reply/${name}`)).toBe(expected);
      expect(await raw(`/reply/${name}`, 'HEAD')).toBe(await raw(`/node/${name}`, 'HEAD'));
    });
  }

  test('the headers go out in the order first set (a fixed expectation, not only a comparison)', async () => {
    const text = await raw('/reply/a name set again, in another spelling: its first place, the new spelling and value');
    const lines = text.split('\r\n\r\n')[0].split('\r\n');
    expect(lines.slice(0, 5)).toEqual(['HTTP/1.1 200 OK', 'x-first: a', 'VARY: Origin', 'VARY: Accept', 'x-last: z']);
  });
});

describe('reading and refusing as Node does', () => {
  const fresh = (): { reply: NodeReply; res: http.ServerResponse } => {
    const res = new http.ServerResponse(new http.IncomingMessage(new net.Socket()));
    return { reply: new NodeReply(res), res };
  };

  test('getHeader, getHeaderNames and getHeaders see what was set, by any spelling', () => {
    const { reply } = fresh();
    reply.setHeader('X-Request-Id', 'req_1');
    reply.setHeader('content-length', 12);
    reply.setHeader('Set-Cookie', ['a=1', 'b=2']);
    expect(reply.getHeader('x-request-id')).toBe('req_1');
    expect(reply.getHeader('CONTENT-LENGTH')).toBe(12);
    expect(reply.getHeader('absent')).toBeUndefined();
    expect(reply.getHeaderNames()).toEqual(['x-request-id', 'content-length', 'set-cookie']);
    expect(reply.getHeaders()).toEqual({ 'x-request-id': 'req_1', 'content-length': 12, 'set-cookie': ['a=1', 'b=2'] });
    expect(reply.headerList()).toBeNull();
  });

  test('a bad name or value is refused at once, with Node’s error', () => {
    const { reply, res } = fresh();
    for (const [name, value] of [
      ['bad name', 'v'],
      ['x-ok', 'line\r\nbreak'],
      ['x-ok', undefined],
      ['', 'v'],
    ] as [string, string][]) {
      let nodeError: unknown;
      try {
        res.setHeader(name, value);
      } catch (err) {
        nodeError = err;
      }
      // (Node's errors come from another realm than Jest's: compared by code, not class.)
      expect(nodeError).toEqual(expect.objectContaining({ code: expect.stringMatching(/^ERR_/) }));
      expect(() => reply.setHeader(name, value)).toThrow(expect.objectContaining({ code: (nodeError as { code: string }).code }));
    }
    expect(reply.getHeaderNames()).toEqual([]);
  });

  test('once the reply has started, a header is refused (ERR_HTTP_HEADERS_SENT) and the list sent stays as it was', () => {
    const { reply } = fresh();
    reply.setHeader('x-request-id', 'req_1');
    reply.setHeader('content-length', 2);
    reply.end('{}');
    const sent = reply.headerList();
    expect(sent).toEqual(['x-request-id', 'req_1', 'content-length', 2]);
    expect(() => reply.setHeader('x-late', '1')).toThrow(expect.objectContaining({ code: 'ERR_HTTP_HEADERS_SENT' }));
    expect(reply.headerList()).toBe(sent);
    expect(reply.headerList()).toEqual(['x-request-id', 'req_1', 'content-length', 2]);
  });
});

describe('what the journal keeps of a NodeReply', () => {
  test('the very list sent, redacted when read exactly as headers read one by one would be', async () => {
    replies.length = 0;
    await raw('/reply/a name set again, in another spelling: its first place, the new spelling and value');
    const [reply] = replies;
    const kept = keptReplyHeaders(reply);
    expect(kept).toBe(reply.headerList());
    for (const extra of [[], ['vary'], ['X-LAST']]) {
      const shown = redactedKeptHeaders(kept, extra);
      expect(shown).toEqual(redactedReplyHeaders({ getHeaderNames: () => reply.getHeaderNames(), getHeader: (n) => reply.getHeader(n) }, extra));
      expect(Object.keys(shown)).toEqual(['x-first', 'vary', 'x-last', 'content-length']);
    }
    expect(redactedKeptHeaders(kept, ['vary'])).toEqual({ 'x-first': 'a', vary: '[REDACTED]', 'x-last': 'z', 'content-length': '2' });
  });
});
