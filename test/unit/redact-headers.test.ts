/**
 * Header redaction for the journal: a request's header object kept as it is only when a copy would
 * hold the same strings; a reply's headers read one by one give what its whole copy would, and so do
 * its headers kept as sent and redacted later (as the journal does when the entry is first read).
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { journaledHeaders, keptReplyHeaders, redactedHeaderStrings, redactedKeptHeaders, REDACTED } from '../../src/redact';
import { redactedReplyHeaders } from '../helpers/reply-headers';
import { WebReply } from '../../src/transport/web-reply';

describe('journaledHeaders', () => {
  test('plain string values and no secret name: the object itself', () => {
    const headers = { host: 'localhost:4010', 'content-type': 'application/json', 'x-ratelimit-remaining-tokens': '9' };
    expect(journaledHeaders(headers, [])).toBe(headers);
  });

  test('a secret name, one named by option (any case) or a list value: a redacted, flattened copy; the original untouched', () => {
    const headers = { host: 'h', authorization: 'Bearer sk-1', 'x-private': 'p', 'set-cookie': ['a=1', 'b=2'], 'x-joined': 'a, b' };
    const kept = journaledHeaders(headers, ['X-Private']);
    expect(kept).not.toBe(headers);
    expect(kept).toEqual({ host: 'h', authorization: REDACTED, 'x-private': REDACTED, 'set-cookie': REDACTED, 'x-joined': 'a, b' });
    expect(headers.authorization).toBe('Bearer sk-1');
    const listed = { host: 'h', 'x-list': ['a', 'b'] };
    expect(journaledHeaders(listed, [])).toEqual({ host: 'h', 'x-list': 'a, b' });
    expect(journaledHeaders({ host: 'h', 'x-private': 'p' }, ['x-private'])).toEqual({ host: 'h', 'x-private': REDACTED });
  });
});

describe('redactedReplyHeaders', () => {
  test('a reply’s headers read by name are what its getHeaders() copy gives, redacted the same, in the same order', () => {
    const res = new ServerResponse(new IncomingMessage(new Socket()));
    res.setHeader('x-request-id', 'req_1');
    res.setHeader('Content-Length', 73);
    res.setHeader('Set-Cookie', ['a=1', 'b=2']);
    res.setHeader('vary', ['Origin', 'Accept']);
    res.setHeader('x-private', 'p');
    res.setHeader('x-ratelimit-remaining-tokens', 9);
    const expected = redactedHeaderStrings(res.getHeaders(), ['X-Private']);
    const read = redactedReplyHeaders(res, ['X-Private']);
    expect(read).toEqual({ 'x-request-id': 'req_1', 'content-length': '73', 'set-cookie': REDACTED, vary: 'Origin, Accept', 'x-private': REDACTED, 'x-ratelimit-remaining-tokens': '9' });
    expect(read).toEqual(expected);
    expect(Object.keys(read)).toEqual(Object.keys(expected));
  });
});

describe('keptReplyHeaders, redacted later', () => {
  /** A reply with every kind of value: numbers, lists, names set in upper case, secret and listed names. */
  function fill(reply: { setHeader(name: string, value: string | number | readonly string[]): unknown }): void {
    reply.setHeader('x-request-id', 'req_1');
    reply.setHeader('Content-Length', 73);
    reply.setHeader('Set-Cookie', ['a=1', 'b=2']);
    reply.setHeader('vary', ['Origin', 'Accept']);
    reply.setHeader('X-Private', 'p');
    reply.setHeader('x-api-key', 'k');
    reply.setHeader('x-ratelimit-remaining-tokens', 9);
    reply.setHeader('42', 'numeric name');
  }

  test('Node’s reply, once sent: the same headers, values and order as read at once, whatever the redaction list', async () => {
    const res = new ServerResponse(new IncomingMessage(new Socket()));
    fill(res);
    // The headers go out (to no socket): from then on Node refuses any change to them.
    res.writeHead(200);
    const kept = keptReplyHeaders(res);
    for (const extra of [[], ['X-Private'], ['x-request-id', 'VARY']]) {
      const atOnce = redactedReplyHeaders(res, extra);
      const later = redactedKeptHeaders(kept, extra);
      expect(later).toEqual(atOnce);
      expect(Object.keys(later)).toEqual(Object.keys(atOnce));
    }
    expect(redactedKeptHeaders(kept, ['X-Private'])).toEqual({ '42': 'numeric name', 'x-request-id': 'req_1', 'content-length': '73', 'set-cookie': REDACTED, vary: 'Origin, Accept', 'x-private': REDACTED, 'x-api-key': REDACTED, 'x-ratelimit-remaining-tokens': '9' });
    expect(() => res.setHeader('x-late', '1')).toThrow();
    expect(() => res.removeHeader('x-request-id')).toThrow();
    expect(redactedKeptHeaders(kept, [])).toEqual(redactedReplyHeaders(res, []));
  });

  test('Node’s reply with no header set: none', () => {
    const res = new ServerResponse(new IncomingMessage(new Socket()));
    res.writeHead(204);
    expect(redactedKeptHeaders(keptReplyHeaders(res), [])).toEqual({});
  });

  test('another reply channel (which may still change its headers after the reply): a copy, as they were when kept', () => {
    const reply = new WebReply(false);
    fill(reply);
    reply.end('{}');
    const atOnce = redactedReplyHeaders(reply, ['X-Private']);
    const kept = keptReplyHeaders(reply);
    reply.setHeader('x-request-id', 'changed');
    reply.setHeader('x-late', 'late');
    expect(redactedKeptHeaders(kept, ['X-Private'])).toEqual(atOnce);
    expect(Object.keys(redactedKeptHeaders(kept, ['X-Private']))).toEqual(Object.keys(atOnce));
  });
});
