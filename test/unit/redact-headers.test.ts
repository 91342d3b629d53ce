/**
 * Header redaction for the journal: a request's header object kept as it is only when a copy would
 * hold the same strings; a reply's headers read one by one give what its whole copy would.
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { journaledHeaders, redactedHeaderStrings, redactedReplyHeaders, REDACTED } from '../../src/redact';

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
